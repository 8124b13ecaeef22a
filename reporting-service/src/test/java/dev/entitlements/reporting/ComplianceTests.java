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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AttentionRaised;
import dev.entitlements.infra.EventSchemas;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code POST /entitlements/compliances/query}: licenses against use, for an MSP and the customers it manages. */
@QuarkusTest
class ComplianceTests {

    private static final String PATH = "/entitlements/compliances/query";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);

    @Test
    void anMspSeesItsOwnAccountAndTheSummaryOfItsCustomersWithTheOnesOutOfLine() {
        String msp = newTenant();
        String over = newTenant();
        String fine = newTenant();
        manages(msp, over);
        manages(msp, fine);
        purchased(line(msp, "APSW", false, true, false, 200, day(-10), endOfDay(300)));
        assigned(msp, msp, "APSW", false, 5, day(0), endOfDay(100));
        assigned(msp, over, "APSW", false, 30, day(0), endOfDay(90));
        purchased(line(over, "APSW", true, false, false, 4, day(-3), endOfDay(10)));
        purchased(line(fine, "APSW", false, false, false, 10, day(-3), endOfDay(15)));
        purchased(line(fine, "APSW", false, false, false, 6, day(-3), endOfDay(15)));
        usage(msp, TODAY, "APSW", "WIFI", 2, 2);
        usage(over, TODAY, "APSW", "WIFI", 20, 32);
        usage(over, TODAY, "APSW", "SWITCH", 3, 4);
        usage(fine, TODAY, "APSW", "WIFI", 8, 8);

        await().atMost(WAIT)
                .untilAsserted(() -> query(msp, "{\"filters\": {}}")
                        .statusCode(200)
                        .body("compliances.licenseType", contains("APSW"))
                        // its own account: the five it assigned itself, two in use (below half: under-utilized)
                        .body("compliances[0].self.tenantId", equalTo(msp))
                        .body("compliances[0].self.tenantName", equalTo("MSP " + msp))
                        .body("compliances[0].self.totalActivePaidLicenseCount", equalTo(5))
                        .body("compliances[0].self.totalActivePaidAssignedLicenseCount", equalTo(5))
                        .body("compliances[0].self.licensesUsed", equalTo(2))
                        .body("compliances[0].self.licenseGap", equalTo(3))
                        .body("compliances[0].self.complianceStatus", equalTo("UNDERUTILIZED"))
                        .body("compliances[0].self", not(hasKey("overUsedTenants")))
                        // MSP-wide: the whole pool of 200 (35 of it assigned out) against the devices of the MSP
                        // and both customers, 2 + 36 + 8 used; the next expiry is the pool's
                        .body("compliances[0].mspEcSummary.tenantId", equalTo(msp))
                        .body("compliances[0].mspEcSummary.tenantName", equalTo("MSP " + msp))
                        .body("compliances[0].mspEcSummary.totalActivePaidLicenseCount", equalTo(200))
                        .body("compliances[0].mspEcSummary.totalActiveTrialLicenseCount", equalTo(0))
                        .body("compliances[0].mspEcSummary.totalActivePaidAssignedLicenseCount", equalTo(35))
                        .body("compliances[0].mspEcSummary.licensesUsed", equalTo(46))
                        .body("compliances[0].mspEcSummary.licenseGap", equalTo(154))
                        .body("compliances[0].mspEcSummary.complianceStatus", equalTo("UNDERUTILIZED"))
                        .body("compliances[0].mspEcSummary.deviceCompliances.deviceType", contains("SWITCH", "WIFI"))
                        .body("compliances[0].mspEcSummary.deviceCompliances.installedDeviceCount", contains(3, 30))
                        .body("compliances[0].mspEcSummary.deviceCompliances.usedLicenseCount", contains(4, 42))
                        .body(
                                "compliances[0].mspEcSummary.nextPaidExpirationDate",
                                equalTo(TODAY.plusDays(300).toString()))
                        .body("compliances[0].mspEcSummary.nextTotalPaidExpiringLicenseCount", equalTo(200))
                        .body("compliances[0].mspEcSummary.nextTrialExpirationDate", equalTo(null))
                        .body("compliances[0].mspEcSummary.nextTotalTrialExpiringLicenseCount", equalTo(0))
                        // each customer by its own account: 34 held and 36 used; 16 held and 8 used (half: not under)
                        .body("compliances[0].mspEcSummary.overUsedTenants.tenantId", contains(over))
                        .body("compliances[0].mspEcSummary.overUsedTenants[0].licenseGap", equalTo(-2))
                        .body("compliances[0].mspEcSummary.underutilizedTenants", empty()));
        // SELF: no summary; a customer itself sees only its own account, over-used
        query(msp, "{\"filters\": {\"complianceType\": \"SELF\"}}")
                .statusCode(200)
                .body("compliances[0]", not(hasKey("mspEcSummary")));
        given().auth()
                .oauth2(TestTokens.token(over, "MSP_EC", "READ_ONLY"))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .body("compliances[0].self.licenseGap", equalTo(-2))
                .body("compliances[0].self.complianceStatus", equalTo("OVER_USED"))
                .body("compliances[0]", not(hasKey("mspEcSummary")));
        query(msp, "{\"filters\": {\"licenseType\": \"URLF\"}}").statusCode(200).body("compliances", empty());
    }

    @Test
    void usageAboveTheLicensesHeldRaisesAComplianceGapNoteThatClosesWhenItFitsAgain() {
        String tenant = newTenant();
        purchased(line(tenant, "APSW", false, false, false, 10, day(-3), endOfDay(100)));
        usage(tenant, TODAY, "APSW", "WIFI", 12, 12);
        ConsumerRecord<String, String> raised =
                TestKafka.await(Topics.ATTENTION_EVENTS, r -> tenant.equals(r.key()), WAIT);
        AttentionRaised note = EventJson.read(raised.value(), AttentionRaised.class);
        assertEquals("COMPLIANCE_GAP:USAGE:APSW", note.noteId());
        assertEquals("COMPLIANCE_GAP", note.type());
        assertEquals("2 APSW licenses are in use beyond those held", note.summary());
        assertNull(note.endDate());
        assertEquals(List.of(), EventSchemas.violations(EventType.ATTENTION_RAISED, raised.value()));

        usage(tenant, TODAY, "APSW", "WIFI", 8, 8); // a later snapshot of the same day
        ConsumerRecord<String, String> closed = TestKafka.await(
                Topics.ATTENTION_EVENTS,
                r -> tenant.equals(r.key())
                        && EventJson.read(r.value(), AttentionRaised.class).endDate() != null,
                WAIT);
        AttentionRaised end = EventJson.read(closed.value(), AttentionRaised.class);
        assertEquals(note.noteId(), end.noteId());
        assertEquals(note.startDate(), end.startDate());
        query(tenant, "{\"filters\": {}}")
                .statusCode(200)
                .body("compliances[0].self.licenseGap", equalTo(2))
                .body("compliances[0].self.complianceStatus", equalTo("COMPLIANT"));
    }

    @Test
    void badFiltersGet400() {
        String tenant = newTenant();
        query(tenant, "{\"filters\": {\"complianceType\": \"ALL\"}}")
                .statusCode(400)
                .body("errors[0].reason", containsString("complianceType"));
        query(tenant, "{\"filters\": {\"licenseType\": 7}}").statusCode(400);
        // unknown names are ignored (tolerant reader), refused only under Prefer: handling=strict
        for (String tolerated : java.util.List.of("{\"filters\": {\"colour\": \"red\"}}", "{\"filtres\": {}}")) {
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
        query(tenant, "{}").statusCode(200).body("compliances", empty());
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
