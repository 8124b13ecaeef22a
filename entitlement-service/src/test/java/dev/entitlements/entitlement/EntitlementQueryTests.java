package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.entitlement.entitlements.service.EntitlementItem;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /entitlements/query} over a read model fed through the real entitlement.events topic. */
@QuarkusTest
class EntitlementQueryTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.DAYS);

    /** Five lines of one MSP: a pool, own licenses, a trial, an expired and a future one. */
    private static String tenantWithFiveEntitlements() {
        String tenant = "msp-" + UUID.randomUUID();
        purchase(data(tenant, "pool", "APSW-MSP100-001", "APSW", "MSP_APSW", true, false, 100, -30, 300));
        purchase(data(tenant, "own", "CLD-APSW-1Y", "APSW", "APSW", false, false, 20, -30, 200));
        purchase(data(tenant, "trial", "CLD-URLF-1Y-TEMP", "URLF", "APSW", false, true, 5, -10, 50));
        purchase(data(tenant, "old", "CLD-APSW-1Y", "APSW", "APSW", false, false, 7, -400, -10));
        purchase(data(tenant, "next", "EDGE-SECL-3Y", "EDGE_SECL", "EDGE_SECL", false, false, 3, 10, 900));
        awaitCount(tenant, 5);
        return tenant;
    }

    @Test
    void theDefaultPageIsTheTenantsLiveEntitlementsByExpirationWithDerivedStatus() {
        String tenant = tenantWithFiveEntitlements();
        query(tenant, "{}")
                .statusCode(200)
                .body("objectId", equalTo("entitlement"))
                .body("totalCount", equalTo(5))
                .body("page", equalTo(1))
                .body("pageSize", equalTo(20))
                .body("errors", empty())
                .body("subsequentQueries", empty())
                .body("data.externalId", contains("old", "trial", "own", "pool", "next"))
                .body("data.status", contains("EXPIRED", "VALID", "VALID", "VALID", "FUTURE"))
                .body("data.usageType", contains("SELF", "SELF", "SELF", "ASSIGNED", "SELF"))
                .body("data[1].isTrial", equalTo(true))
                .body("data[1].tempLicense", equalTo(true))
                .body("data[3].deviceType", equalTo("MSP_APSW"))
                .body("data[3].quantity", equalTo(100))
                .body("data[3].isR1SKU", equalTo(true))
                .body("data[3].skuTier", equalTo("Gold"))
                .body("data[3].licenseDesc", containsString("access points"));
        // expiration is rendered as 23:59:59 of the expiry day; grace ends 30 days later
        String expiration = NOW.plus(300, ChronoUnit.DAYS).plusSeconds(86_399).toString();
        query(tenant, "{\"filters\": {\"usageType\": \"assigned\"}}")
                .body("data[0].expirationDate", equalTo(expiration))
                .body(
                        "data[0].graceEndDate",
                        equalTo(NOW.plus(330, ChronoUnit.DAYS)
                                .plusSeconds(86_399)
                                .toString()));
    }

    @Test
    void pagesFieldsAndSortingFollowTheEnvelope() {
        String tenant = tenantWithFiveEntitlements();
        query(
                        tenant,
                        "{\"page\": 2, \"pageSize\": 2, \"fields\": [\"externalId\", \"quantity\"], \"sortField\": \"quantity\","
                                + " \"sortOrder\": \"DESC\"}")
                .body("totalCount", equalTo(5))
                .body("page", equalTo(2))
                .body("pageSize", equalTo(2))
                .body("fields", contains("externalId", "quantity"))
                .body("data", hasSize(2))
                // fields is echoed but does not narrow the item (docs/decisions.md, Queries)
                .body("data[0].externalId", equalTo("old"))
                .body("data[0].quantity", equalTo(7))
                .body("data[0].id", org.hamcrest.Matchers.notNullValue())
                .body("data[0].status", equalTo("EXPIRED"))
                .body("data[1].externalId", equalTo("trial"));
        query(tenant, "{\"page\": 9}").body("totalCount", equalTo(5)).body("data", empty());
        query(tenant, "{\"defaultPageSize\": 3}").body("pageSize", equalTo(3)).body("data", hasSize(3));
        query(tenant, "{\"sortField\": \"sku\"}")
                .body(
                        "data.sku",
                        contains("APSW-MSP100-001", "CLD-APSW-1Y", "CLD-APSW-1Y", "CLD-URLF-1Y-TEMP", "EDGE-SECL-3Y"));
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/entitlements/query?excludeContent=true")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(5))
                .body("data", empty());
    }

    /**
     * Each sort field is declared once, on its record component, with the column it sorts by: every
     * one must sort in the database (a wrong column would be a 500), under strict handling too (so
     * none is silently ignored), in both directions.
     */
    @Test
    void everyDeclaredSortFieldSortsInTheDatabaseInBothDirections() {
        String tenant = tenantWithFiveEntitlements();
        for (String field : EntitlementItem.QUERY.definition().sortFields()) {
            for (String order : List.of("ASC", "DESC")) {
                given().auth()
                        .oauth2(TestTokens.readOnly(tenant))
                        .contentType(ContentType.JSON)
                        .header("Prefer", "handling=strict")
                        .body("{\"sortField\": \"" + field + "\", \"sortOrder\": \"" + order + "\"}")
                        .when()
                        .post("/entitlements/query")
                        .then()
                        .statusCode(200)
                        .body("totalCount", equalTo(5))
                        .body("data", hasSize(5));
            }
        }
        // derived columns sort by what is shown: the license type's name, not its code
        List<String> names =
                query(tenant, "{\"sortField\": \"licenseName\"}").extract().path("data.licenseName");
        assertEquals(names.stream().sorted().toList(), names);
        // only an ALM line has an ALM license type: its own
        query(tenant, "{}").body("data.almLicenseType", everyItem(nullValue()));
        String almTenant = "t-" + UUID.randomUUID();
        EntitlementData plain = data(almTenant, "alm", "CLD-URLF-1Y", "URLF", "APSW", false, false, 4, -1, 100);
        purchase(new EntitlementData(
                plain.tenantId(),
                plain.entitlementId(),
                plain.externalId(),
                plain.sku(),
                plain.licenseType(),
                plain.deviceType(),
                null,
                false,
                true,
                false,
                4,
                plain.effectiveDate(),
                plain.expirationDate(),
                null,
                false,
                true,
                "ALM-ACT-1",
                40L));
        awaitCount(almTenant, 1);
        query(almTenant, "{}").body("data[0].almLicenseType", equalTo("URLF")).body("data[0].alm", equalTo(true));
    }

    @Test
    void everyFilterRestrictsAndFiltersCombine() {
        String tenant = tenantWithFiveEntitlements();
        assertEquals(List.of("trial", "own", "pool"), externalIds(tenant, "{\"status\": [\"valid\"]}"));
        assertEquals(List.of("old", "trial", "own", "pool", "next"), externalIds(tenant, "{\"status\": []}"));
        assertEquals(List.of("trial"), externalIds(tenant, "{\"isTrial\": true}"));
        assertEquals(List.of("pool"), externalIds(tenant, "{\"usageType\": \"ASSIGNED\"}"));
        assertEquals(List.of("next"), externalIds(tenant, "{\"licenseType\": [\"EDGE_SECL\"]}"));
        assertEquals(List.of("trial", "next"), externalIds(tenant, "{\"licenseType\": [\"URLF\", \"EDGE_SECL\"]}"));
        assertEquals(List.of("pool"), externalIds(tenant, "{\"deviceType\": [\"MSP_APSW\"]}"));
        assertEquals(List.of("old", "own"), externalIds(tenant, "{\"sku\": [\"CLD-APSW-1Y\"]}"));
        assertEquals(List.of("own"), externalIds(tenant, "{\"sku\": [\"CLD-APSW-1Y\"], \"status\": [\"VALID\"]}"));
        assertEquals(List.of(), externalIds(tenant, "{\"isAssignedLicense\": true}"));
        String from = NOW.plus(100, ChronoUnit.DAYS).toString().substring(0, 10);
        String to = NOW.plus(400, ChronoUnit.DAYS).toString().substring(0, 10);
        assertEquals(
                List.of("own", "pool"),
                externalIds(tenant, "{\"expirationDate\": {\"from\": \"" + from + "\", \"to\": \"" + to + "\"}}"));
        assertEquals(
                List.of("next"),
                externalIds(tenant, "{\"effectiveDate\": {\"from\": \"" + NOW.plus(1, ChronoUnit.DAYS) + "\"}}"));
    }

    @Test
    void changesAndCancellationsReachTheReadModelAndOlderOrRepeatedEventsChangeNothing() {
        String tenant = "msp-" + UUID.randomUUID();
        EntitlementData bought = data(tenant, "line", "CLD-APSW-1Y", "APSW", "APSW", false, false, 10, -5, 100);
        CloudEvent purchased = purchase(bought);
        awaitCount(tenant, 1);
        EntitlementData more = data(tenant, "line", "CLD-APSW-1Y", "APSW", "APSW", false, false, 12, -5, 100);
        TestKafka.publish(
                EventType.ENTITLEMENT_CHANGED, tenant, new EntitlementChanged(more, bought, List.of("quantity")));
        await().atMost(WAIT).untilAsserted(() -> query(tenant, "{}").body("data[0].quantity", equalTo(12)));

        // the purchase again (a redelivery) and an older event of the line arriving late: both ignored
        TestKafka.publish(Topics.ENTITLEMENT_EVENTS, purchased);
        CloudEvent stale = CloudEvent.of(
                EventType.ENTITLEMENT_PURCHASED,
                "/tests",
                tenant,
                data(tenant, "line", "CLD-APSW-1Y", "APSW", "APSW", false, false, 1, -5, 100));
        TestKafka.publish(
                Topics.ENTITLEMENT_EVENTS,
                new CloudEvent(
                        stale.id(),
                        stale.type(),
                        stale.source(),
                        purchased.time().minusSeconds(60),
                        stale.subject(),
                        stale.data()));
        // a marker line proves the consumer got past both
        purchase(data(tenant, "marker", "CLD-APSW-1Y", "APSW", "APSW", false, false, 1, -5, 100));
        awaitCount(tenant, 2);
        query(
                        tenant,
                        "{\"filters\": {\"sku\": [\"CLD-APSW-1Y\"]}, \"sortField\": \"quantity\", \"sortOrder\": \"DESC\"}")
                .body("data.quantity", contains(12, 1));

        TestKafka.publish(EventType.ENTITLEMENT_CANCELLED, tenant, more);
        awaitCount(tenant, 1);
        query(tenant, "{}").body("data.externalId", contains("marker"));
    }

    @Test
    void aTenantSeesOnlyItsOwnRowsAndOneWithoutAnyGets417() {
        String tenant = tenantWithFiveEntitlements();
        String other = "msp-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.mspAdmin(other))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(417)
                .body("errors[0].code", equalTo("ENTITLEMENT-10102"))
                .body("requestId", org.hamcrest.Matchers.notNullValue());
        purchase(data(other, "mine", "CLD-APSW-1Y", "APSW", "APSW", false, false, 1, -5, 100));
        awaitCount(other, 1);
        query(other, "{}").body("data.externalId", contains("mine"));
        query(tenant, "{}").body("totalCount", equalTo(5));
    }

    @Test
    void badInputGetsTheErrorBodyNever500() {
        String tenant = tenantWithFiveEntitlements();
        strictOnly(tenant, "{\"page\": 0}", "'page'");
        badRequest(tenant, "{\"page\": \"x\"}", null);
        strictOnly(tenant, "{\"pageSize\": 10001}", "'pageSize'");
        strictOnly(tenant, "{\"pageSize\": 0}", "'pageSize'");
        strictOnly(tenant, "{\"fields\": [\"colour\"]}", "unknown fields entry 'colour'");
        strictOnly(tenant, "{\"sortField\": \"colour\"}", "unknown sortField 'colour'");
        strictOnly(tenant, "{\"sortOrder\": \"UP\"}", "'sortOrder'");
        strictOnly(tenant, "{\"filters\": {\"colour\": [\"red\"]}}", "unknown filters key 'colour'");
        badRequest(tenant, "{\"filters\": {\"isTrial\": \"yes\"}}", "'filters.isTrial'");
        badRequest(tenant, "{\"filters\": {\"status\": [1]}}", "'filters.status'");
        badRequest(
                tenant,
                "{\"filters\": {\"expirationDate\": {\"from\": \"tomorrow\"}}}",
                "'filters.expirationDate.from'");
        strictOnly(tenant, "{\"colour\": 1}", "unknown field 'colour'");
        badRequest(tenant, "{not json", null);
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body("{\"filters\": {\"expirationDate\": {\"from\": \"2025-02-01\", \"to\": \"2025-01-01\"}}}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(422)
                .body("errors[0].code", equalTo("ENTITLEMENT-10103"));
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/entitlements/query?excludeContent=maybe")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.TEXT)
                .body("{}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(415);
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheProjectionGoesOn() {
        String tenant = "msp-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        TestKafka.publishRaw(Topics.ENTITLEMENT_EVENTS, tenant, "{broken " + marker);
        purchase(data(tenant, "after", "CLD-APSW-1Y", "APSW", "APSW", false, false, 1, -5, 100));
        TestKafka.await(
                Topics.deadLetter(Topics.ENTITLEMENT_EVENTS), r -> r.value().contains(marker), WAIT);
        awaitCount(tenant, 1);
    }

    /** Tolerated as the vendor's clients need (200), refused with {@code Prefer: handling=strict} (400 naming it). */
    private static void strictOnly(String tenant, String body, String reasonPart) {
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .header("Prefer", "handling=strict")
                .body(body)
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(400)
                .header("Preference-Applied", "handling=strict")
                .body("errors[0].reason", containsString(reasonPart));
    }

    private static void badRequest(String tenant, String body, String reasonPart) {
        ValidatableResponse r = given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(400)
                .body("requestId", org.hamcrest.Matchers.notNullValue())
                .body("errors[0].code", org.hamcrest.Matchers.startsWith("ENTITLEMENT-"));
        if (reasonPart != null) {
            r.body("errors[0].reason", containsString(reasonPart));
        }
    }

    private static List<String> externalIds(String tenant, String filters) {
        return query(tenant, "{\"filters\": " + filters + "}").extract().path("data.externalId");
    }

    static ValidatableResponse query(String tenant, String body) {
        return given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(200);
    }

    static void awaitCount(String tenant, int count) {
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(TestTokens.readOnly(tenant))
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .when()
                        .post("/entitlements/query")
                        .then()
                        .body("totalCount", equalTo(count)));
    }

    static CloudEvent purchase(EntitlementData e) {
        return TestKafka.publish(EventType.ENTITLEMENT_PURCHASED, e.tenantId(), e);
    }

    /** An entitlement valid from {@code fromDays} to {@code toDays} days from today. */
    static EntitlementData data(
            String tenant,
            String externalId,
            String sku,
            String licenseType,
            String deviceType,
            boolean mspPool,
            boolean trial,
            int quantity,
            int fromDays,
            int toDays) {
        return new EntitlementData(
                tenant,
                "acc-" + tenant,
                externalId,
                sku,
                licenseType,
                deviceType,
                null,
                trial,
                true,
                mspPool,
                quantity,
                NOW.plus(fromDays, ChronoUnit.DAYS),
                NOW.plus(toDays, ChronoUnit.DAYS).plusSeconds(3600),
                "Gold",
                false,
                false,
                null,
                null);
    }
}
