package dev.entitlements.reporting;

import static dev.entitlements.reporting.ReportEvents.NOW;
import static dev.entitlements.reporting.ReportEvents.assigned;
import static dev.entitlements.reporting.ReportEvents.day;
import static dev.entitlements.reporting.ReportEvents.endOfDay;
import static dev.entitlements.reporting.ReportEvents.line;
import static dev.entitlements.reporting.ReportEvents.manages;
import static dev.entitlements.reporting.ReportEvents.newTenant;
import static dev.entitlements.reporting.ReportEvents.purchased;
import static dev.entitlements.reporting.ReportEvents.usage;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The customer view and the MSP-wide compliance view (docs/decisions.md, Client compatibility): licenses a
 * customer received by assignment are its own, whoever asks and whatever {@code isAssignedLicense}
 * says; an MSP's {@code mspEcSummary} is its whole pool against the devices of the MSP and all its
 * customers, its {@code self} what it assigned to itself against its own devices; a managed customer
 * never gets 417.
 */
@QuarkusTest
class CustomerViewTests {

    private static final String UTILIZATION = "/entitlements/utilizations/query";
    private static final String COMPLIANCE = "/entitlements/compliances/query";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    /** What the public Python client sends for a customer's utilization (with x-rks-tenantid when it is an MSP). */
    private static final String PYTHON_CLIENT_BODY =
            "{\"filters\": {\"licenseType\": [\"APSW\"], \"isTrial\": false, \"status\": [\"VALID\"],"
                    + " \"isAssignedLicense\": false, \"usageType\": \"SELF\"}}";

    /** An MSP with a pool of 100 APSW: 10 to its customer, 5 to itself; devices: MSP 3, customer 4. */
    private record Msp(String id, String customer) {}

    private static Msp mspWithOneCustomer() {
        String msp = newTenant();
        String ec = newTenant();
        manages(msp, ec);
        purchased(line(msp, "APSW", false, true, false, 100, day(-10), endOfDay(200)));
        assigned(msp, ec, "APSW", false, 10, day(0), endOfDay(150));
        assigned(msp, msp, "APSW", false, 5, day(0), endOfDay(150));
        usage(msp, TODAY, "APSW", "WIFI", 3, 3);
        usage(ec, TODAY, "APSW", "WIFI", 4, 4);
        return new Msp(msp, ec);
    }

    @Test
    void aCustomersReceivedLicensesAreItsOwnUtilizationWhoeverAsks() {
        Msp m = mspWithOneCustomer();
        // the customer itself, with the body the Python client sends: isAssignedLicense false is ignored
        await().atMost(WAIT)
                .untilAsserted(() -> asCustomer(m.customer(), UTILIZATION, PYTHON_CLIENT_BODY)
                        .statusCode(200)
                        .body("data.usageType", contains("SELF"))
                        .body("data[0].licenseType", equalTo("APSW"))
                        .body("data[0].quantity", equalTo(10))
                        .body("data[0].assignedQuantity", equalTo(10))
                        .body("data[0].purchasedQuantity", equalTo(0))
                        .body("data[0].usedQuantity", equalTo(4))
                        .body("data[0].remainingLicenses", equalTo(6))
                        .body("data[0].remainingQuantity", equalTo(6)));
        // the MSP acting for it through x-rks-tenantid: the same figures, once the tenant directory
        // (its own topic, projected apart from the licenses) knows the MSP manages it
        await().atMost(WAIT)
                .untilAsserted(() -> asMspFor(m.id(), m.customer(), UTILIZATION, PYTHON_CLIENT_BODY)
                        .statusCode(200)
                        .body("data.usageType", contains("SELF"))
                        .body("data[0].quantity", equalTo(10))
                        .body("data[0].usedQuantity", equalTo(4)));
        // isAssignedLicense true or absent: still the same for a customer
        for (String filter : new String[] {"\"isAssignedLicense\": true, ", ""}) {
            asCustomer(m.customer(), UTILIZATION, "{\"filters\": {" + filter + "\"usageType\": \"SELF\"}}")
                    .statusCode(200)
                    .body("data[0].quantity", equalTo(10))
                    .body("data[0].usedQuantity", equalTo(4));
        }
    }

