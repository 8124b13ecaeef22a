package dev.entitlements.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = BackendStub.class, restrictToAnnotatedClass = true)
class GatewayTests {

    @Test
    void requestsReachTheOwningServiceWithMethodPathHeadersAndBody() {
        given().header("Authorization", "Bearer abc")
                .header("x-request-id", "r-1")
                .contentType("application/json")
                .body("{\"page\":1}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(200)
                .body("service", equalTo("entitlement"))
                .body("method", equalTo("POST"))
                .body("path", equalTo("/entitlements/query"))
                .body("requestId", equalTo("r-1"))
                .body("authorization", equalTo("Bearer abc"))
                .body("body", equalTo(10));
        given().when()
                .delete("/tenants/self/entitlements/assignments/7")
                .then()
                .statusCode(200)
                .body("service", equalTo("assignment"));
        given().when()
                .get("/entitlements/licenseUsageReports?month=01&year=2024")
                .then()
                .statusCode(200)
                .body("service", equalTo("reporting"));
        given().when().patch("/entitlements").then().statusCode(200).body("service", equalTo("sync"));
    }

    @Test
    void aQueryPredicateSendsRefreshToTheSyncServiceWithItsQueryUnchanged() {
        for (String path : new String[] {"/entitlements/summaries", "/mspEntitlements/summaries"}) {
            given().when()
                    .get(path + "?refresh=true")
                    .then()
                    .statusCode(200)
                    .body("service", equalTo("sync"))
                    .body("path", equalTo(path));
            // encoded, the value is still "true"; a repeated parameter: the first value, which the service reads,
            // decides
            given().urlEncodingEnabled(false)
                    .when()
                    .get(path + "?type=WIFI&refresh=%74rue")
                    .then()
                    .statusCode(200)
                    .body("service", equalTo("sync"));
            given().when()
                    .get(path + "?refresh=false&refresh=true")
                    .then()
                    .statusCode(200)
                    .body("service", equalTo("entitlement"));
            given().when().get(path + "?refresh=false").then().statusCode(200).body("service", equalTo("entitlement"));
            given().when().get(path).then().statusCode(200).body("service", equalTo("entitlement"));
        }
        given().when().delete("/assignments").then().statusCode(200).body("service", equalTo("assignment"));
        given().when().get("/assignments/summaries").then().statusCode(200).body("service", equalTo("reporting"));
    }

    @Test
    void theGatewayGivesARequestIdWhenTheCallerSentNone() {
        given().when()
                .get("/entitlements/settings")
                .then()
                .statusCode(200)
                .body("requestId", notNullValue())
                .body("requestId", org.hamcrest.Matchers.not("null"));
    }

    @Test
    void theServiceLearnsTheHostTheCallerUsedUnlessAnOuterProxySaidSo() {
        given().header("Host", "api.example.com")
                .when()
                .patch("/entitlements")
                .then()
                .statusCode(200)
                .body("forwardedHost", equalTo("api.example.com"))
                .body("forwardedProto", equalTo("http"));
        given().header("X-Forwarded-Host", "edge.example.com")
                .header("X-Forwarded-Proto", "https")
                .when()
                .patch("/entitlements")
                .then()
                .statusCode(200)
                .body("forwardedHost", equalTo("edge.example.com"))
                .body("forwardedProto", equalTo("https"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedAtTheEdgeWithTheErrorBody() {
        given().contentType("application/json")
                .body("[\"" + "x".repeat(1024 * 1024) + "\"]")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(413)
                .body("errors[0].code", equalTo("ENTITLEMENT-10015"));
        // at the limit it passes
        given().contentType("application/json")
                .body("x".repeat(1024 * 1024))
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(200)
                .body("body", equalTo(1024 * 1024));
    }

    @TestHTTPResource("/entitlements/query")
    URI query;

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAtTheEdgeWithTheErrorBodyAndOneWithinReachesTheServiceWhole()
            throws Exception {
        HttpResponse<String> over = postChunked(query, 1024 * 1024 + 1);
        assertEquals(413, over.statusCode(), over.body());
        assertTrue(over.body().contains("\"ENTITLEMENT-10015\""), over.body());
        assertTrue(over.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        // at the limit it passes, with its length declared to the service
        HttpResponse<String> within = postChunked(query, 1024 * 1024);
        assertEquals(200, within.statusCode(), within.body());
        assertTrue(within.body().contains("\"body\":1048576"), within.body());
        assertTrue(within.body().contains("\"contentLength\":\"1048576\""), within.body());
        // and an empty chunked body is an empty body
        HttpResponse<String> empty = postChunked(query, 0);
        assertEquals(200, empty.statusCode(), empty.body());
        assertTrue(empty.body().contains("\"body\":0"), empty.body());
    }

    @Test
    void http2RequestsAreProxiedToo() throws Exception {
        // Java's client upgrades a plain-text connection to HTTP/2 (h2c) on its first request
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        boolean sawHttp2 = false;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> get = client.send(
                    HttpRequest.newBuilder(query.resolve("/entitlements/settings"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, get.statusCode(), get.body());
            HttpResponse<String> post = client.send(
                    HttpRequest.newBuilder(query)
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode(), post.body());
            assertTrue(post.body().contains("\"body\":2"), post.body());
            sawHttp2 |= get.version() == HttpClient.Version.HTTP_2;
        }
        assertTrue(sawHttp2, "no request went over HTTP/2");
    }

    /** POSTs {@code size} bytes of JSON-ish text with no declared length: HTTP/1.1 chunked transfer. */
    static HttpResponse<String> postChunked(URI uri, int size) throws Exception {
        byte[] body = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aServiceThatNeverAnswersIsA504WithTheErrorBodyWithinTheResponseTimeout() {
        long started = System.nanoTime();
        given().config(UpstreamDownTests.BOUNDED)
                .header(BackendStub.HANG, "1")
                .header("x-request-id", "r-hang")
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(504)
                .contentType("application/json")
                .header("Retry-After", "5")
                .body("requestId", equalTo("r-hang"))
                .body("errors[0].code", equalTo("ENTITLEMENT-10019"))
                .body("message", equalTo("The service behind the gateway did not answer in time"));
        java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
        org.junit.jupiter.api.Assertions.assertTrue(
                took.compareTo(BackendStub.RESPONSE_TIMEOUT) >= 0
                        && took.compareTo(BackendStub.RESPONSE_TIMEOUT.plusSeconds(3)) < 0,
                "answered after " + took);
        // the gateway is not stuck behind it
        given().when().get("/entitlements/settings").then().statusCode(200).body("service", equalTo("entitlement"));
    }

    @Test
    void unknownPathsAndMethodsGetTheJsonErrorBody() {
        given().when()
                .get("/nowhere")
                .then()
                .statusCode(404)
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"))
                .body("requestId", notNullValue());
        given().when()
                .delete("/entitlements/query")
                .then()
                .statusCode(405)
                .body("errors[0].code", equalTo("ENTITLEMENT-10013"));
    }

    /**
     * Traffic: each request is counted under its line of routes.txt (the template, never the raw path),
     * its method and its status class; a path no line takes under {@code unmatched}; an unsafe request
     * id is replaced, as the services replace it.
     */
    @Test
    void requestsAreMeasuredByRouteOfTheTableNotByPath() {
        given().when()
                .delete("/tenants/self/entitlements/assignments/424242")
                .then()
                .statusCode(200);
        given().when().get("/nowhere-31337").then().statusCode(404);
        given().header("x-request-id", "bad id <script>")
                .when()
                .get("/entitlements/settings")
                .then()
                .statusCode(200)
                .body("requestId", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        org.junit.jupiter.api.Assertions.assertTrue(
                java.util.regex.Pattern.compile("gateway_requests_seconds_count\\{[^}]*method=\"DELETE\"[^}]*"
                                + "route=\"/tenants/self/entitlements/assignments/\\{id}\"[^}]*service=\"assignment\""
                                + "[^}]*status=\"2xx\"[^}]*} [1-9]")
                        .matcher(metrics)
                        .find(),
                "no DELETE of the assignment route in:\n" + metrics);
        org.junit.jupiter.api.Assertions.assertTrue(
                java.util.regex.Pattern.compile(
                                "gateway_requests_seconds_bucket\\{[^}]*route=\"unmatched\"[^}]*status=\"4xx\"")
                        .matcher(metrics)
                        .find(),
                "no unmatched 4xx in:\n" + metrics);
        for (String raw : new String[] {"424242", "31337", "http_server_requests"}) {
            org.junit.jupiter.api.Assertions.assertFalse(metrics.contains(raw), raw + " in the metrics");
        }
    }

    /** Java's HttpClient (HTTP/2 upgrade offered on a clear-text connection): a complete answer is not counted as aborted. */
    @Test
    void anAnswerToAJavaHttpClientIsCountedByItsStatus() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var answer = client.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/banners"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(200, answer.statusCode());
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        org.junit.jupiter.api.Assertions.assertTrue(
                java.util.regex.Pattern.compile(
                                "gateway_requests_seconds_count\\{[^}]*route=\"/banners\"[^}]*status=\"2xx\"")
                        .matcher(metrics)
                        .find(),
                metrics);
        org.junit.jupiter.api.Assertions.assertFalse(
                java.util.regex.Pattern.compile("route=\"/banners\"[^}]*status=\"aborted\"")
                        .matcher(metrics)
                        .find(),
                metrics);
    }
}
