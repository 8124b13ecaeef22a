package dev.entitlements.infra.test;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's own metrics, read as Prometheus reads them: its {@code /q/metrics}. */
public final class TestMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");

    private TestMetrics() {}

    /**
     * The sum of the samples of {@code name} whose labels include {@code labels}, of the service under
     * test (a {@code @QuarkusTest}); 0 when there is none.
     */
    public static double value(String name, Map<String, String> labels) {
        return sum(
                given().when()
                        .get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString(),
                name,
                labels);
    }

    /** The sum of all samples of {@code name} of a packaged service listening on {@code port} (an {@code *IT}). */
    public static double value(int port, String name) {
        String text = given().baseUri("http://127.0.0.1")
                .port(port)
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return sum(text, name, Map.of());
    }

    private static double sum(String exposition, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : exposition.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    found.put(l.group(1), l.group(2));
                }
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }
}
