package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.SELF;
import static dev.entitlements.assignment.AssignmentFixtures.TODAY;
import static dev.entitlements.assignment.AssignmentFixtures.WAIT;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.assignment.assignments.service.IdempotencyProtocol;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.infra.test.TestAudit;
import dev.entitlements.infra.test.TestAudit.Expected;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestMetrics;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #7: every assignment write (create, update, revoke; self and customer paths) leaves one
 * audit_log row and one audit.recorded.v1 event with who, tenant, what and the request id; a
 * refused write and an idempotent replay leave none.
 */
@QuarkusTest
class AuditTests {

    @Test
    void selfAssignmentWritesAreRecordedAndRefusedOnesAreNot() {
        String msp = mspWithPool();
        long revoked = createUpdateRevoke(msp, SELF, msp);

        // refused: 402 (the pools cannot cover it), 422 (dates out of order), 409 (revoked already), 404, 403
        String[] refused = {
            TestAudit.requestId(),
            TestAudit.requestId(),
            TestAudit.requestId(),
            TestAudit.requestId(),
            TestAudit.requestId()
        };
        Map<String, String> refusal = Map.of("operation", "create", "license_type", "APSW");
        double refusedBefore = TestMetrics.value("assignment_capacity_refusals_total", refusal);
        as(msp, refused[0]).body(body(0, 30, 101, "APSW")).post(SELF).then().statusCode(402);
        assertEquals(
                refusedBefore + 1,
                TestMetrics.value("assignment_capacity_refusals_total", refusal),
                "the 402 is counted");
        as(msp, refused[1]).body(body(5, 2, 1, "APSW")).post(SELF).then().statusCode(422);
        as(msp, refused[2]).delete(SELF + "/" + revoked).then().statusCode(409);
        as(msp, refused[3])
                .body(update(10))
                .patch(SELF + "/" + (revoked + 1_000_000))
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .header("x-request-id", refused[4])
                .contentType(ContentType.JSON)
                .body(body(0, 5, 1, "APSW"))
                .post(SELF)
                .then()
                .statusCode(403);
        for (String r : refused) {
            assertEquals(List.of(), TestAudit.rows(r), "a refused write records nothing (" + r + ")");
        }
        assertEquals(3L, TestAudit.count(msp));
    }

    @Test
    void customerAssignmentWritesAreRecordedForTheProvidingMsp() {
        String msp = mspWithPool();
        String customer = TestTenants.customerOf(msp);
        await().atMost(WAIT)
                .until(() -> TestDatabase.single("SELECT tenant_id FROM tenant_directory WHERE tenant_id = ?", customer)
                        != null);
        createUpdateRevoke(msp, "/tenants/" + customer + "/entitlements/assignments", customer);

        String stranger = TestAudit.requestId();
        as(msp, stranger)
                .body(body(0, 30, 1, "APSW"))
                .post("/tenants/nobody-" + UUID.randomUUID() + "/entitlements/assignments")
                .then()
                .statusCode(404);
        assertEquals(List.of(), TestAudit.rows(stranger));
        assertEquals(3L, TestAudit.count(msp));
    }

    /**
     * Creates, updates and revokes an assignment of the MSP's admin at {@code path}, checking the
     * entry of each (recorded for the MSP, which provides the licenses); the id revoked.
     */
    private static long createUpdateRevoke(String msp, String path, String recipient) {
        String user = "user@" + msp;
        String created = TestAudit.requestId();
        long id = ((Number) as(msp, created)
                        .body(body(0, 30, 60, "APSW"))
                        .post(path)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
        AuditRecorded create = TestAudit.assertRecorded(
                        created, new Expected(user, msp, msp, "assignment.created", "assignment", String.valueOf(id)))
                .get(0);
        assertEquals(60, create.details().get("quantity"));
        assertEquals(recipient, create.details().get("recipientTenantId"));
        assertEquals(List.of("PRIME_ADMIN"), create.roles());

        String updated = TestAudit.requestId();
        long newId = ((Number) as(msp, updated)
                        .body(update(50))
                        .patch(path + "/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("data.id"))
                .longValue();
        AuditRecorded update = TestAudit.assertRecorded(
                        updated, new Expected(user, msp, msp, "assignment.updated", "assignment", String.valueOf(id)))
                .get(0);
        assertEquals(newId, ((Number) update.details().get("newAssignmentId")).longValue());
        assertEquals(50, update.details().get("quantity"));

        String revoked = TestAudit.requestId();
        as(msp, revoked).delete(path + "/" + newId).then().statusCode(204);
        TestAudit.assertRecorded(
                revoked, new Expected(user, msp, msp, "assignment.revoked", "assignment", String.valueOf(newId)));
        return newId;
    }

    @Test
    void anIdempotentReplayRecordsNothingMore() {
        String msp = mspWithPool();
        String key = UUID.randomUUID().toString();
        String first = TestAudit.requestId();
        long id = ((Number) as(msp, first)
                        .header(IdempotencyProtocol.HEADER, key)
                        .body(body(0, 30, 60, "APSW"))
                        .post(SELF)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
        TestAudit.assertRecorded(
                first, new Expected("user@" + msp, msp, msp, "assignment.created", "assignment", String.valueOf(id)));

        String replay = TestAudit.requestId();
        as(msp, replay)
                .header(IdempotencyProtocol.HEADER, key)
                .body(body(0, 30, 60, "APSW"))
                .post(SELF)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true");
        assertEquals(List.of(), TestAudit.rows(replay));
        assertEquals(1L, TestAudit.count(msp));
    }

    /** A request of the MSP's admin with its own request id. */
    private static RequestSpecification as(String msp, String requestId) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header("x-request-id", requestId)
                .contentType(ContentType.JSON);
    }

    private static String update(int quantity) {
        return "{\"quantity\": " + quantity + ", \"expirationDate\": \"" + TODAY.plusDays(20) + "\"}";
    }
}
