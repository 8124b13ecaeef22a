package dev.entitlements.reporting;

import static dev.entitlements.reporting.ReportEvents.assigned;
import static dev.entitlements.reporting.ReportEvents.day;
import static dev.entitlements.reporting.ReportEvents.endOfDay;
import static dev.entitlements.reporting.ReportEvents.line;
import static dev.entitlements.reporting.ReportEvents.manages;
import static dev.entitlements.reporting.ReportEvents.newTenant;
import static dev.entitlements.reporting.ReportEvents.purchased;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.rest.DeprecationHeaders;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The deprecated {@code GET /assignments/summaries} (spec D6): the ASSIGNED utilization under the §2.11 names. */
@QuarkusTest
class AssignmentSummaryTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PATH = "/assignments/summaries";

    @Test
    void anMspsPoolsOwnAssignmentsAndWhatIsLeftPerLicenseTypeWithTheDeprecationHeaders() {
        String msp = newTenant();
        String customer = newTenant();
        manages(msp, customer);
        purchased(line(msp, "APSW", false, true, false, 100, day(-10), endOfDay(300)));
        purchased(line(msp, "APSW", false, true, true, 4, day(-10), endOfDay(300))); // courtesy licenses in the pool
        purchased(line(msp, "APSW", true, true, false, 10, day(-10), endOfDay(30)));
        purchased(line(msp, "EDGE_SECS", false, true, false, 6, day(-10), endOfDay(30)));
        assigned(msp, customer, "APSW", false, 99, day(0), endOfDay(100));
        assigned(msp, msp, "APSW", false, 3, day(0), endOfDay(100));
        assigned(msp, customer, "EDGE_SECS", false, 2, day(0), endOfDay(20));

        await().atMost(WAIT)
                .untilAsserted(() -> summaries(msp)
                        .statusCode(200)
                        .header("Deprecation", equalTo("@1767225600"))
                        .header(
                                "Sunset",
                                equalTo(DeprecationHeaders.sunset().orElse("(none: the configured sunset has come)")))
                        .header("Link", equalTo("</entitlements/utilizations/query>; rel=\"successor-version\""))
                        .body("licenseType", contains("MSP_APSW", "MSP_APSW_TEMP", "MSP_EDGE_SECS"))
                        .body("deviceType", contains("MSP_APSW", "MSP_APSW", "MSP_EDGE"))
                        .body("trial", contains(false, true, false))
                        .body("quantity", contains(104, 10, 6))
                        .body("myAssignments", contains(3, 0, 0))
                        .body("remainingDevices", contains(2, 10, 4))
                        // 102 assigned of 100 purchased: the courtesy licenses are drawn on
                        .body("courtesyMspEntitlementsUsed", contains(true, false, false))
                        .body("deviceSubType", contains(nullValue(), nullValue(), nullValue())));
        Map<String, Object> first = summaries(msp).extract().path("[0]");
        assertEquals(
                Set.of(
                        "courtesyMspEntitlementsUsed",
                        "deviceSubType",
                        "deviceType",
                        "licenseType",
                        "myAssignments",
                        "quantity",
                        "remainingDevices",
                        "trial"),
                first.keySet(),
                "spec §2.11, no more and no less");

        // the MSP acting for its customer sees the customer's: a customer has no pools
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .header("x-rks-tenantid", customer)
                .accept("*/*")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .body("$", empty());
        // a tenant nobody knows has no pools either: an empty list, not 417
        summaries(newTenant()).statusCode(200).body("$", empty());
        given().when().get(PATH).then().statusCode(401);
    }

    private static ValidatableResponse summaries(String tenant) {
        return given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .accept("*/*")
                .contentType("application/json")
                .when()
                .get(PATH)
                .then();
    }
}
