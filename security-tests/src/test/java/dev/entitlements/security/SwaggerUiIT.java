package dev.entitlements.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI at the gateway loads in a real browser (headless Chromium, Debian's {@code chromium}
 * package; {@code .ci/run} installs it) and lists every operation of the contract, current (E) and
 * deprecated (D), by its vendor operationId; the screenshot it takes is the one in
 * {@code docs/images/swagger-ui.png} ({@code target/swagger-ui.png}: copy it there when the page
 * changes). The page needs nothing but the gateway: no CDN, the machine may be offline.
 */
class SwaggerUiIT {

    private static final Pattern OPERATION_ID = Pattern.compile("class=\"opblock-summary-operation-id\"[^>]*>([^<]+)<");
    private static final Pattern PATH = Pattern.compile("data-path=\"([^\"]+)\"");

    private static String page;

    @BeforeAll
    static void platform() {
        page = PlatformStack.shared().gatewayUrl() + "/q/swagger-ui/";
    }

    @Test
    void swaggerUiListsEveryOperationOfTheContract() throws Exception {
        String dom = chromium("--dump-dom", page);
        Matcher m = OPERATION_ID.matcher(dom);
        TreeSet<String> shown = new TreeSet<>();
        while (m.find()) {
            shown.add(m.group(1).strip());
        }
        assertEquals(new TreeSet<>(OpenApiSnapshotTests.OPERATION_IDS.values()), shown, "operation ids in the page");
        Matcher p = PATH.matcher(dom);
        TreeSet<String> paths = new TreeSet<>();
        while (p.find()) {
            paths.add(p.group(1).replace("&#8203;", "").replace("\u200b", ""));
        }
        assertTrue(
                paths.containsAll(List.of(
                        "/entitlements/query",
                        "/tenants/self/entitlements/assignments/{id}",
                        "/assignments",
                        "/mspEntitlements/summaries")),
                paths.toString());
        assertTrue(dom.contains("Authorize"), "no Authorize button: the bearer scheme is missing");
    }

    @Test
    void aScreenshotOfThePage() throws Exception {
        Path shot = Path.of("target/swagger-ui.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium("--screenshot=" + shot, "--window-size=1280,1800", "--hide-scrollbars", page);
        assertTrue(Files.size(shot) > 20_000, "an empty screenshot: " + Files.size(shot) + " bytes");
    }

    /** Runs headless Chromium on a throwaway profile; its standard output. */
    private static String chromium(String... args) throws IOException, InterruptedException {
        String binary = binary().orElseThrow(() -> new IllegalStateException(
                "no chromium on this machine: apt-get install -y chromium (as .ci/run does)"));
        Path profile = Files.createTempDirectory("chromium-profile");
        Path out = Files.createTempFile("chromium", ".out");
        List<String> command = new ArrayList<>(List.of(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=15000"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 120 s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return output;
    }

    private static Optional<String> binary() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }
}
