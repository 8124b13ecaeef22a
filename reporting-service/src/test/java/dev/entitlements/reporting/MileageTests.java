package dev.entitlements.reporting;

import static dev.entitlements.reporting.ReportEvents.NOW;
import static dev.entitlements.reporting.ReportEvents.assigned;
import static dev.entitlements.reporting.ReportEvents.cancelled;
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
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code POST /entitlements/mileageReports/query}: purchases, expiries, cancellations and assignments crossing month ends. */
@QuarkusTest
class MileageTests {

    private static final String PATH = "/entitlements/mileageReports/query";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final YearMonth CURRENT = YearMonth.from(LocalDate.ofInstant(NOW, ZoneOffset.UTC));

    @Test
    void everyMonthFromTheFirstLicenseShowsWhatWasHeldUsedReleasedAndWhy() {
        String msp = newTenant();
        String customer = newTenant();
        YearMonth first = CURRENT.minusMonths(2);
        YearMonth last = CURRENT.minusMonths(1);
        purchased(line(msp, "APSW", false, true, false, 100, start(first.atDay(5)), endOfDay(400)));
        purchased(line(msp, "APSW", false, true, false, 20, start(first.atDay(10)), end(last.atDay(15))));
        EntitlementData dropped =
                purchased(line(msp, "APSW", false, true, false, 7, start(last.atDay(3)), endOfDay(300)));
        purchased(
                line(msp, "APSW", true, true, false, 3, start(first.atDay(1)), endOfDay(300))); // trial: another report
        assigned(msp, customer, "APSW", false, 30, day(0), endOfDay(50));
        cancelled(dropped);
        purchased(line(customer, "APSW", false, false, false, 10, start(last.atDay(1)), endOfDay(200)));
        usage(customer, last.atDay(20), "APSW", "WIFI", 5, 6);
        usage(customer, last.atDay(25), "APSW", "WIFI", 7, 8);

        await().atMost(WAIT)
                .untilAsserted(() -> query(
                                msp,
                                "{\"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\", \"isTrial\": false}}")
                        .statusCode(200)
                        .body("status", equalTo("success"))
                        .body("totalCount", equalTo(3))
                        .body("page", equalTo(1))
                        .body("pageSize", equalTo(20))
                        // newest first: the UI's page 1 of 24 is the latest two years
                        .body(
                                "data.lastDate",
                                contains(
                                        CURRENT.atEndOfMonth().toString(),
                                        last.atEndOfMonth().toString(),
                                        first.atEndOfMonth().toString()))
                        .body("data.quantity", contains(100, 107, 120))
                        .body("data.usedQuantity", contains(30, 0, 0))
                        .body("data[2].increases.cause", contains("PURCHASE"))
                        .body("data[2].increases.quantity", contains(120))
                        .body("data[2].decreases", empty())
                        .body("data[1].increases.quantity", contains(7))
                        .body("data[1].decreases.cause", contains("EXPIRY"))
                        .body("data[1].decreases.quantity", contains(20))
                        .body("data[1].availableBreakUp.quantity", contains(20))
                        .body(
                                "data[1].availableBreakUp.expirationDate",
                                contains(last.atDay(15).toString()))
                        .body("data[0].increases", empty())
                        .body("data[0].decreases.cause", contains("CANCELLATION"))
                        .body("data[0].decreases.quantity", contains(7)));
        // paging over the months, newest first: page 2 of 2 is the oldest month
        query(
                        msp,
                        "{\"page\": 2, \"pageSize\": 2, \"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\"}}")
                .statusCode(200)
                .body("totalCount", equalTo(3))
                .body("data.lastDate", contains(first.atEndOfMonth().toString()));
        // the customer's own view: bought last month, received this month; its devices' last reported day of each month
        await().atMost(WAIT)
                .untilAsserted(
                        () -> query(customer, "{\"filters\": {\"usageType\": \"SELF\", \"licenseType\": \"APSW\"}}")
                                .statusCode(200)
                                .body("data.quantity", contains(40, 10))
                                .body("data.device", contains(0, 7))
                                .body("data.usedQuantity", contains(0, 8))
                                .body("data[0].increases.cause", contains("ASSIGNMENT"))
                                .body("data[0].increases.quantity", contains(30)));
    }

    @Test
    void badInputGetsTheErrorBody() {
        String tenant = newTenant();
        query(tenant, "{}").statusCode(400).body("errors[0].code", equalTo("ENTITLEMENT-10004"));
        query(tenant, "{\"filters\": {\"licenseType\": \"APSW\"}}")
                .statusCode(400)
                .body("errors[0].reason", containsString("usageType"));
        query(tenant, "{\"filters\": {\"usageType\": \"SELF\"}}")
                .statusCode(400)
                .body("errors[0].reason", containsString("licenseType"));
        query(tenant, "{\"filters\": {\"usageType\": \"SELF\", \"licenseType\": [\"APSW\", \"URLF\"]}}")
                .statusCode(400);
        // the vendor's page-0 example and oversized pages are clamped, not refused
        query(tenant, "{\"page\": 0, \"filters\": {\"usageType\": \"SELF\", \"licenseType\": \"APSW\"}}")
                .statusCode(200)
                .body("page", equalTo(1));
        query(tenant, "{\"pageSize\": 10001, \"filters\": {\"usageType\": \"SELF\", \"licenseType\": \"APSW\"}}")
                .statusCode(200)
                .body("pageSize", equalTo(10_000));
        query(tenant, "{\"filters\": {\"usageType\": \"OTHER\", \"licenseType\": \"APSW\"}}")
                .statusCode(400);
        query(tenant, "{\"filters\": {\"usageType\": \"SELF\", \"licenseType\": \"APSW\"}}")
                .statusCode(200)
                .body("totalCount", equalTo(0));
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant end(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
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
