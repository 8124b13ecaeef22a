package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.SELF;
import static dev.entitlements.assignment.AssignmentFixtures.TODAY;
import static dev.entitlements.assignment.AssignmentFixtures.awaitPoolLines;
import static dev.entitlements.assignment.AssignmentFixtures.awaitPoolQuantity;
import static dev.entitlements.assignment.AssignmentFixtures.awaitTenant;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.changeQuantity;
import static dev.entitlements.assignment.AssignmentFixtures.created;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static dev.entitlements.assignment.AssignmentFixtures.pool;
import static dev.entitlements.assignment.AssignmentFixtures.purchase;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /entitlements/capacityTimelines/query} (docs/decisions.md, Capacity timeline): pools
 * arrive through the real entitlement.events topic, assignments through the API, the answer is read
 * with real signed tokens. One MSP family is set up once; every test only reads it.
 */
@QuarkusTest
class CapacityTimelineTests {

    private static final String PATH = "/entitlements/capacityTimelines/query";

    private static String msp;
    private static String customer;
    private static long customerAssignment;

    /**
     * Pools of 100 (days -10..200) and 50 (-10..100), and, from day 2, 60 to the MSP itself until day
     * 50 and 40 to its customer until day 150 (bare dates: a start at 00:00, an end at 23:59:59).
     */
    @BeforeEach // not @BeforeAll: REST Assured knows the test port only once a test of the instance runs
    void family() {
        if (msp != null) {
            return;
        }
        msp = "msp-" + UUID.randomUUID();
        customer = TestTenants.customerOf(msp);
        purchase(pool(msp, "pool-1", "APSW-MSP100-001", 100, 200));
        purchase(pool(msp, "pool-2", "APSW-MSP50-001", 50, 100));
        awaitPoolLines(msp, 2);
        awaitTenant(customer);
        created(msp, SELF, body(2, 50, 60, "APSW"));
        customerAssignment =
                created(msp, "/tenants/" + customer + "/entitlements/assignments", body(2, 150, 40, "APSW"));
    }

