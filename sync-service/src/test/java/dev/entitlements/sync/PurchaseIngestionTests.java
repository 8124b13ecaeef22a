package dev.entitlements.sync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.infra.EventSchemas;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestMetrics;
import dev.entitlements.infra.test.TestTokens;
import dev.entitlements.sync.request.service.SyncJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The three ingestion paths on the real broker and database, and the events they announce. */
@QuarkusTest
class PurchaseIngestionTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @jakarta.inject.Inject
    SyncJobs jobs;

    @Test
    void recordsOnTheTopicBecomePurchasedChangedAndCancelledEventsAndAReplayAnnouncesNothing() {
        String tenant = newTenant();
        PurchaseRecord a = record(tenant, "line-a", "APSW-MSP100-001", 10, null);
        PurchaseRecord b = record(tenant, "line-b", "CLD-URLF-1Y-TEMP", 3, null);
        publish(a);
        publish(a); // a duplicate delivery
        publish(b);
        publish(record(tenant, "line-a", "APSW-MSP100-001", 12, null)); // quantity up
        publish(record(tenant, "line-b", "CLD-URLF-1Y-TEMP", 3, true)); // cancelled
        // the latest records replayed: the platform already knows all of it
        publish(record(tenant, "line-a", "APSW-MSP100-001", 12, null));
        publish(record(tenant, "line-b", "CLD-URLF-1Y-TEMP", 3, true));
        publish(record(tenant, "marker", "CLD-APSW-1Y", 1, null));

        List<ConsumerRecord<String, String>> events = eventsUntilMarker(tenant);
        assertEquals(
                List.of(
                        "entitlement.purchased.v1",
                        "entitlement.purchased.v1",
                        "entitlement.changed.v1",
                        "entitlement.cancelled.v1",
                        "entitlement.purchased.v1"),
                events.stream().map(r -> TestKafka.header(r, "ce_type")).toList());
        for (ConsumerRecord<String, String> e : events) {
            EventType type = EventType.of(TestKafka.header(e, "ce_type")).orElseThrow();
            assertEquals(List.of(), EventSchemas.violations(type, e.value()), e.value());
            assertEquals(tenant, TestKafka.header(e, "ce_subject"));
            assertEquals("/sync-service", TestKafka.header(e, "ce_source"));
        }
        EntitlementData purchased = EventJson.read(events.get(0).value(), EntitlementData.class);
        assertEquals("MSP_APSW", purchased.deviceType());
        assertTrue(purchased.mspPool());
        assertTrue(EventJson.read(events.get(1).value(), EntitlementData.class).trial());
        EntitlementChanged changed = EventJson.read(events.get(2).value(), EntitlementChanged.class);
        assertEquals(List.of("quantity"), changed.changedFields());
        assertEquals(12, changed.entitlement().quantity());
        assertEquals(10, changed.previous().quantity());
    }

    @Test
    void aBadRecordGoesToTheDeadLetterTopicRaisesANoticeAndTheStreamGoesOn() {
        String tenant = newTenant();
        String marker = UUID.randomUUID().toString();
        TestKafka.publishRaw(
                Topics.LICENSING_PURCHASES,
                tenant,
                EventJson.write(new PurchaseRecord(
                        tenant,
                        "acc-" + tenant,
                        marker,
                        "WIDGET-9",
                        0,
                        "2024-01-01",
                        "2024-12-31",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)));
        TestKafka.publishRaw(Topics.LICENSING_PURCHASES, tenant, "{not json " + marker);
        publish(record(tenant, "marker", "CLD-APSW-1Y", 1, null));

        ConsumerRecord<String, String> dead = TestKafka.await(
                Topics.deadLetter(Topics.LICENSING_PURCHASES),
                r -> r.value().contains(marker) && r.value().startsWith("{\""),
                WAIT);
        String reason = TestKafka.header(dead, "dead-letter-reason");
        assertTrue(reason.contains("unknown SKU 'WIDGET-9'") && reason.contains("'quantity' must be positive"), reason);
        TestKafka.await(
                Topics.deadLetter(Topics.LICENSING_PURCHASES), r -> r.value().startsWith("{not json " + marker), WAIT);
        ConsumerRecord<String, String> note =
                TestKafka.await(Topics.ATTENTION_EVENTS, r -> tenant.equals(r.key()), WAIT);
        assertEquals("attention.raised.v1", TestKafka.header(note, "ce_type"));
        assertEquals(List.of(), EventSchemas.violations(EventType.ATTENTION_RAISED, note.value()));
        assertTrue(note.value().contains("SYNC_FAILED"));
        // the good record of the same stream was applied
        assertEquals(1, eventsUntilMarker(tenant).size());
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "sync_purchases_received_total{outcome=\"rejected\",path=\"topic\""));
    }

    @Test
    void theWebhookImportsAllOrNothingAndNamesEveryBadRecord() {
        String tenant = newTenant();
        String good = EventJson.write(record(tenant, "w1", "CLD-APSW-1Y", 4, null));
        String unknownSku = EventJson.write(record(tenant, "w2", "WIDGET-9", 4, null));
        String noQuantity = EventJson.write(new PurchaseRecord(
                tenant,
                "acc",
                "w3",
                "CLD-APSW-1Y",
                null,
                "2024-01-01",
                "2024-12-31",
                null,
                null,
                null,
                null,
                null,
                null));

        given().auth()
                .oauth2(service())
                .contentType(ContentType.JSON)
                .body("[" + good + "," + unknownSku + "]")
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(422)
                .body("errors[0].code", equalTo("ENTITLEMENT-10103"))
                .body("errors[0].reason", startsWith("records[1]: unknown SKU"));
        given().auth()
                .oauth2(service())
                .contentType(ContentType.JSON)
                .body("[" + good + "," + unknownSku + "," + noQuantity + "]")
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(400)
                .body("errors.reason", hasItem("records[2]: 'quantity' is required"));
        assertEquals(0L, TestDatabase.single("SELECT count(*) FROM purchase WHERE tenant_id = ?", tenant));

        given().auth()
                .oauth2(service())
                .contentType(ContentType.JSON)
                .body("[" + good + "]")
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(200)
                .body("received", equalTo(1))
                .body("purchased", equalTo(1));
        given().auth()
                .oauth2(service())
                .contentType(ContentType.JSON)
                .body("[" + good + "]")
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(200)
                .body("purchased", equalTo(0))
                .body("unchanged", equalTo(1));
    }

    @Test
    void theWebhookIsForTheLicensingSystemOnlyAndRejectsBadBodies() {
        String body = "[" + EventJson.write(record(newTenant(), "x", "CLD-APSW-1Y", 1, null)) + "]";
        given().auth()
                .oauth2(TestTokens.mspAdmin(newTenant()))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(service())
                .contentType(ContentType.JSON)
                .body("[]")
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(400);
        // an unknown field is ignored like everywhere (tolerant reader); the record still lacks what it needs
        given().auth()
                .oauth2(service())
                .contentType(ContentType.JSON)
                .body("[{\"tenantId\": \"t\", \"colour\": \"red\"}]")
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("ENTITLEMENT-10002"));
        given().auth()
                .oauth2(service())
                .contentType(ContentType.JSON)
                .header("Prefer", "handling=strict")
                .body("[{\"tenantId\": \"t\", \"colour\": \"red\"}]")
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("ENTITLEMENT-10003"));
        given().auth()
                .oauth2(service())
                .contentType(ContentType.JSON)
                .body("{\"tenantId\": \"t\"}")
                .when()
                .post("/licensing/purchases")
                .then()
                .statusCode(400);
    }

    @Test
    void patchRefreshesFromTheLicensingSystemAndCancelsWhatItNoLongerLists() {
        String tenant = newTenant();
        String account = "acc-" + tenant;
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .body("{\"refreshType\": \"FULL\"}")
                .when()
                .patch("/entitlements")
                .then()
                .statusCode(417)
                .body("errors[0].code", equalTo("ENTITLEMENT-10102"));

        publish(record(tenant, "p1", "CLD-APSW-1Y", 5, null));
        publish(record(tenant, "p2", "CLD-APSW-1Y", 6, null));
        await().atMost(WAIT)
                .until(() -> ((Number) TestDatabase.single("SELECT count(*) FROM purchase WHERE tenant_id = ?", tenant))
                                .intValue()
                        == 2);
        // the licensing system now lists p1 with a new quantity and p3, but not p2
        LicensingSystemStub.answers.put(
                account,
                "[" + EventJson.write(record(tenant, "p1", "CLD-APSW-1Y", 7, null)) + ","
                        + EventJson.write(record(tenant, "p3", "CLD-URLF-1Y", 2, null)) + "]");

        var accepted = given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .body("{\"refreshType\": \"full\"}")
                .when()
                .patch("/entitlements")
                .then()
                .statusCode(202)
                .extract();
        String requestId = accepted.path("requestId");
        assertEquals(
                "/entitlements/syncRequests/" + requestId,
                java.net.URI.create(accepted.header("Location")).getPath());
        assertEquals(accepted.header("Location"), accepted.path("link"));
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(TestTokens.readOnly(tenant))
                        .when()
                        .get("/entitlements/syncRequests/" + requestId)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("SUCCEEDED"))
                        .body("changes.purchased", equalTo(1))
                        .body("changes.changed", equalTo(1))
                        .body("changes.cancelled", equalTo(1)));

        // behind the gateway or an ingress the link names the host the caller used
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .header("X-Forwarded-Host", "api.example.com")
                .header("X-Forwarded-Proto", "https")
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .patch("/entitlements")
                .then()
                .statusCode(202)
                .body("link", startsWith("https://api.example.com/entitlements/syncRequests/"))
                .header("Location", startsWith("https://api.example.com/entitlements/syncRequests/"));

        publish(record(tenant, "marker", "CLD-APSW-1Y", 1, null));
        List<String> types = eventsUntilMarker(tenant).stream()
                .map(r -> TestKafka.header(r, "ce_type") + ":" + externalId(r))
                .toList();
        assertTrue(
                types.containsAll(List.of(
                        "entitlement.changed.v1:p1", "entitlement.purchased.v1:p3", "entitlement.cancelled.v1:p2")),
                types.toString());
    }

    @Test
    void theScheduledRefreshPullsEveryKnownAccount() {
        String tenant = newTenant();
        publish(record(tenant, "s1", "CLD-APSW-1Y", 5, null));
        await().atMost(WAIT)
                .until(() ->
                        TestDatabase.single("SELECT entitlement_id FROM licensing_account WHERE tenant_id = ?", tenant)
                                != null);
        LicensingSystemStub.answers.put(
                "acc-" + tenant, "[" + EventJson.write(record(tenant, "s1", "CLD-APSW-1Y", 9, null)) + "]");

        jobs.refreshEveryAccount().await().atMost(WAIT);

        await().atMost(WAIT)
                .until(() -> "SUCCEEDED"
                        .equals(TestDatabase.single(
                                "SELECT state FROM sync_request WHERE tenant_id = ? AND requested_by = 'scheduler'",
                                tenant)));
        publish(record(tenant, "marker", "CLD-APSW-1Y", 1, null));
        List<ConsumerRecord<String, String>> events = eventsUntilMarker(tenant);
        assertEquals("entitlement.changed.v1", TestKafka.header(events.get(1), "ce_type"));
        assertEquals(
                9,
                EventJson.read(events.get(1).value(), EntitlementChanged.class)
                        .entitlement()
                        .quantity());
    }

    @Test
    void aFailingLicensingSystemFailsTheRequestAndRaisesANotice() {
        String tenant = newTenant();
        publish(record(tenant, "f1", "CLD-APSW-1Y", 5, null));
        await().atMost(WAIT)
                .until(() ->
                        TestDatabase.single("SELECT entitlement_id FROM licensing_account WHERE tenant_id = ?", tenant)
                                != null);
        LicensingSystemStub.answers.put("acc-" + tenant, "status:503");
        double failedBefore = TestMetrics.value("sync_runs_total", Map.of("outcome", "failed"));

        String requestId = given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .patch("/entitlements")
                .then()
                .statusCode(202)
                .extract()
                .path("requestId");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(TestTokens.mspAdmin(tenant))
                        .when()
                        .get("/entitlements/syncRequests/" + requestId)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("FAILED")));
        ConsumerRecord<String, String> note =
                TestKafka.await(Topics.ATTENTION_EVENTS, r -> tenant.equals(r.key()), WAIT);
        assertTrue(note.value().contains("SYNC_FAILED"), note.value());
        // the failed run is counted (alert SyncRefreshesFailing)
        await().atMost(WAIT)
                .until(() -> TestMetrics.value("sync_runs_total", Map.of("outcome", "failed")) > failedBefore);
    }

    @Test
    void patchValidatesItsBodyAndNeedsAnAdmin() {
        String tenant = newTenant();
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .body("{\"refreshType\": \"PARTIAL\"}")
                .when()
                .patch("/entitlements")
                .then()
                .statusCode(400)
                .body("errors[0].reason", startsWith("'refreshType'"));
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .patch("/entitlements")
                .then()
                .statusCode(403);
    }

    private static List<ConsumerRecord<String, String>> eventsUntilMarker(String tenant) {
        return TestKafka.collectUntil(Topics.ENTITLEMENT_EVENTS, tenant, r -> "marker".equals(externalId(r)), WAIT);
    }

    private static String externalId(ConsumerRecord<String, String> r) {
        String type = TestKafka.header(r, "ce_type");
        if ("entitlement.changed.v1".equals(type)) {
            return EventJson.read(r.value(), EntitlementChanged.class)
                    .entitlement()
                    .externalId();
        }
        return EventJson.read(r.value(), EntitlementData.class).externalId();
    }

    private static void publish(PurchaseRecord r) {
        TestKafka.publishRaw(Topics.LICENSING_PURCHASES, r.tenantId(), EventJson.write(r));
    }

    static PurchaseRecord record(String tenant, String externalId, String sku, int quantity, Boolean cancelled) {
        return new PurchaseRecord(
                tenant,
                "acc-" + tenant,
                externalId,
                sku,
                quantity,
                "2024-01-01",
                "2030-12-31",
                "Gold",
                null,
                null,
                null,
                null,
                cancelled);
    }

    private static String service() {
        return TestTokens.token("licensing-system", "REC", "LICENSING_SERVICE");
    }

    private static String newTenant() {
        return "msp-" + UUID.randomUUID();
    }
}