    @Test
    void isAssignedLicenseNarrowsOnlyAnMspsView() {
        Msp m = mspWithOneCustomer();
        // absent or false: its own account (the 5 it assigned itself) and its pool
        await().atMost(WAIT)
                .untilAsserted(() -> asMsp(m.id(), UTILIZATION, "{\"filters\": {\"isTrial\": false}}")
                        .statusCode(200)
                        .body("data.usageType", contains("SELF", "ASSIGNED"))
                        .body("data[0].quantity", equalTo(5))
                        .body("data[0].usedQuantity", equalTo(3))
                        .body("data[1].quantity", equalTo(100))
                        .body("data[1].usedQuantity", equalTo(15))
                        .body("data[1].usedQuantityForOwnAssignment", equalTo(5)));
        asMsp(m.id(), UTILIZATION, "{\"filters\": {\"isTrial\": false, \"isAssignedLicense\": false}}")
                .statusCode(200)
                .body("data.usageType", contains("SELF", "ASSIGNED"))
                .body("data[0].quantity", equalTo(5));
        // true: what it assigned out of its pools only
        asMsp(m.id(), UTILIZATION, "{\"filters\": {\"isTrial\": false, \"isAssignedLicense\": true}}")
                .statusCode(200)
                .body("data.usageType", contains("ASSIGNED"))
                .body("data[0].assignedQuantity", equalTo(15));
    }

