package dev.entitlements.reporting;

import static dev.entitlements.reporting.ReportEvents.NOW;
import static dev.entitlements.reporting.ReportEvents.assigned;
import static dev.entitlements.reporting.ReportEvents.cancelled;
import static dev.entitlements.reporting.ReportEvents.changed;
import static dev.entitlements.reporting.ReportEvents.day;
import static dev.entitlements.reporting.ReportEvents.endOfDay;
import static dev.entitlements.reporting.ReportEvents.line;
import static dev.entitlements.reporting.ReportEvents.newTenant;
import static dev.entitlements.reporting.ReportEvents.purchased;
import static dev.entitlements.reporting.ReportEvents.revoked;
import static dev.entitlements.reporting.ReportEvents.usage;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestMetrics;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /entitlements/utilizations/query}: pools, purchases, assignments and device usage
 * published through the real broker, projected by the batch consumer, answered over HTTP.
 */
@QuarkusTest
class UtilizationTests {

    private static final String PATH = "/entitlements/utilizations/query";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);

    @Test
    void anMspSeesItsPoolsAssignedOutAndACustomerWhatItOwnsReceivedAndUses() {
        String msp = newTenant();
        String customer = newTenant();
        purchased(line(msp, "APSW", false, true, false, 100, day(-10), endOfDay(300)));
        purchased(line(msp, "APSW", false, true, true, 4, day(-10), endOfDay(300))); // courtesy licenses in the pool
        purchased(line(msp, "APSW", true, true, false, 10, day(-10), endOfDay(30)));
        assigned(msp, customer, "APSW", false, 30, day(0), endOfDay(100));
        assigned(msp, msp, "APSW", false, 5, day(0), endOfDay(100));
        purchased(line(customer, "APSW", false, false, false, 20, day(-5), endOfDay(200)));
        usage(customer, TODAY.minusDays(1), "APSW", "WIFI", 20, 21);
        usage(customer, TODAY, "MSP_APSW", "SWITCH", 3, 4); // the usage-report name of the same license type
        usage(msp, TODAY, "APSW", "WIFI", 3, 3);

        await().atMost(WAIT)
                .untilAsserted(
                        () -> query(msp, "{\"filters\": {\"usageType\": \"assigned\"}}", ContentType.JSON.toString())
                                .statusCode(200)
                                .body("data.isTrial", contains(false, true))
                                .body("data[0].usageType", equalTo("ASSIGNED"))
                                .body("data[0].purchasedQuantity", equalTo(100))
                                .body("data[0].courtesyQuantity", equalTo(4))
                                .body("data[0].quantity", equalTo(104))
                                .body("data[0].usedQuantity", equalTo(35))
                                .body("data[0].usedQuantityForOwnAssignment", equalTo(5))
                                .body("data[0].assignedQuantity", equalTo(35))
                                .body("data[0].remainingLicenses", equalTo(69))
                                .body("data[0].remainingQuantity", equalTo(69))
                                .body("data[1].quantity", equalTo(10))
                                .body("data[1].usedQuantity", equalTo(0)));
        // the MSP's own account: the 5 it assigned to itself, 3 used by its devices
        // awaited too: the MSP's device usage is its own event, perhaps projected after the pools were
        await().atMost(WAIT)
                .untilAsserted(() -> query(msp, "{\"filters\": {\"usageType\": \"Self\"}}", ContentType.JSON.toString())
                        .statusCode(200)
                        .body("data.usageType", contains("SELF"))
                        .body("data[0].quantity", equalTo(5))
                        .body("data[0].assignedQuantity", equalTo(5))
                        .body("data[0].usedQuantity", equalTo(3))
                        .body("data[0].remainingLicenses", equalTo(2)));
        // the customer: 20 bought + 30 received; its latest day's usage over both device types
        await().atMost(WAIT)
                .untilAsserted(() -> query(customer, "{}", ContentType.JSON.toString())
                        .statusCode(200)
                        .body("data.usageType", contains("SELF"))
                        .body("data[0].licenseType", equalTo("APSW"))
                        .body("data[0].purchasedQuantity", equalTo(20))
                        .body("data[0].assignedQuantity", equalTo(30))
                        .body("data[0].quantity", equalTo(50))
                        .body("data[0].usedQuantity", equalTo(4))
                        .body("data[0].usedQuantityForOwnAssignment", equalTo(0))
                        .body("data[0].remainingLicenses", equalTo(46)));
        // isAssignedLicense narrows only an MSP's view: a customer's received licenses are always its own
        for (String assignedLicense : new String[] {"true", "false"}) {
            given().auth()
                    .oauth2(TestTokens.token(customer, "MSP_EC", "READ_ONLY"))
                    .contentType(ContentType.JSON)
                    .body("{\"filters\": {\"isAssignedLicense\": " + assignedLicense + "}}")
                    .when()
                    .post(PATH)
                    .then()
                    .statusCode(200)
                    .body("data[0].quantity", equalTo(50))
                    .body("data[0].assignedQuantity", equalTo(30))
                    .body("data[0].purchasedQuantity", equalTo(20));
        }
    }

    @Test
    void v1AlwaysListsTheTrialEntryAndV11OnlyWithValidOrUsedTrialLicenses() {
        String tenant = newTenant();
        purchased(line(tenant, "APSW", false, false, false, 8, day(-1), endOfDay(50)));
        purchased(line(tenant, "EDGE_SECS", true, false, false, 2, day(-1), endOfDay(50)));
        await().atMost(WAIT)
                .untilAsserted(() -> query(tenant, "{}", ApiMediaTypes.V1)
                        .statusCode(200)
                        .header("Content-Type", containsString(ApiMediaTypes.V1))
                        .header("Deprecation", equalTo("@1751328000")) // 2025-07-01
                        .header(
                                "Sunset",
                                equalTo(dev.entitlements.common.rest.DeprecationHeaders.sunset()
                                        .orElse("(none: the configured sunset has come)")))
                        .body("data.licenseType", contains("APSW", "APSW", "EDGE_SECS", "EDGE_SECS"))
                        .body("data.isTrial", contains(false, true, false, true))
                        .body("data.quantity", contains(8, 0, 0, 2)));
        for (String type : new String[] {ApiMediaTypes.V1_1, ContentType.JSON.toString()}) {
            query(tenant, "{}", type)
                    .statusCode(200)
                    .header("Deprecation", nullValue())
                    .body("data.licenseType", contains("APSW", "EDGE_SECS", "EDGE_SECS"))
                    .body("data.isTrial", contains(false, false, true));
        }
        // the version follows the body's Content-Type when the caller accepts anything
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ApiMediaTypes.V1)
                .accept("*/*")
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .header("Content-Type", containsString(ApiMediaTypes.V1))
                .body("data.isTrial", contains(false, true, false, true));
    }

    @Test
    void expiryCancellationRevocationAndCorrectionsMoveTheFigures() {
        String msp = newTenant();
        String customer = newTenant();
        EntitlementData pool = purchased(line(msp, "URLF", false, true, false, 50, day(-100), endOfDay(100)));
        purchased(line(msp, "URLF", false, true, false, 7, day(-100), endOfDay(-1))); // expired yesterday
        purchased(line(msp, "URLF", false, true, false, 9, day(10), endOfDay(100))); // starts in ten days
        EntitlementData dropped = purchased(line(msp, "URLF", false, true, false, 11, day(-100), endOfDay(100)));
        AssignmentData a = assigned(msp, customer, "URLF", false, 20, day(0), endOfDay(50));
        await().atMost(WAIT)
                .untilAsserted(() -> assignedView(msp, "URLF")
                        .body("data[0].quantity", equalTo(61))
                        .body("data[0].usedQuantity", equalTo(20)));

        cancelled(dropped);
        revoked(a);
        changed(pool, 40);
        await().atMost(WAIT)
                .untilAsserted(() -> assignedView(msp, "URLF")
                        .body("data[0].quantity", equalTo(40))
                        .body("data[0].usedQuantity", equalTo(0))
                        .body("data[0].remainingLicenses", equalTo(40)));
        // the status filter counts other licenses: the one that expired, the one that has not started
        query(
                        msp,
                        "{\"filters\": {\"usageType\": \"ASSIGNED\", \"isTrial\": false, \"status\": [\"EXPIRED\"]}}",
                        ContentType.JSON.toString())
                .statusCode(200)
                .body("data[0].quantity", equalTo(7));
        query(
                        msp,
                        "{\"filters\": {\"usageType\": \"ASSIGNED\", \"isTrial\": false, \"status\": [\"FUTURE\", \"VALID\"]}}",
                        ContentType.JSON.toString())
                .statusCode(200)
                .body("data[0].quantity", equalTo(49));
        // the revoked assignment left the customer too
        await().atMost(WAIT)
                .untilAsserted(() -> query(customer, "{}", ContentType.JSON.toString())
                        .statusCode(200)
                        .body("data[0].quantity", equalTo(0)));
    }

    @Test
    void redeliveredAndStaleEventsChangeNothing() {
        String msp = newTenant();
        EntitlementData pool = line(msp, "APSW", false, true, false, 30, day(-1), endOfDay(60));
        CloudEvent first = ReportEvents.publish(EventType.ENTITLEMENT_PURCHASED, msp, pool, NOW);
        TestKafka.publish(Topics.ENTITLEMENT_EVENTS, first); // the same event again
        // an older state of the line arriving late
        ReportEvents.publish(EventType.ENTITLEMENT_CANCELLED, msp, pool, NOW.minusSeconds(60));
        AssignmentData a = assigned(msp, msp, "APSW", false, 3, day(0), endOfDay(10));
        await().atMost(WAIT)
                .untilAsserted(() -> assignedView(msp, "APSW")
                        .body("data[0].quantity", equalTo(30))
                        .body("data[0].usedQuantity", equalTo(3)));
        // the assignment's creation delivered again after its revocation: still revoked
        revoked(a);
        ReportEvents.publish(EventType.ASSIGNMENT_CREATED, msp, a, a.createdDate());
        assigned(msp, msp, "APSW", false, 1, day(0), endOfDay(10)); // marks the end
        await().atMost(WAIT).untilAsserted(() -> assignedView(msp, "APSW").body("data[0].usedQuantity", equalTo(1)));
    }

    @Test
    void unreadableRecordsOfEachTopicGoToItsDeadLetterTopicAndTheRestIsApplied() {
        String msp = newTenant();
        Map<String, String> deadEntitlements = Map.of("topic", Topics.deadLetter(Topics.ENTITLEMENT_EVENTS));
        double deadBefore = TestMetrics.value("messaging_dead_letters_total", deadEntitlements);
        String marker = UUID.randomUUID().toString();
        TestKafka.publishRaw(Topics.ASSIGNMENT_EVENTS, msp, "{\"marker\":\"" + marker + "\"}");
        // a CloudEvent whose payload cannot be applied: no line id, a negative quantity
        TestKafka.publish(
                Topics.ENTITLEMENT_EVENTS,
                new CloudEvent(
                        UUID.randomUUID().toString(),
                        EventType.ENTITLEMENT_PURCHASED.type(),
                        "/tests",
                        NOW,
                        msp,
                        "{\"tenantId\": \"" + msp + "\", \"quantity\": -1, \"marker\": \"" + marker + "\"}"));
        purchased(line(msp, "APSW", false, true, false, 12, day(-1), endOfDay(60)));

        ConsumerRecord<String, String> dead = TestKafka.await(
                Topics.deadLetter(Topics.ASSIGNMENT_EVENTS),
                r -> r.value() != null && r.value().contains(marker),
                WAIT);
        String reason =
                new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(reason.contains("not a CloudEvent"), reason);
        TestKafka.await(
                Topics.deadLetter(Topics.ENTITLEMENT_EVENTS),
                r -> r.value() != null && r.value().contains(marker),
                WAIT);
        // counted once the relay published it (alert DeadLettersGrowing)
        await().atMost(WAIT)
                .until(() -> TestMetrics.value("messaging_dead_letters_total", deadEntitlements) >= deadBefore + 1);
        await().atMost(WAIT).untilAsserted(() -> assignedView(msp, "APSW").body("data[0].quantity", equalTo(12)));
    }

    @Test
    void aTenantSeesOnlyItsOwnFiguresAndOneWithNothingGets417() {
        String mine = newTenant();
        purchased(line(mine, "APSW", false, false, false, 6, day(-1), endOfDay(60)));
        await().atMost(WAIT)
                .untilAsserted(() -> query(mine, "{}", ContentType.JSON.toString())
                        .statusCode(200)
                        .body("data[0].quantity", equalTo(6)));
        query(newTenant(), "{}", ContentType.JSON.toString())
                .statusCode(417)
                .body("errors[0].code", equalTo("ENTITLEMENT-10102"))
                .body("requestId", notNullValue());
        // another tenant's MSP may not name this tenant without managing it
        given().auth()
                .oauth2(TestTokens.readOnly(newTenant()))
                .header("x-rks-tenantid", mine)
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(404);
    }

    @Test
    void anMspActsForACustomerItManages() {
        String msp = newTenant();
        String customer = newTenant();
        ReportEvents.manages(msp, customer);
        purchased(line(customer, "APSW", false, false, false, 9, day(-1), endOfDay(60)));
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(TestTokens.readOnly(msp))
                        .header("x-rks-tenantid", customer)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .when()
                        .post(PATH)
                        .then()
                        .statusCode(200)
                        .body("data[0].quantity", equalTo(9)));
    }

    @Test
    void badInputGetsTheErrorBodyNeverA500() {
        String tenant = newTenant();
        purchased(line(tenant, "APSW", false, false, false, 1, day(-1), endOfDay(60)));
        String[][] cases = {
            {"{\"filters\": {\"licenseType\": [\"NOPE\"]}}", "licenseType"},
            {"{\"filters\": {\"usageType\": \"SOMETIMES\"}}", "usageType"},
            {"{\"filters\": {\"isTrial\": \"maybe\"}}", "isTrial"},
            {"{\"filters\": {\"status\": [\"REVOKED\"]}}", "status"},
        };
        for (String[] c : cases) {
            query(tenant, c[0], ContentType.JSON.toString())
                    .statusCode(400)
                    .body("errors[0].code", startsWith("ENTITLEMENT-"))
                    .body("errors[0].reason", containsString(c[1]));
        }
        // unknown names are tolerated (the UI's table helper sends them), refused only when the client asks for
        // strictness
        for (String tolerated :
                java.util.List.of("{\"filter\": {}}", "{\"filters\": {\"colour\": [\"red\"]}}", "{\"page\": 0}")) {
            query(tenant, tolerated, ContentType.JSON.toString()).statusCode(200);
            given().auth()
                    .oauth2(TestTokens.readOnly(tenant))
                    .contentType(ContentType.JSON)
                    .header("Prefer", "handling=strict")
                    .body(tolerated)
                    .when()
                    .post(PATH)
                    .then()
                    .statusCode(400)
                    .header("Preference-Applied", "handling=strict");
        }
        query(tenant, "{\"filters\": [1, 2]}", ContentType.JSON.toString()).statusCode(400); // wrong type
        query(tenant, "{not json", ContentType.JSON.toString()).statusCode(400);
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.TEXT)
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(415)
                .body("errors[0].code", startsWith("ENTITLEMENT-"));
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .accept("text/csv")
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(406);
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
        // paging, when asked for, slices the list
        await().atMost(WAIT)
                .untilAsserted(() -> query(tenant, "{\"page\": 2, \"pageSize\": 1}", ApiMediaTypes.V1)
                        .statusCode(200)
                        .body("data.isTrial", contains(true)));
        query(tenant, "{\"page\": 3, \"pageSize\": 1}", ApiMediaTypes.V1)
                .statusCode(200)
                .body("data", empty());
    }

    private static ValidatableResponse assignedView(String msp, String licenseType) {
        return query(
                        msp,
                        "{\"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": \"" + licenseType
                                + "\", \"isTrial\": false}}",
                        ContentType.JSON.toString())
                .statusCode(200);
    }

    private static ValidatableResponse query(String tenant, String body, String mediaType) {
        return given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(mediaType)
                .accept(mediaType)
                .body(body)
                .when()
                .post(PATH)
                .then();
    }
}
