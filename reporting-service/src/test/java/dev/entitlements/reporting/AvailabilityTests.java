package dev.entitlements.reporting;

import static dev.entitlements.reporting.ReportEvents.NOW;
import static dev.entitlements.reporting.ReportEvents.assigned;
import static dev.entitlements.reporting.ReportEvents.day;
import static dev.entitlements.reporting.ReportEvents.endOfDay;
import static dev.entitlements.reporting.ReportEvents.line;
import static dev.entitlements.reporting.ReportEvents.newTenant;
import static dev.entitlements.reporting.ReportEvents.purchased;
import static dev.entitlements.reporting.ReportEvents.usage;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code POST /entitlements/availabilityReports/query} over pools and assignments sent through the real broker. */
@QuarkusTest
class AvailabilityTests {

    private static final String PATH = "/entitlements/availabilityReports/query";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    private static final String ASSIGNED_APSW =
            "{\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\", \"isTrial\": false}";
    private static final String SELF_APSW = "{\"usageType\": \"SELF\", \"licenseType\": \"APSW\"}";

    @Test
    void maxQuantityAndMaxPeriodFollowThePoolsAndTheAssignmentsOverTime() {
        String msp = newTenant();
        pool(msp, 100, 100);
        purchased(line(msp, "APSW", true, true, false, 5, day(-10), endOfDay(20)));
        assignedApsw(msp, newTenant(), 30, 0, 50);
        assignedApsw(msp, msp, 50, 60, 90); // a later one, to itself

        await().atMost(WAIT)
                .untilAsserted(() -> maxQuantity(msp, 0, 40, ASSIGNED_APSW)
                        .statusCode(200)
                        .body("data.quantity", equalTo(70))
                        .body("data.maxQuantity", equalTo(70))
                        .body("data.effectiveDate", equalTo(TODAY.toString()))
                        .body("data.expirationDate", equalTo(TODAY.plusDays(40).toString()))
                        .body("data.licenseType", equalTo("APSW"))
                        .body("data.isTrial", equalTo(false))
                        .body("message", nullValue()));
        maxQuantity(msp, 55, 70, ASSIGNED_APSW).statusCode(200).body("data.quantity", equalTo(50));
        maxQuantity(msp, 51, 59, ASSIGNED_APSW).statusCode(200).body("data.quantity", equalTo(100));
        // past the pool's end nothing is free: 200 with 0 and a message
        maxQuantity(msp, 0, 120, ASSIGNED_APSW)
                .statusCode(200)
                .body("data.quantity", equalTo(0))
                .body("message", containsString("APSW"));

        // 60 fit until the day before the 50 to itself start; 20 until the pool ends; 80 not even today
        maxPeriod(msp, 60, ASSIGNED_APSW)
                .statusCode(200)
                .body("data.expirationDate", equalTo(TODAY.plusDays(59).toString()))
                .body("data.quantity", equalTo(60))
                .body("data.maxQuantity", equalTo(70))
                .body("message", nullValue());
        maxPeriod(msp, 20, ASSIGNED_APSW)
                .statusCode(200)
                .body("data.expirationDate", equalTo(TODAY.plusDays(100).toString()));
        maxPeriod(msp, 80, ASSIGNED_APSW)
                .statusCode(200)
                .body("data.expirationDate", nullValue())
                .body("message", containsString("80"));

        // trial pools are a bucket of their own
        maxQuantity(msp, 0, 10, "{\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\", \"isTrial\": true}")
                .statusCode(200)
                .body("data.quantity", equalTo(5))
                .body("data.isTrial", equalTo(true));
        // an array of license types: one result each, in the order asked
        String urlfAndApsw = "{\"usageType\": \"ASSIGNED\", \"licenseType\": [\"URLF\", \"APSW\"], \"isTrial\": false}";
        maxQuantity(msp, 0, 40, urlfAndApsw)
                .statusCode(200)
                .body("data.licenseType", contains("URLF", "APSW"))
                .body("data.quantity", contains(0, 70))
                .body("message", containsString("URLF"));
    }