    @Test
    void anMspsSummaryIsItsWholePoolAgainstEveryDeviceAndItsSelfWhatItAssignedItself() {
        Msp m = mspWithOneCustomer();
        await().atMost(WAIT)
                .untilAsserted(() -> asMsp(m.id(), COMPLIANCE, "{\"filters\": {}}")
                        .statusCode(200)
                        .body("compliances.licenseType", contains("APSW"))
                        .body("compliances[0].mspEcSummary.tenantId", equalTo(m.id()))
                        .body("compliances[0].mspEcSummary.tenantName", equalTo("MSP " + m.id()))
                        .body("compliances[0].mspEcSummary.totalActivePaidLicenseCount", equalTo(100))
                        .body("compliances[0].mspEcSummary.totalActiveTrialLicenseCount", equalTo(0))
                        .body("compliances[0].mspEcSummary.totalActivePaidAssignedLicenseCount", equalTo(15))
                        .body("compliances[0].mspEcSummary.licensesUsed", equalTo(7))
                        .body("compliances[0].mspEcSummary.licenseGap", equalTo(93))
                        .body("compliances[0].mspEcSummary.deviceCompliances.deviceType", contains("WIFI"))
                        .body("compliances[0].mspEcSummary.deviceCompliances[0].installedDeviceCount", equalTo(7))
                        .body("compliances[0].mspEcSummary.deviceCompliances[0].usedLicenseCount", equalTo(7))
                        .body(
                                "compliances[0].mspEcSummary.nextPaidExpirationDate",
                                equalTo(TODAY.plusDays(200).toString()))
                        .body("compliances[0].mspEcSummary.nextTotalPaidExpiringLicenseCount", equalTo(100))
                        .body("compliances[0].mspEcSummary.nextTrialExpirationDate", nullValue())
                        .body("compliances[0].mspEcSummary.complianceStatus", equalTo("UNDERUTILIZED"))
                        .body("compliances[0].mspEcSummary.overUsedTenants", empty())
                        // the customer: 4 of 10 used, below half
                        .body("compliances[0].mspEcSummary.underutilizedTenants.tenantId", contains(m.customer()))
                        .body("compliances[0].mspEcSummary.underutilizedTenants[0].licenseGap", equalTo(6))
                        .body("compliances[0].self.tenantId", equalTo(m.id()))
                        .body("compliances[0].self.totalActivePaidLicenseCount", equalTo(5))
                        .body("compliances[0].self.totalActivePaidAssignedLicenseCount", equalTo(5))
                        .body("compliances[0].self.licensesUsed", equalTo(3))
                        .body("compliances[0].self.licenseGap", equalTo(2))
                        .body(
                                "compliances[0].self.nextPaidExpirationDate",
                                equalTo(TODAY.plusDays(150).toString()))
                        .body("compliances[0].self.complianceStatus", equalTo("COMPLIANT"))
                        .body("compliances[0].self", not(hasKey("overUsedTenants"))));
        // complianceType: MSP_SUMMARY keeps both (self is always there), SELF drops the summary
        asMsp(m.id(), COMPLIANCE, "{\"filters\": {\"complianceType\": \"MSP_SUMMARY\"}}")
                .statusCode(200)
                .body("compliances[0].self.licenseGap", equalTo(2))
                .body("compliances[0].mspEcSummary.licenseGap", equalTo(93));
        asMsp(m.id(), COMPLIANCE, "{\"filters\": {\"complianceType\": \"SELF\"}}")
                .statusCode(200)
                .body("compliances[0].self.licenseGap", equalTo(2))
                .body("compliances[0]", not(hasKey("mspEcSummary")));
        // the customer (itself, or its MSP acting for it): only self, its received licenses against its devices
        for (ValidatableResponse customer : new ValidatableResponse[] {
            asCustomer(m.customer(), COMPLIANCE, "{\"filters\": {}}"), asMspFor(m.id(), m.customer(), COMPLIANCE, "{}")
        }) {
            customer.statusCode(200)
                    .body("compliances.licenseType", contains("APSW"))
                    .body("compliances[0].self.tenantId", equalTo(m.customer()))
                    .body("compliances[0].self.tenantName", equalTo("Customer " + m.customer()))
                    .body("compliances[0].self.totalActivePaidLicenseCount", equalTo(10))
                    .body("compliances[0].self.totalActivePaidAssignedLicenseCount", equalTo(10))
                    .body("compliances[0].self.licensesUsed", equalTo(4))
                    .body("compliances[0].self.licenseGap", equalTo(6))
                    .body("compliances[0]", not(hasKey("mspEcSummary")));
        }
    }

    @Test
    void anMspWithoutCustomersHasItsSummaryTooAndAnOverUsedCustomerIsNamed() {
        String lone = newTenant();
        purchased(line(lone, "APSW", false, true, false, 40, day(-10), endOfDay(90)));
        purchased(line(lone, "APSW", true, true, false, 6, day(-10), endOfDay(20)));
        usage(lone, TODAY, "APSW", "WIFI", 30, 30);
        await().atMost(WAIT)
                .untilAsserted(() -> asMsp(lone, COMPLIANCE, "{}")
                        .statusCode(200)
                        .body("compliances[0].mspEcSummary.totalActivePaidLicenseCount", equalTo(40))
                        .body("compliances[0].mspEcSummary.totalActiveTrialLicenseCount", equalTo(6))
                        .body(
                                "compliances[0].mspEcSummary.nextTrialExpirationDate",
                                equalTo(TODAY.plusDays(20).toString()))
                        .body("compliances[0].mspEcSummary.nextTotalTrialExpiringLicenseCount", equalTo(6))
                        .body("compliances[0].mspEcSummary.licensesUsed", equalTo(30))
                        .body("compliances[0].mspEcSummary.licenseGap", equalTo(16))
                        .body("compliances[0].mspEcSummary.overUsedTenants", empty())
                        .body("compliances[0].mspEcSummary.underutilizedTenants", empty())
                        // nothing assigned to itself: its own account holds nothing and its devices use 30
                        .body("compliances[0].self.totalActivePaidLicenseCount", equalTo(0))
                        .body("compliances[0].self.licenseGap", equalTo(-30))
                        .body("compliances[0].self.complianceStatus", equalTo("OVER_USED")));

        Msp m = mspWithOneCustomer();
        usage(m.customer(), TODAY, "APSW", "WIFI", 12, 12); // a later snapshot of the day: 12 used of 10 received
        await().atMost(WAIT)
                .untilAsserted(() -> asMsp(m.id(), COMPLIANCE, "{}")
                        .statusCode(200)
                        .body("compliances[0].mspEcSummary.licensesUsed", equalTo(15))
                        .body("compliances[0].mspEcSummary.overUsedTenants.tenantId", contains(m.customer()))
                        .body("compliances[0].mspEcSummary.overUsedTenants[0].licenseGap", equalTo(-2))
                        .body("compliances[0].mspEcSummary.overUsedTenants[0].complianceStatus", equalTo("OVER_USED"))
                        .body("compliances[0].mspEcSummary.underutilizedTenants", empty()));
    }

