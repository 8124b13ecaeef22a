package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.TODAY;
import static dev.entitlements.assignment.AssignmentFixtures.WAIT;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.create;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.Topics;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Create, update and delete of self assignments (E11, E13, E14) over pools fed through the real entitlement.events topic. */
@QuarkusTest
class SelfAssignmentLifecycleTests {

    @Test
    void createsWhileThePoolCoversTheWholeWindowThen402WithWhatStillFits() {
        String msp = mspWithPool();
        create(msp, body(0, 30, 60, "APSW"))
                .statusCode(201)
                .body("status", equalTo("success"))
                .body("data.id", notNullValue())
                .body("data.quantity", equalTo(60))
                .body("data.licenseType", equalTo("APSW"))
                .body("data.status", equalTo("VALID"))
                .body("data.isTrial", equalTo(false))
                .body("data.isSelfAssignment", equalTo(true))
                .body("data.createdBy", equalTo("user@" + msp))
                .body("data.revokedDate", equalTo(null))
                // today as a bare date is the UI's "now" (StartRule): it starts at once, not at midnight
                .body("data.effectiveDate", org.hamcrest.Matchers.startsWith(TODAY + "T"))
                .body("data.effectiveDate", org.hamcrest.Matchers.not(equalTo(TODAY + "T00:00:00Z")))
                .body("data.expirationDate", equalTo(TODAY.plusDays(30) + "T23:59:59Z"));
        create(msp, body(10, 40, 50, "apsw"))
                .statusCode(402)
                .body("errors[0].code", equalTo("ENTITLEMENT-10100"))
                .body("errors[0].suggestion", containsString("maxQuantity: 40"));
        create(msp, body(10, 40, 40, "APSW")).statusCode(201);
        // after day 30 the first assignment has ended: 60 free again from day 31 to 40, but not over 0..40
        create(msp, body(31, 60, 60, "APSW")).statusCode(201);
        create(msp, body(0, 60, 1, "APSW"))
                .statusCode(402)
                .body("errors[0].suggestion", containsString("maxQuantity: 0"));

        ConsumerRecord<String, String> event = TestKafka.await(
                Topics.ASSIGNMENT_EVENTS, r -> msp.equals(r.key()) && r.value().contains("\"quantity\":60"), WAIT);
        assertEquals(EventType.ASSIGNMENT_CREATED.type(), TestKafka.header(event, "ce_type"));
        assertTrue(event.value().contains("\"providerTenantId\":\"" + msp + "\""));
    }

    @Test
    void theWholeWindowCountsNotOnlyTodayAndTrialDrawsOnlyOnTrialPools() {
        String msp = mspWithPool();
        // the pool ends on day 200: a window to day 250 has nothing free at its end
        create(msp, body(150, 250, 1, "APSW"))
                .statusCode(402)
                .body("errors[0].suggestion", containsString("maxQuantity: 0"));
        create(
                        msp,
                        "{\"effectiveDate\": \"" + TODAY + "\", \"expirationDate\": \"" + TODAY.plusDays(5)
                                + "\", \"quantity\": 1," + " \"licenseType\": \"APSW\", \"trial\": true}")
                .statusCode(402);
        create(msp, body(0, 5, 1, "URLF")).statusCode(402);
        assertEquals(0L, count(msp), "nothing was written");
    }

