package dev.entitlements.sync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.TokenClaims;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.infra.test.TestAudit;
import dev.entitlements.infra.test.TestAudit.Expected;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #7: a sync request ({@code PATCH /entitlements}) and a webhook import leave audit_log rows
 * and audit.recorded.v1 events with who, tenant and the request id; the import's "who" is the
 * licensing system's service account. A refused call leaves none.
 */
@QuarkusTest
class AuditTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSyncRequestIsRecordedAndARefusedOneIsNot() {
        String tenant = "msp-" + UUID.randomUUID();
        String noAccount = TestAudit.requestId();
        patch(tenant, noAccount, "{}").then().statusCode(417);

        var line = PurchaseIngestionTests.record(tenant, "a1", "CLD-APSW-1Y", 5, null);
        TestKafka.publishRaw(Topics.LICENSING_PURCHASES, tenant, EventJson.write(line));
        await().atMost(WAIT)
                .until(() ->
                        TestDatabase.single("SELECT entitlement_id FROM licensing_account WHERE tenant_id = ?", tenant)
                                != null);
        LicensingSystemStub.answers.put("acc-" + tenant, "[" + EventJson.write(line) + "]");
        String partial = TestAudit.requestId();
        patch(tenant, partial, "{\"refreshType\": \"PARTIAL\"}").then().statusCode(400);

        String request = TestAudit.requestId();
        String syncId = patch(tenant, request, "{\"refreshType\": \"FULL\"}")
                .then()
                .statusCode(202)
                .extract()
                .path("requestId");
        AuditRecorded event = TestAudit.assertRecorded(
                        request,
                        new Expected("user@" + tenant, tenant, tenant, "sync.requested", "syncRequest", syncId))
                .get(0);
        assertEquals("FULL", event.details().get("refreshType"));

        assertEquals(List.of(), TestAudit.rows(noAccount));
        assertEquals(List.of(), TestAudit.rows(partial));
        assertEquals(1L, TestAudit.count(tenant));
    }

    @Test
    void aWebhookImportIsRecordedPerTenantByTheServiceAccount() {
        String a = "msp-" + UUID.randomUUID();
        String b = "msp-" + UUID.randomUUID();
        String request = TestAudit.requestId();
        webhook(
                        service(),
                        request,
                        "[" + EventJson.write(PurchaseIngestionTests.record(a, "w1", "CLD-APSW-1Y", 4, null)) + ","
                                + EventJson.write(PurchaseIngestionTests.record(a, "w2", "CLD-URLF-1Y", 2, null)) + ","
                                + EventJson.write(PurchaseIngestionTests.record(b, "w3", "CLD-APSW-1Y", 1, null)) + "]")
                .then()
                .statusCode(200)
                .extract();

        String sa = "user@licensing-system";
        boolean aFirst = ("acc-" + a).compareTo("acc-" + b) < 0;
        Expected forA = new Expected(sa, a, "licensing-system", "purchases.imported", "licensingAccount", "acc-" + a);
        Expected forB = new Expected(sa, b, "licensing-system", "purchases.imported", "licensingAccount", "acc-" + b);
        List<AuditRecorded> events = TestAudit.assertRecorded(request, aFirst ? forA : forB, aFirst ? forB : forA);
        AuditRecorded ofA = events.get(aFirst ? 0 : 1);
        assertEquals(List.of("w1", "w2"), ofA.details().get("externalIds"));
        assertEquals(2, ofA.details().get("purchased"));
        assertEquals(List.of(TokenClaims.Roles.LICENSING_SERVICE), ofA.roles());
    }

    @Test
    void aRefusedImportRecordsNothing() {
        String tenant = "msp-" + UUID.randomUUID();
        String good = EventJson.write(PurchaseIngestionTests.record(tenant, "r1", "CLD-APSW-1Y", 4, null));
        String unknownSku = EventJson.write(PurchaseIngestionTests.record(tenant, "r2", "WIDGET-9", 4, null));
        String unprocessable = TestAudit.requestId();
        webhook(service(), unprocessable, "[" + good + "," + unknownSku + "]")
                .then()
                .statusCode(422);
        String malformed = TestAudit.requestId();
        webhook(service(), malformed, "[{\"tenantId\": \"" + tenant + "\", \"colour\": \"red\"}]")
                .then()
                .statusCode(400);
        String wrongRole = TestAudit.requestId();
        webhook(TestTokens.mspAdmin(tenant), wrongRole, "[" + good + "]").then().statusCode(403);

        for (String r : List.of(unprocessable, malformed, wrongRole)) {
            assertEquals(List.of(), TestAudit.rows(r), r);
        }
        assertEquals(0L, TestAudit.count(tenant));
        assertEquals(0L, TestDatabase.single("SELECT count(*) FROM purchase WHERE tenant_id = ?", tenant));
    }

    private static io.restassured.response.Response patch(String tenant, String requestId, String body) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .header("x-request-id", requestId)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .patch("/entitlements");
    }

    private static io.restassured.response.Response webhook(String token, String requestId, String body) {
        return given().auth()
                .oauth2(token)
                .header("x-request-id", requestId)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/licensing/purchases");
    }

    private static String service() {
        return TestTokens.token("licensing-system", "REC", TokenClaims.Roles.LICENSING_SERVICE);
    }
}