    /**
     * The demo's shape (several pools of different terms): when one pool ends and the others go on,
     * the pools' time line steps down, it does not fall to nothing. assignment-service's capacity
     * check (the same CapacityRule on the same pools and assignments) finds 60 free over days 0..50,
     * so the calculator must too; and 60 stay free until the second pool ends.
     */
    @Test
    void aPoolEndingWhileOthersGoOnLeavesTheOthersFree() {
        String msp = newTenant();
        pool(msp, 50, 30);
        pool(msp, 100, 100);
        assignedApsw(msp, newTenant(), 40, 0, 60);

        await().atMost(WAIT)
                .untilAsserted(() ->
                        maxQuantity(msp, 0, 10, ASSIGNED_APSW).statusCode(200).body("data.quantity", equalTo(110)));
        // across the end of the 50: 100 pooled - 40 assigned, not nothing
        maxQuantity(msp, 0, 50, ASSIGNED_APSW)
                .statusCode(200)
                .body("data.quantity", equalTo(60))
                .body("message", nullValue());
        maxQuantity(msp, 31, 80, ASSIGNED_APSW).statusCode(200).body("data.quantity", equalTo(60));
        // 60 fit until the 100 end (the 50 ending on day 30 leaves 60 free beside the 40 assigned)
        maxPeriod(msp, 60, ASSIGNED_APSW)
                .statusCode(200)
                .body("data.expirationDate", equalTo(TODAY.plusDays(100).toString()))
                .body("data.maxQuantity", equalTo(110));
        maxPeriod(msp, 61, ASSIGNED_APSW)
                .statusCode(200)
                .body("data.expirationDate", equalTo(TODAY.plusDays(30).toString()));
    }

    /** SELF likewise: a bought line ending while another goes on leaves the other's licenses held. */
    @Test
    void selfLicensesEndingWhileOthersGoOnLeaveTheOthersHeld() {
        String tenant = newTenant();
        bought(tenant, 10, 20);
        bought(tenant, 10, 100);
        usage(tenant, TODAY, "APSW", "WIFI", 5, 5);
        await().atMost(WAIT)
                .untilAsserted(() ->
                        maxQuantity(tenant, 0, 10, SELF_APSW).statusCode(200).body("data.quantity", equalTo(15)));
        maxQuantity(tenant, 0, 30, SELF_APSW).statusCode(200).body("data.quantity", equalTo(5));
        maxPeriod(tenant, 5, SELF_APSW)
                .statusCode(200)
                .body("data.expirationDate", equalTo(TODAY.plusDays(100).toString()));
    }

    @Test
    void selfCountsBoughtAndReceivedLicensesAgainstWhatTheDevicesUseToday() {
        String tenant = newTenant();
        bought(tenant, 10, 100);
        assignedApsw(newTenant(), tenant, 5, 0, 20);
        usage(tenant, TODAY, "APSW", "WIFI", 12, 12);
        await().atMost(WAIT)
                .untilAsserted(() ->
                        maxQuantity(tenant, 0, 10, SELF_APSW).statusCode(200).body("data.quantity", equalTo(3)));
        // once the received five end, the ten bought do not cover the twelve in use
        maxQuantity(tenant, 0, 30, SELF_APSW).statusCode(200).body("data.quantity", equalTo(0));
    }

