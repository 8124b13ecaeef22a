package dev.entitlements.sync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.rest.DeprecationHeaders;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.Topics;
import dev.entitlements.infra.test.TestAudit;
import dev.entitlements.infra.test.TestAudit.Expected;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The refresh half of the deprecated summaries (spec D2 {@code GET /entitlements/summaries?refresh=true},
 * D5 {@code GET /mspEntitlements/summaries?refresh=true}): the same refresh as {@code PATCH /entitlements}
 * (E8), the same 202, and the deprecation headers.
 */
@QuarkusTest
class LegacyRefreshTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void refreshTrueStartsTheRefreshOfPatchEntitlementsAndAnswersItsTrackingLink() {
        for (String path : new String[] {"/entitlements/summaries", "/mspEntitlements/summaries"}) {
            String tenant = tenantWithAnAccount();
            String request = TestAudit.requestId();
            ExtractableResponse<Response> accepted = given().auth()
                    .oauth2(TestTokens.mspAdmin(tenant))
                    .header("x-request-id", request)
                    .accept("*/*")
                    .contentType("application/json")
                    .when()
                    .get(path + "?refresh=true")
                    .then()
                    .statusCode(202)
                    .header("Deprecation", equalTo("@1767225600"))
                    .header(
                            "Sunset",
                            equalTo(DeprecationHeaders.sunset().orElse("(none: the configured sunset has come)")))
                    .header("Link", equalTo("</entitlements>; rel=\"successor-version\""))
                    .body("desc", equalTo("full refresh from the licensing system"))
                    .extract();
            String requestId = accepted.path("requestId");
            // the AcceptedDto of E8: the link in the body and in Location, to the request's status
            assertEquals(
                    "/entitlements/syncRequests/" + requestId,
                    java.net.URI.create(accepted.header("Location")).getPath(),
                    path);
            assertEquals(accepted.header("Location"), accepted.path("link"), path);
            await().atMost(WAIT)
                    .untilAsserted(() -> given().auth()
                            .oauth2(TestTokens.readOnly(tenant))
                            .when()
                            .get("/entitlements/syncRequests/" + requestId)
                            .then()
                            .statusCode(200)
                            .body("state", equalTo("SUCCEEDED")));
            // audited like E8: the refresh is a write of the caller's account
            TestAudit.assertRecorded(
                    request,
                    new Expected("user@" + tenant, tenant, tenant, "sync.requested", "syncRequest", requestId));
            // behind the gateway or an ingress the link names the host the caller used (as PATCH's does)
            given().auth()
                    .oauth2(TestTokens.mspAdmin(tenant))
                    .header("X-Forwarded-Host", "api.example.com")
                    .header("X-Forwarded-Proto", "https")
                    .when()
                    .get(path + "?refresh=true")
                    .then()
                    .statusCode(202)
                    .header("Location", startsWith("https://api.example.com/entitlements/syncRequests/"));
        }
    }

    @Test
    void aRefreshIsAnAdminsAndActsOnlyForTheCallersOwnAccount() {
        String tenant = tenantWithAnAccount();
        for (String path :
                new String[] {"/entitlements/summaries?refresh=true", "/mspEntitlements/summaries?refresh=true"}) {
            given().auth()
                    .oauth2(TestTokens.readOnly(tenant))
                    .when()
                    .get(path)
                    .then()
                    .statusCode(403)
                    .body("errors[0].code", equalTo("ENTITLEMENT-10011"));
            // a delegated x-rks-tenantid: refused as by PATCH /entitlements, never a refresh of another account
            given().auth()
                    .oauth2(TestTokens.mspAdmin(tenant))
                    .header("x-rks-tenantid", "ec-" + UUID.randomUUID())
                    .when()
                    .get(path)
                    .then()
                    .statusCode(403)
                    .body("errors[0].code", equalTo("ENTITLEMENT-10011"));
            given().when().get(path).then().statusCode(401);
            // a tenant the licensing system does not know: 417, as PATCH answers
            given().auth()
                    .oauth2(TestTokens.mspAdmin("msp-" + UUID.randomUUID()))
                    .when()
                    .get(path)
                    .then()
                    .statusCode(417)
                    .body("errors[0].code", equalTo("ENTITLEMENT-10102"));
        }
        // Python's requests spells it True
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .when()
                .get("/mspEntitlements/summaries?refresh=True")
                .then()
                .statusCode(202);
        // only refresh=true is this service's (the gateway routes the reads to the entitlement service)
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .when()
                .get("/entitlements/summaries")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .when()
                .get("/mspEntitlements/summaries?refresh=false")
                .then()
                .statusCode(400);
    }

    /** A tenant with a licensing account (from a purchase record), whose refresh finds nothing new. */
    /**
     * A caller that asks while the tenant's refresh is just ending joins it or starts the next one,
     * never a 500: the refresh it collided with may end between its insert and its read (the role
     * matrix, asking back to back, met it in CI).
     */
    @Test
    void refreshesAskedBackToBackWhileEarlierOnesEndAreEachAccepted() throws Exception {
        String tenant = tenantWithAnAccount();
        String token = TestTokens.mspAdmin(tenant);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                answers.add(callers.submit(() -> given().auth()
                        .oauth2(token)
                        .when()
                        .get("/entitlements/summaries?refresh=true")
                        .then()
                        .extract()
                        .statusCode()));
            }
            java.util.Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
            for (var answer : answers) {
                byStatus.merge(answer.get(), 1, Integer::sum);
            }
            assertEquals(java.util.Map.of(202, 400), byStatus);
        } finally {
            callers.shutdownNow();
        }
    }

    private static String tenantWithAnAccount() {
        String tenant = "msp-" + UUID.randomUUID();
        TestKafka.publishRaw(
                Topics.LICENSING_PURCHASES,
                tenant,
                EventJson.write(PurchaseIngestionTests.record(tenant, "p1", "CLD-APSW-1Y", 5, null)));
        await().atMost(WAIT)
                .until(() ->
                        TestDatabase.single("SELECT entitlement_id FROM licensing_account WHERE tenant_id = ?", tenant)
                                != null);
        LicensingSystemStub.answers.put(
                "acc-" + tenant,
                "[" + EventJson.write(PurchaseIngestionTests.record(tenant, "p1", "CLD-APSW-1Y", 5, null)) + "]");
        return tenant;
    }
}