    @Test
    void badInputIs400Or422WithTheErrorBodyAndWritesNothing() {
        String msp = mspWithPool();
        create(msp, "{\"expirationDate\": \"" + TODAY.plusDays(5) + "\", \"quantity\": 1, \"licenseType\": \"APSW\"}")
                .statusCode(400)
                .body("errors[0].reason", containsString("'effectiveDate'"));
        create(
                        msp,
                        "{\"effectiveDate\": \"" + TODAY + "\", \"expirationDate\": \"" + TODAY.plusDays(5)
                                + "\", \"licenseType\": \"APSW\"}")
                .statusCode(400)
                .body("errors[0].reason", containsString("'quantity'"));
        create(msp, body(0, 5, 1, "WIFI6")).statusCode(400).body("errors[0].reason", containsString("'licenseType'"));
        create(msp, body(0, 5, 1, "APSW").replace("\"" + TODAY + "\"", "\"tomorrow\""))
                .statusCode(400)
                .body("errors[0].reason", containsString("'effectiveDate'"));
        create(
                        msp,
                        "{\"effectiveDate\": \"" + TODAY + "\", \"expirationDate\": \"" + TODAY.plusDays(5)
                                + "\", \"quantity\": \"five\"," + " \"licenseType\": \"APSW\"}")
                .statusCode(400);
        create(msp, body(0, 5, 0, "APSW")).statusCode(422).body("errors[0].reason", containsString("'quantity'"));
        create(msp, body(0, 5, 3_000_000_000L, "APSW")).statusCode(422);
        create(msp, body(5, 2, 1, "APSW")).statusCode(422).body("errors[0].reason", containsString("must be before"));
        create(msp, body(-2, 5, 1, "APSW"))
                .statusCode(422)
                .body("errors[0].code", equalTo("ENTITLEMENT-10200"))
                .body("errors[0].reason", containsString("in the past"));
        create(msp, body(-20, -2, 1, "APSW")).statusCode(422);
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType(ContentType.JSON)
                .body(body(0, 5, 1, "APSW"))
                .when()
                .post("/tenants/self/entitlements/assignments")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.token("ec-" + UUID.randomUUID(), "MSP_EC", Roles.PRIME_ADMIN))
                .contentType(ContentType.JSON)
                .body(body(0, 5, 1, "APSW"))
                .when()
                .post("/tenants/self/entitlements/assignments")
                .then()
                .statusCode(403)
                .body("errors[0].code", equalTo("ENTITLEMENT-10011"));
        given().contentType(ContentType.JSON)
                .body(body(0, 5, 1, "APSW"))
                .when()
                .post("/tenants/self/entitlements/assignments")
                .then()
                .statusCode(401);
        assertEquals(0L, count(msp), "no bad request wrote anything");
    }

    @Test
    void concurrentCreatesNeverOverAllocate() throws Exception {
        String msp = mspWithPool();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(
                        () -> create(msp, body(0, 30, 7, "APSW")).extract().statusCode()));
            }
            int created = 0;
            for (Future<Integer> a : answers) {
                int status = a.get();
                assertTrue(status == 201 || status == 402, "status " + status);
                created += status == 201 ? 1 : 0;
            }
            assertEquals(14, created, "100 licenses hold 14 assignments of 7");
            assertEquals(
                    98L,
                    ((Number) TestDatabase.single(
                                    "SELECT COALESCE(sum(quantity), 0) FROM assignment WHERE provider_tenant_id = ?",
                                    msp))
                            .longValue());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteRevokesOnceKeepsTheRowAndGivesTheLicensesBack() {
        String msp = mspWithPool();
        long id = ((Number) create(msp, body(0, 30, 100, "APSW"))
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
        create(msp, body(0, 30, 1, "APSW")).statusCode(402);
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .when()
                .delete("/tenants/self/entitlements/assignments/" + id)
                .then()
                .statusCode(204);
        assertEquals("user@" + msp, TestDatabase.single("SELECT revoked_by FROM assignment WHERE id = ?", id));
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .when()
                .delete("/tenants/self/entitlements/assignments/" + id)
                .then()
                .statusCode(409)
                .body("errors[0].code", equalTo("ENTITLEMENT-10101"));
        create(msp, body(0, 30, 100, "APSW")).statusCode(201);
        ConsumerRecord<String, String> revoked = TestKafka.await(
                Topics.ASSIGNMENT_EVENTS,
                r -> msp.equals(r.key()) && EventType.ASSIGNMENT_REVOKED.type().equals(TestKafka.header(r, "ce_type")),
                WAIT);
        assertTrue(revoked.value().contains("\"assignmentId\":" + id));
        // another MSP's id, an unknown id and a non-number are all unknown
        given().auth()
                .oauth2(TestTokens.mspAdmin("msp-" + UUID.randomUUID()))
                .when()
                .delete("/tenants/self/entitlements/assignments/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .when()
                .delete("/tenants/self/entitlements/assignments/999999999")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .when()
                .delete("/tenants/self/entitlements/assignments/abc")
                .then()
                .statusCode(404)
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"));
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .when()
                .delete("/tenants/self/entitlements/assignments/" + id)
                .then()
                .statusCode(403);
    }

    @Test
    void updateReplacesTheAssignmentLeavingTheOldOneOutOfTheCheck() {
        String msp = mspWithPool();
        long id = ((Number) create(msp, body(0, 30, 80, "APSW"))
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
        // 90 fits only because the 80 being replaced does not count
        long next = ((Number) update(
                                msp,
                                id,
                                "{\"quantity\": 90, \"expirationDate\": \"" + TODAY.plusDays(60)
                                        + "\", \"valid\": true}")
                        .statusCode(200)
                        .body("data.quantity", equalTo(90))
                        .body("data.status", equalTo("VALID"))
                        .body("data.expirationDate", equalTo(TODAY.plusDays(60) + "T23:59:59Z"))
                        .extract()
                        .path("data.id"))
                .longValue();
        assertTrue(next != id, "a new id");
        assertEquals(
                "REVOKED",
                TestDatabase.single(
                        "SELECT CASE WHEN revoked_date IS NULL THEN 'LIVE' ELSE 'REVOKED' END"
                                + " FROM assignment WHERE id = ?",
                        id));
        update(msp, id, "{\"quantity\": 1, \"expirationDate\": \"" + TODAY.plusDays(60) + "\"}")
                .statusCode(409);
        update(msp, next, "{\"quantity\": 101, \"expirationDate\": \"" + TODAY.plusDays(60) + "\"}")
                .statusCode(402)
                .body("errors[0].suggestion", containsString("maxQuantity: 100"));
        update(msp, next, "{\"quantity\": 5}")
                .statusCode(400)
                .body("errors[0].reason", containsString("'expirationDate'"));
        update(msp, next, "{\"quantity\": 0, \"expirationDate\": \"" + TODAY.plusDays(60) + "\"}")
                .statusCode(422);
        update(msp, next, "{\"quantity\": 5, \"expirationDate\": \"" + TODAY.minusDays(1) + "\"}")
                .statusCode(422);
        update(msp, 999_999_999L, "{\"quantity\": 5, \"expirationDate\": \"" + TODAY.plusDays(60) + "\"}")
                .statusCode(404);
        assertEquals(
                90L,
                ((Number) TestDatabase.single(
                                "SELECT sum(quantity) FROM assignment WHERE provider_tenant_id = ?"
                                        + " AND revoked_date IS NULL",
                                msp))
                        .longValue(),
                "failed updates changed nothing");
    }

    @Test
    void anUpdateKeepsAStartStillAheadAndStartsAStartedOneNow() {
        String msp = mspWithPool();
        long future = ((Number) create(msp, body(10, 30, 5, "APSW"))
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
        update(msp, future, "{\"quantity\": 6, \"expirationDate\": \"" + TODAY.plusDays(40) + "\"}")
                .statusCode(200)
                .body("data.effectiveDate", equalTo(TODAY.plusDays(10) + "T00:00:00Z"))
                .body("data.status", equalTo("FUTURE"));
        long started = ((Number) create(msp, body(0, 30, 5, "APSW"))
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
        Instant before = Instant.now();
        String start = update(msp, started, "{\"quantity\": 4, \"expirationDate\": \"" + TODAY.plusDays(40) + "\"}")
                .statusCode(200)
                .body("data.status", equalTo("VALID"))
                .extract()
                .path("data.effectiveDate");
        assertTrue(
                !Instant.parse(start).isBefore(before.minusSeconds(1)), "starts now, not at the old start: " + start);
    }

    @Test
    void writesNeedAJsonBodyATokenAndAWritingRole() {
        String msp = mspWithPool();
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.XML)
                .body("<a/>")
                .when()
                .post(AssignmentFixtures.SELF)
                .then()
                .statusCode(415)
                .body("errors[0].code", equalTo("ENTITLEMENT-10016"));
        given().contentType(ContentType.JSON)
                .body(body(0, 5, 1, "APSW"))
                .when()
                .post(AssignmentFixtures.SELF)
                .then()
                .statusCode(401);
        long id = ((Number) create(msp, body(0, 5, 1, "APSW"))
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType(ContentType.JSON)
                .body("{\"quantity\": 2, \"expirationDate\": \"" + TODAY.plusDays(9) + "\"}")
                .when()
                .patch(AssignmentFixtures.SELF + "/" + id)
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType(ContentType.JSON)
                .body(body(0, 5, 1, "APSW"))
                .when()
                .post(AssignmentFixtures.SELF)
                .then()
                .statusCode(403);
        assertEquals(1L, AssignmentFixtures.assigned(msp), "only the admin's create");
    }

    private static ValidatableResponse update(String msp, long id, String body) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .patch("/tenants/self/entitlements/assignments/" + id)
                .then();
    }

    private static long count(String msp) {
        return ((Number) TestDatabase.single("SELECT count(*) FROM assignment WHERE provider_tenant_id = ?", msp))
                .longValue();
    }
}