    @Test
    void aManagedCustomerWithNothingYetGetsEmptyAnswersAndOnlyAStrangerGets417() {
        String msp = newTenant();
        String ec = newTenant();
        manages(msp, ec);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> asCustomer(ec, UTILIZATION, "{}").statusCode(200).body("data", empty()));
        asCustomer(ec, UTILIZATION, PYTHON_CLIENT_BODY).statusCode(200).body("data", empty());
        asMspFor(msp, ec, UTILIZATION, PYTHON_CLIENT_BODY).statusCode(200).body("data", empty());
        asCustomer(ec, COMPLIANCE, "{\"filters\": {}}").statusCode(200).body("compliances", empty());
        asMspFor(msp, ec, COMPLIANCE, "{}").statusCode(200).body("compliances", empty());
        // a tenant neither the licensing system nor any MSP knows
        String stranger = newTenant();
        asCustomer(stranger, UTILIZATION, "{}").statusCode(417).body("errors[0].code", equalTo("ENTITLEMENT-10102"));
    }

    /** Every endpoint that takes filters.licenseType: a string means the same as a one-element list. */
    @ParameterizedTest
    @ValueSource(strings = {UTILIZATION, COMPLIANCE})
    void licenseTypeIsAStringOrAList(String path) {
        Msp m = mspWithOneCustomer();
        purchased(line(m.id(), "URLF", false, true, false, 8, day(-10), endOfDay(200)));
        await().atMost(WAIT)
                .untilAsserted(() -> asMsp(m.id(), path, "{}")
                        .statusCode(200)
                        .body(
                                path.equals(UTILIZATION) ? "data.licenseType" : "compliances.licenseType",
                                org.hamcrest.Matchers.hasItems("APSW", "URLF")));
        Map<String, Object> asString = asMsp(m.id(), path, "{\"filters\": {\"licenseType\": \"URLF\"}}")
                .statusCode(200)
                .extract()
                .as(Map.class);
        Map<String, Object> asList = asMsp(m.id(), path, "{\"filters\": {\"licenseType\": [\"URLF\"]}}")
                .statusCode(200)
                .extract()
                .as(Map.class);
        assertEquals(asList, asString);
        asMsp(m.id(), path, "{\"filters\": {\"licenseType\": \"URLF\"}}")
                .body(
                        path.equals(UTILIZATION) ? "data.licenseType" : "compliances.licenseType",
                        org.hamcrest.Matchers.everyItem(equalTo("URLF")))
                .body(path.equals(UTILIZATION) ? "data" : "compliances", not(empty()));
    }

    private static ValidatableResponse asMsp(String msp, String path, String body) {
        return given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then();
    }

    private static ValidatableResponse asCustomer(String customer, String path, String body) {
        return given().auth()
                .oauth2(TestTokens.token(customer, "MSP_EC", Roles.READ_ONLY))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then();
    }

    private static ValidatableResponse asMspFor(String msp, String customer, String path, String body) {
        return given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .header(CallerContext.TENANT_HEADER, customer)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then();
    }
}
