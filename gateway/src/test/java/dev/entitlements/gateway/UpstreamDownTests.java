package dev.entitlements.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every service is down (nothing listens on its port): the gateway answers 503 with the error body at once. */
@QuarkusTest
@QuarkusTestResource(value = UpstreamDownTests.ClosedPorts.class, restrictToAnnotatedClass = true)
class UpstreamDownTests {

    /** REST Assured waits forever by default: a hang must fail the test, not stall the build. */
    static final RestAssuredConfig BOUNDED = RestAssured.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 15_000)
                    .setParam("http.socket.timeout", 15_000));

    @Test
    void aServiceThatIsDownIsA503WithRetryAfterAndTheErrorBody() {
        for (String path : new String[] {"/entitlements/settings", "/tenants/self/entitlements/assignments/query"}) {
            long started = System.nanoTime();
            var answer = path.endsWith("query")
                    ? given().config(BOUNDED)
                            .contentType("application/json")
                            .body("{}")
                            .when()
                            .post(path)
                    : given().config(BOUNDED).when().get(path);
            answer.then()
                    .statusCode(503)
                    .contentType("application/json")
                    .header("Retry-After", "5")
                    .body("requestId", notNullValue())
                    .body("errors[0].code", equalTo("ENTITLEMENT-10017"))
                    .body("message", equalTo("The service is temporarily unavailable"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, path + " answered after " + took);
        }
    }

    /** The four services at ports nothing listens on (each was free a moment ago, and is closed again). */
    public static class ClosedPorts implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>();
            for (String service : new String[] {"entitlement", "assignment", "sync", "reporting"}) {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    config.put("gateway.services." + service, "http://127.0.0.1:" + s.getLocalPort());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return config;
        }

        @Override
        public void stop() {}
    }
}
