package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.SELF;
import static dev.entitlements.assignment.AssignmentFixtures.WAIT;
import static dev.entitlements.assignment.AssignmentFixtures.assigned;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.entitlements.common.rest.DeprecationHeaders;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.infra.test.TestAudit;
import dev.entitlements.infra.test.TestAudit.Expected;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The deprecated bulk revoke ({@code DELETE /assignments}, spec D7): all listed assignments in one
 * transaction or none, through the revoke of E13 (same rows, events and audit entries).
 */
@QuarkusTest
class BulkRevokeTests {

    private static final String BULK = "/assignments";
    /** The fields of an assignment (spec §2.1), no more and no less. */
    private static final Set<String> ASSIGNMENT_FIELDS = Set.of(
            "id",
            "effectiveDate",
            "expirationDate",
            "quantity",
            "licenseType",
            "status",
            "createdDate",
            "revokedDate",
            "createdBy",
            "revokedBy",
            "isTrial",
            "isSelfAssignment",
            "trialAssignment",
            "mspEcTenantId");

    @Test
    void revokesEverySelfAndCustomerAssignmentListedAndAnswersThemWithTheDeprecationHeaders() {
        String msp = mspWithPool();
        String customer = customerKnownTo(msp);
        long own = create(msp, SELF, 10);
        long theirs = create(msp, "/tenants/" + customer + "/entitlements/assignments", 20);
        String request = TestAudit.requestId();

        Map<String, Object> first = revoke(
                        msp, request, "[{\"assignmentId\": " + theirs + "}, {\"assignmentId\": " + own + "}]")
                .statusCode(200)
                .header("Deprecation", equalTo("@1767225600"))
                .header("Sunset", equalTo(DeprecationHeaders.sunset().orElse("(none: the configured sunset has come)")))
                .header("Link", equalTo("</tenants/self/entitlements/assignments>; rel=\"successor-version\""))
                .body("assignments.id", contains((int) theirs, (int) own))
                .body("assignments.status", everyItem(equalTo("REVOKED")))
                .body("assignments.revokedBy", everyItem(equalTo("user@" + msp)))
                .body("assignments.revokedDate", everyItem(notNullValue()))
                .body("assignments.quantity", contains(20, 10))
                .body("assignments.isSelfAssignment", contains(false, true))
                .extract()
                .path("assignments[0]");
        assertEquals(ASSIGNMENT_FIELDS, first.keySet(), "spec §2.1");
        assertEquals(0L, assigned(msp), "both sets of licenses are back in the pool");

        // the same audit entries and events as two single revokes
        List<Long> byResourceId = List.of(own, theirs).stream()
                .sorted(Comparator.comparing(String::valueOf))
                .toList();
        TestAudit.assertRecorded(
                request,
                byResourceId.stream()
                        .map(id -> new Expected(
                                "user@" + msp, msp, msp, "assignment.revoked", "assignment", String.valueOf(id)))
                        .toArray(Expected[]::new));
        List<ConsumerRecord<String, String>> events = eventsUpToAMarker(msp);
        assertEquals(1, revokedEvents(events, own), "one assignment.revoked for " + own);
        assertEquals(1, revokedEvents(events, theirs), "one assignment.revoked for " + theirs);

        // revoked is revoked: listing one again is a 409, and changes nothing
        revoke(msp, TestAudit.requestId(), "[{\"assignmentId\": " + own + "}]")
                .statusCode(409)
                .body("errors[0].reason", containsString(String.valueOf(own)));
        // an empty list revokes nothing
        revoke(msp, TestAudit.requestId(), "[]").statusCode(200).body("assignments", empty());
    }

    @Test
    void anUnknownIdRevokesNothingAndIsNamed() {
        String msp = mspWithPool();
        long valid = create(msp, SELF, 10);
        long unknown = valid + 1_000_000_000L;
        String request = TestAudit.requestId();

        revoke(msp, request, "[{\"assignmentId\": " + valid + "}, {\"assignmentId\": " + unknown + "}]")
                .statusCode(404)
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"))
                // the unknown one, and only it
                .body("errors[0].reason", equalTo("assignment " + unknown + " not found"));

        assertStillValid(msp, valid, request);
    }

    @Test
    void anotherMspsAssignmentIsUnknownAndNothingIsRevoked() {
        String msp = mspWithPool();
        String other = mspWithPool();
        long mine = create(msp, SELF, 10);
        long foreign = create(other, SELF, 5);
        String request = TestAudit.requestId();

        revoke(msp, request, "[{\"assignmentId\": " + mine + "}, {\"assignmentId\": " + foreign + "}]")
                .statusCode(404)
                .body("errors[0].reason", containsString(String.valueOf(foreign)));

        assertStillValid(msp, mine, request);
        assertNull(TestDatabase.single("SELECT revoked_date FROM assignment WHERE id = ?", foreign));
    }

