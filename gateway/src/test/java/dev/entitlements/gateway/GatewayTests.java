package dev.entitlements.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
}