    @Test
    void anMspSeesItsPoolsAgainstEverythingItAssignedStepByStep() {
        JsonPath answer = query(TestTokens.mspAdmin(msp), Map.of(), "{\"filters\": {\"from\": \"" + day(1) + "\"}}")
                .statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].licenseType", equalTo("APSW"))
                .body("data[0].isTrial", equalTo(false))
                .extract()
                .jsonPath();
        assertEquals(
                List.of(
                        segment(start(1), start(2).minusNanos(1), 150, 0),
                        segment(start(2), end(50), 150, 100),
                        segment(end(50).plusNanos(1), poolEnd(100), 150, 40),
                        segment(poolEnd(100).plusNanos(1), end(150), 100, 40),
                        segment(end(150).plusNanos(1), poolEnd(200), 100, 0),
                        segment(poolEnd(200).plusNanos(1), null, 0, 0)),
                segments(answer));
        assertNull(answer.get("data[0].to"));
        assertEquals(start(1), Instant.parse(answer.getString("data[0].from")));
        // a cliff is the last instant the lost licenses count, with the pools that end there
        assertEquals(
                List.of(
                        List.of(poolEnd(100), 50, 100, List.of("APSW-MSP50-001"), List.of("pool-2")),
                        List.of(poolEnd(200), 100, 0, List.of("APSW-MSP100-001"), List.of("pool-1"))),
                cliffs(answer));
        // the 100 of pool-1 outlive the customer's assignment
        assertEquals(end(150).plusNanos(1), Instant.parse(answer.getString("data[0].idleTail.from")));
        assertEquals(100, answer.getInt("data[0].idleTail.quantity"));
        assertEquals(poolEnd(200), Instant.parse(answer.getString("data[0].idleTail.until")));
        // renewals: the self assignment's quarter and the customer's (one quarter when both fall in it)
        List<Map<String, Object>> renewals = answer.getList("data[0].renewals");
        List<String> expected = new ArrayList<>();
        expected.add(quarter(50) + " " + msp + " true 60");
        expected.add(quarter(150) + " " + customer + " false 40");
        List<String> actual = new ArrayList<>();
        for (int q = 0; q < renewals.size(); q++) {
            for (Map<String, Object> t : answer.<Map<String, Object>>getList("data[0].renewals[" + q + "].tenants")) {
                actual.add(answer.getString("data[0].renewals[" + q + "].quarter") + " " + t.get("tenantId") + " "
                        + t.get("isSelfAssignment") + " " + t.get("quantity"));
            }
        }
        assertEquals(
                expected.stream().sorted().toList(), actual.stream().sorted().toList());
    }

    @Test
    void aWindowCutsTheTimelineAndFiltersNarrowIt() {
        String body = "{\"filters\": {\"licenseType\": [\"apsw\"], \"isTrial\": false, \"from\": \"" + day(1)
                + "T00:00:00Z\", \"to\": \"" + day(60) + "\", \"usageType\": \"ASSIGNED\"}, \"total\": 5}";
        JsonPath answer = query(TestTokens.token(msp, "MSP", Roles.READ_ONLY), Map.of(), body)
                .statusCode(200)
                .body("data[0].cliffs", empty())
                .body("data[0].renewals.size()", equalTo(1))
                .body("data[0].renewals[0].quantity", equalTo(60))
                .extract()
                .jsonPath();
        List<List<Object>> segments = segments(answer);
        // a bare `to` is the end of its day
        assertEquals(segment(end(50).plusNanos(1), end(60), 150, 40), segments.get(segments.size() - 1));
        assertEquals(end(60), Instant.parse(answer.getString("data[0].to")));
        // the window ends while an assignment still holds licenses: no idle tail within it
        assertNull(answer.get("data[0].idleTail"));

        query(TestTokens.mspAdmin(msp), Map.of(), "{\"filters\": {\"licenseType\": \"URLF\"}}")
                .statusCode(200)
                .body("data", empty());
        query(TestTokens.mspAdmin(msp), Map.of(), "{\"filters\": {\"isTrial\": true}}")
                .statusCode(200)
                .body("data", empty());
        // without from: from now on, so the first segment already holds both assignments' licenses or none yet
        query(TestTokens.token(msp, "MSP", Roles.ADMIN), Map.of(), "{}")
                .statusCode(200)
                .body("data[0].segments[0].capacity", equalTo(150));
    }

    @Test
    void badFiltersAreRefusedWithTheSharedErrors() {
        String token = TestTokens.mspAdmin(msp);
        query(token, Map.of(), "{\"filters\": {\"licenseType\": \"APSX\"}}")
                .statusCode(400)
                .body("errors[0].code", equalTo("ENTITLEMENT-10002"));
        query(token, Map.of(), "{\"filters\": {\"from\": \"next week\"}}")
                .statusCode(400)
                .body("errors[0].reason", containsString("filters.from"));
        query(token, Map.of(), "{\"filters\": {\"from\": \"" + day(10) + "\", \"to\": \"" + day(9) + "\"}}")
                .statusCode(422)
                .body("errors[0].code", equalTo("ENTITLEMENT-10103"));
        query(token, Map.of(), "{\"filters\": {\"from\": [\"" + day(1) + "\", \"" + day(2) + "\"]}}")
                .statusCode(400);
    }

    @Test
    void aCustomerSeesTheLicensesItReceivedAndNothingElseOfItsMsp() {
        String body = "{\"filters\": {\"from\": \"" + day(1) + "\"}}";
        for (var caller : List.of(
                Map.entry(TestTokens.token(customer, "MSP_EC", Roles.ADMIN), Map.<String, String>of()),
                Map.entry(
                        TestTokens.token(msp, "MSP", Roles.READ_ONLY),
                        Map.of(CallerContext.TENANT_HEADER, customer)))) {
            JsonPath answer = query(caller.getKey(), caller.getValue(), body)
                    .statusCode(200)
                    .body("data.size()", equalTo(1))
                    .body("data[0].renewals.size()", equalTo(1))
                    .body("data[0].renewals[0].tenants.tenantId", equalTo(List.of(customer)))
                    .body("data[0].renewals[0].tenants.isSelfAssignment", equalTo(List.of(false)))
                    .body("data[0].idleTail", nullValue())
                    .extract()
                    .jsonPath();
            assertEquals(
                    List.of(
                            segment(start(1), start(2).minusNanos(1), 0, 0),
                            segment(start(2), end(150), 40, 40),
                            segment(end(150).plusNanos(1), null, 0, 0)),
                    segments(answer));
            assertEquals(
                    List.of(List.of(end(150), 40, 0, List.of(), List.of("assignment:" + customerAssignment))),
                    cliffs(answer));
            assertFalse(answer.prettify().contains("pool-"), "the MSP's pools are not the customer's business");
        }
    }

    @Test
    void rolesAndTenantsAsOnTheOtherReads() {
        String body = "{}";
        for (String role : List.of(Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY)) {
            query(TestTokens.token(msp, "MSP", role), Map.of(), body).statusCode(200);
        }
        query(TestTokens.token(msp, "MSP", Roles.LICENSING_SERVICE), Map.of(), body)
                .statusCode(403);
        query(TestTokens.token(msp, "MSP"), Map.of(), body).statusCode(403);
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(PATH)
                .then()
                .statusCode(401);
        // another MSP's customer is not found; a customer may not act for anyone
        String stranger = TestTenants.customerOf("msp-other-" + UUID.randomUUID());
        awaitTenant(stranger);
        query(TestTokens.mspAdmin(msp), Map.of(CallerContext.TENANT_HEADER, stranger), body)
                .statusCode(404);
        query(TestTokens.token(customer, "MSP_EC", Roles.ADMIN), Map.of(CallerContext.TENANT_HEADER, stranger), body)
                .statusCode(403);
        // another MSP sees nothing of this one
        query(TestTokens.mspAdmin("msp-" + UUID.randomUUID()), Map.of(), body)
                .statusCode(200)
                .body("data", empty());
    }

    @Test
    void aPoolShrunkUnderItsAssignmentsShowsNegativeHeadroom() {
        String shrinking = mspWithPool();
        created(shrinking, SELF, body(2, 50, 70, "APSW"));
        changeQuantity(shrinking, "pool-1", 100, 30);
        awaitPoolQuantity(shrinking, "pool-1", 30);
        JsonPath answer = query(
                        TestTokens.mspAdmin(shrinking), Map.of(), "{\"filters\": {\"from\": \"" + day(1) + "\"}}")
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(segment(start(2), end(50), 30, 70), segments(answer).get(1));
        assertEquals(-40, answer.getInt("data[0].segments[1].headroom"));
    }

    private static ValidatableResponse query(String token, Map<String, String> headers, String body) {
        return given().auth()
                .oauth2(token)
                .headers(headers)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(PATH)
                .then();
    }

    /** Each segment as (start, end, capacity, committed), checking headroom on the way. */
    private static List<List<Object>> segments(JsonPath answer) {
        List<List<Object>> segments = new ArrayList<>();
        List<Map<String, Object>> raw = answer.getList("data[0].segments");
        for (Map<String, Object> s : raw) {
            long capacity = ((Number) s.get("capacity")).longValue();
            long committed = ((Number) s.get("committed")).longValue();
            assertEquals(capacity - committed, ((Number) s.get("headroom")).longValue(), s.toString());
            segments.add(segment(
                    Instant.parse((String) s.get("start")),
                    s.get("end") == null ? null : Instant.parse((String) s.get("end")),
                    capacity,
                    committed));
        }
        return segments;
    }

    private static List<Object> segment(Instant start, Instant end, long capacity, long committed) {
        List<Object> segment = new ArrayList<>();
        segment.add(start);
        segment.add(end);
        segment.add(capacity);
        segment.add(committed);
        return segment;
    }

    private static List<List<Object>> cliffs(JsonPath answer) {
        List<List<Object>> cliffs = new ArrayList<>();
        for (Map<String, Object> c : answer.<Map<String, Object>>getList("data[0].cliffs")) {
            cliffs.add(List.of(
                    Instant.parse((String) c.get("date")),
                    c.get("quantityLost"),
                    c.get("capacityAfter"),
                    c.get("skus"),
                    c.get("externalIds")));
        }
        return cliffs;
    }

    private static LocalDate day(int d) {
        return TODAY.plusDays(d);
    }

    private static Instant start(int d) {
        return day(d).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** An assignment's bare expiration date: 23:59:59 of the day, the last instant it counts. */
    private static Instant end(int d) {
        return start(d).plusSeconds(86_399);
    }

    /** A pool's last instant: the last millisecond of its expiry day, as the capacity check reads it. */
    private static Instant poolEnd(int d) {
        return end(d).plusMillis(999);
    }

    private static String quarter(int d) {
        return day(d).getYear() + "-Q" + day(d).get(IsoFields.QUARTER_OF_YEAR);
    }
}