    @Test
    void badInputGetsTheErrorBodyNeverA500() {
        String tenant = newTenant();
        String ok = "\"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\"}";
        String[][] cases = {
            // two days back is "today" in no time zone (StartRule: a bare date up to 38 hours old counts as now)
            {
                "{\"operator\": \"MAX_QUANTITY\", \"effectiveDate\": \"" + TODAY.minusDays(2)
                        + "\", \"expirationDate\": \"" + TODAY.plusDays(3) + "\", " + ok + "}",
                "422",
                "ENTITLEMENT-10200"
            },
            {"{\"effectiveDate\": \"" + TODAY + "\", " + ok + "}", "400", "ENTITLEMENT-10004"},
            {"{\"operator\": \"MOST\", \"effectiveDate\": \"" + TODAY + "\", " + ok + "}", "400", "ENTITLEMENT-10002"},
            {
                "{\"operator\": \"MAX_QUANTITY\", \"effectiveDate\": \"" + TODAY + "\", " + ok + "}",
                "400",
                "ENTITLEMENT-10004"
            },
            {
                "{\"operator\": \"MAX_PERIOD\", \"effectiveDate\": \"" + TODAY + "\", " + ok + "}",
                "400",
                "ENTITLEMENT-10004"
            },
            {
                "{\"operator\": \"MAX_PERIOD\", \"quantity\": 0, \"effectiveDate\": \"" + TODAY + "\", " + ok + "}",
                "422",
                "ENTITLEMENT-10103"
            },
            {
                "{\"operator\": \"MAX_PERIOD\", \"quantity\": \"many\", \"effectiveDate\": \"" + TODAY + "\", " + ok
                        + "}",
                "400",
                "ENTITLEMENT-"
            },
            {
                "{\"operator\": \"MAX_QUANTITY\", \"effectiveDate\": \"2026-13-45\", \"expirationDate\": \"2027-01-01\", "
                        + ok + "}",
                "400",
                "ENTITLEMENT-10002"
            },
            {
                "{\"operator\": \"MAX_PERIOD\", \"quantity\": 1, \"effectiveDate\": \"" + TODAY + "\"}",
                "400",
                "ENTITLEMENT-10004"
            },
            {
                "{\"operator\": \"MAX_PERIOD\", \"quantity\": 1, \"effectiveDate\": \"" + TODAY
                        + "\", \"filters\": {\"licenseType\": \"APSW\"}}",
                "400",
                "ENTITLEMENT-10004"
            },
            {
                "{\"operator\": \"MAX_PERIOD\", \"quantity\": 1, \"effectiveDate\": \"" + TODAY
                        + "\", \"filters\": {\"usageType\": \"SELF\"}}",
                "400",
                "ENTITLEMENT-10004"
            },
            {
                "{\"operator\": \"MAX_PERIOD\", \"quantity\": 1, \"effectiveDate\": \"" + TODAY
                        + "\", \"filters\": {\"usageType\": \"SELF\", \"licenseType\": \"NOPE\"}}",
                "400",
                "ENTITLEMENT-"
            },
        };
        for (String[] c : cases) {
            query(tenant, c[0]).statusCode(Integer.parseInt(c[1])).body("errors[0].code", containsString(c[2]));
        }
        // names the calculator does not take are ignored (tolerant reader), refused only under Prefer: handling=strict
        for (String tolerated : java.util.List.of(
                "{\"operator\": \"MAX_PERIOD\", \"quantity\": 1, \"effectiveDate\": \"" + TODAY
                        + "\", \"filters\": {\"usageType\": \"SELF\", \"licenseType\": \"APSW\", \"colour\": \"red\"}}",
                "{\"operator\": \"MAX_PERIOD\", \"quantity\": 1, \"effectiveDate\": \"" + TODAY + "\", \"extra\": 1, "
                        + ok + "}")) {
            query(tenant, tolerated).statusCode(200);
            given().auth()
                    .oauth2(TestTokens.readOnly(tenant))
                    .contentType(ContentType.JSON)
                    .header("Prefer", "handling=strict")
                    .body(tolerated)
                    .when()
                    .post(PATH)
                    .then()
                    .statusCode(400)
                    .body("errors[0].code", equalTo("ENTITLEMENT-10003"));
        }
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(401);
        // UNKNOWN is a usage type the spec names: nothing to calculate with, said in the message
        maxPeriod(tenant, 1, "{\"usageType\": \"UNKNOWN\", \"licenseType\": \"APSW\"}")
                .statusCode(200)
                .body("data.expirationDate", nullValue())
                .body("message", containsString("UNKNOWN"));
    }

    /** A non-trial APSW bulk pool of the MSP, from 10 days ago to the end of day {@code lastDay}. */
    private static void pool(String msp, int quantity, int lastDay) {
        purchased(line(msp, "APSW", false, true, false, quantity, day(-10), endOfDay(lastDay)));
    }

    /** Non-trial APSW licenses a tenant bought for itself, from 10 days ago to the end of day {@code lastDay}. */
    private static void bought(String tenant, int quantity, int lastDay) {
        purchased(line(tenant, "APSW", false, false, false, quantity, day(-10), endOfDay(lastDay)));
    }

    private static void assignedApsw(String provider, String tenant, int quantity, int fromDay, int lastDay) {
        assigned(provider, tenant, "APSW", false, quantity, day(fromDay), endOfDay(lastDay));
    }

    private static ValidatableResponse maxQuantity(String tenant, int fromDays, int toDays, String filters) {
        return query(
                tenant,
                "{\"operator\": \"MAX_QUANTITY\", \"effectiveDate\": \"" + TODAY.plusDays(fromDays)
                        + "\", \"expirationDate\": \"" + TODAY.plusDays(toDays) + "\", \"filters\": " + filters + "}");
    }

    private static ValidatableResponse maxPeriod(String tenant, int quantity, String filters) {
        return query(
                tenant,
                "{\"operator\": \"MAX_PERIOD\", \"effectiveDate\": \"" + TODAY + "\", \"quantity\": " + quantity
                        + ", \"filters\": " + filters + "}");
    }

    private static ValidatableResponse query(String tenant, String body) {
        return given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(PATH)
                .then();
    }
}