    @Test
    void anAssignmentAlreadyRevokedLeavesTheOthersAsTheyWere() {
        String msp = mspWithPool();
        long valid = create(msp, SELF, 10);
        long revoked = create(msp, SELF, 5);
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .when()
                .delete(SELF + "/" + revoked)
                .then()
                .statusCode(204);
        String request = TestAudit.requestId();

        // the revoked one is locked after the valid one (same bucket, higher id): the valid one was revoked, then
        // rolled back
        revoke(msp, request, "[{\"assignmentId\": " + valid + "}, {\"assignmentId\": " + revoked + "}]")
                .statusCode(409)
                .body("errors[0].reason", containsString(String.valueOf(revoked)));

        assertStillValid(msp, valid, request);
    }

    @Test
    void anMspActingForACustomerRevokesOnlyThatCustomersAssignments() {
        String msp = mspWithPool();
        String customer = customerKnownTo(msp);
        long own = create(msp, SELF, 10);
        long theirs = create(msp, "/tenants/" + customer + "/entitlements/assignments", 20);

        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header("x-rks-tenantid", customer)
                .contentType(ContentType.JSON)
                .body("[{\"assignmentId\": " + own + "}]")
                .when()
                .delete(BULK)
                .then()
                .statusCode(404)
                .body("errors[0].reason", containsString(String.valueOf(own)));
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header("x-rks-tenantid", customer)
                .contentType(ContentType.JSON)
                .body("[{\"assignmentId\": " + theirs + "}]")
                .when()
                .delete(BULK)
                .then()
                .statusCode(200)
                .body("assignments.id", contains((int) theirs));
        assertEquals(10L, assigned(msp));
    }

    @Test
    void onlyAnMspsAdminsRevokeAndOnlyAWellFormedList() {
        String msp = mspWithPool();
        long id = create(msp, SELF, 10);
        String list = "[{\"assignmentId\": " + id + "}]";
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType(ContentType.JSON)
                .body(list)
                .when()
                .delete(BULK)
                .then()
                .statusCode(403)
                .body("errors[0].code", equalTo("ENTITLEMENT-10011"));
        given().auth()
                .oauth2(TestTokens.token("ec-" + UUID.randomUUID(), "MSP_EC", "PRIME_ADMIN"))
                .contentType(ContentType.JSON)
                .body(list)
                .when()
                .delete(BULK)
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .body(list)
                .when()
                .delete(BULK)
                .then()
                .statusCode(401);
        for (String bad : List.of(
                "[{}]",
                "[{\"assignmentId\": null}]",
                "[null]",
                "{\"assignmentId\": 1}",
                "[{\"assignmentId\": \"x\"}]")) {
            given().auth()
                    .oauth2(TestTokens.mspAdmin(msp))
                    .contentType(ContentType.JSON)
                    .body(bad)
                    .when()
                    .delete(BULK)
                    .then()
                    .statusCode(400)
                    .body("errors[0].code", org.hamcrest.Matchers.startsWith("ENTITLEMENT-1000"));
        }
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .when()
                .delete(BULK)
                .then()
                .statusCode(400);
        assertEquals(10L, assigned(msp));
    }

    /** The assignment is VALID, holds its licenses, has no audit entry of the request and no revoked event. */
    private static void assertStillValid(String msp, long id, String request) {
        assertNull(
                TestDatabase.single("SELECT revoked_date FROM assignment WHERE id = ?", id),
                "assignment " + id + " not revoked");
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType(ContentType.JSON)
                .body("{\"filters\": {\"status\": [\"VALID\"]}}")
                .when()
                .post(SELF + "/query")
                .then()
                .statusCode(200)
                .body("data.id", org.hamcrest.Matchers.hasItem((int) id));
        assertEquals(List.of(), TestAudit.rows(request), "a refused bulk revoke records nothing");
        assertEquals(0, revokedEvents(eventsUpToAMarker(msp), id), "no assignment.revoked for " + id);
    }

    /**
     * Every assignment event of the MSP up to a marker created now: one key, one partition, outbox
     * order, so everything written before the marker is in the list.
     */
    private static List<ConsumerRecord<String, String>> eventsUpToAMarker(String msp) {
        long marker = create(msp, SELF, 1);
        return TestKafka.collectUntil(
                Topics.ASSIGNMENT_EVENTS, msp, r -> r.value().contains("\"assignmentId\":" + marker + ","), WAIT);
    }

    private static long revokedEvents(List<ConsumerRecord<String, String>> events, long id) {
        return events.stream()
                .filter(r -> EventType.ASSIGNMENT_REVOKED.type().equals(TestKafka.header(r, "ce_type")))
                .filter(r -> r.value().contains("\"assignmentId\":" + id + ","))
                .count();
    }

    private static String customerKnownTo(String msp) {
        String customer = TestTenants.customerOf(msp);
        await().atMost(WAIT)
                .until(() -> TestDatabase.single("SELECT tenant_id FROM tenant_directory WHERE tenant_id = ?", customer)
                        != null);
        return customer;
    }

    private static long create(String msp, String path, int quantity) {
        return ((Number) given().auth()
                        .oauth2(TestTokens.mspAdmin(msp))
                        .contentType(ContentType.JSON)
                        .body(body(0, 30, quantity, "APSW"))
                        .when()
                        .post(path)
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
    }

    private static ValidatableResponse revoke(String msp, String requestId, String list) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header("x-request-id", requestId)
                .contentType(ContentType.JSON)
                .accept("*/*")
                .body(list)
                .when()
                .delete(BULK)
                .then();
    }
}
