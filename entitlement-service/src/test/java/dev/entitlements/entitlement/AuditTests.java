package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.infra.test.TestAudit;
import dev.entitlements.infra.test.TestAudit.Expected;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #7: a settings change leaves one audit_log row and one audit.recorded.v1 event per feature
 * it changed, with who, tenant, actor tenant and the request id; a refused change leaves none and
 * changes nothing.
 */
@QuarkusTest
class AuditTests {

    @Test
    void eachFeatureChangedIsRecordedWithWhoAndTheRequestId() {
        String tenant = "msp-" + UUID.randomUUID();
        String request = TestAudit.requestId();
        as(tenant, request)
                .body("[{\"featureType\": \"SLTN_ADAPT_POLICY\", \"enabled\": true},"
                        + " {\"featureType\": \"sltn_pi_net\", \"maxQuantity\": 7, \"capped\": true}]")
                .patch("/entitlements/settings")
                .then()
                .statusCode(200);

        List<AuditRecorded> events = TestAudit.assertRecorded(
                request,
                new Expected("user@" + tenant, tenant, tenant, "settings.updated", "usageSetting", "SLTN_ADAPT_POLICY"),
                new Expected("user@" + tenant, tenant, tenant, "settings.updated", "usageSetting", "SLTN_PI_NET"));
        assertEquals(Map.of("enabled", true), events.get(0).details());
        assertEquals(Map.of("maxQuantity", 7, "capped", true), events.get(1).details());
    }

    @Test
    void anMspActingForItsCustomerIsRecordedForTheCustomerWithTheMspAsActor() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = TestTenants.customerOf(msp);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestDatabase.single("SELECT tenant_id FROM tenant_directory WHERE tenant_id = ?", customer)
                        != null);
        String request = TestAudit.requestId();
        as(msp, request)
                .header(CallerContext.TENANT_HEADER, customer)
                .body("[{\"featureType\": \"SLTN_PMS_INT\", \"maxQuantity\": 3}]")
                .patch("/entitlements/settings")
                .then()
                .statusCode(200);

        TestAudit.assertRecorded(
                request,
                new Expected("user@" + msp, customer, msp, "settings.updated", "usageSetting", "SLTN_PMS_INT"));
        assertEquals(0L, TestAudit.count(msp), "the MSP's own settings did not change");
    }

    @Test
    void aRefusedChangeRecordsNothingAndChangesNothing() {
        String tenant = "msp-" + UUID.randomUUID();
        String unknown = TestAudit.requestId();
        // the first feature is fine, the second does not exist: all or nothing
        as(tenant, unknown)
                .body(
                        "[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": 9}, {\"featureType\": \"SLTN_NOPE\", \"enabled\": true}]")
                .patch("/entitlements/settings")
                .then()
                .statusCode(400);
        String negative = TestAudit.requestId();
        as(tenant, negative)
                .body("[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": -1}]")
                .patch("/entitlements/settings")
                .then()
                .statusCode(422);
        String readOnly = TestAudit.requestId();
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .header("x-request-id", readOnly)
                .contentType(ContentType.JSON)
                .body("[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": 9}]")
                .patch("/entitlements/settings")
                .then()
                .statusCode(403);

        for (String r : List.of(unknown, negative, readOnly)) {
            assertEquals(List.of(), TestAudit.rows(r), r);
        }
        assertEquals(0L, TestAudit.count(tenant));
        assertEquals(0L, TestDatabase.single("SELECT count(*) FROM usage_setting WHERE tenant_id = ?", tenant));
    }

    private static RequestSpecification as(String tenant, String requestId) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .header("x-request-id", requestId)
                .contentType(ContentType.JSON);
    }
}
