package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AttentionRaised;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestMetrics;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /entitlements/attentionNotes/query} over notes raised through the real attention.events topic. */
@QuarkusTest
class AttentionNoteTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** Four notes: a current sync failure, a compliance gap for MSPs, an ended courtesy notice, a future expiry notice. */
    private static String tenantWithNotes() {
        String tenant = "msp-" + UUID.randomUUID();
        raise(new AttentionRaised(
                "sync",
                tenant,
                "SYNC_FAILED",
                "ALL",
                null,
                "Sync failed",
                "The licensing system did not answer",
                NOW.minus(2, ChronoUnit.DAYS),
                null));
        raise(new AttentionRaised(
                "gap",
                tenant,
                "COMPLIANCE_GAP",
                "MSP",
                "APSW",
                "Over-used",
                "12 devices above the licenses",
                NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(30, ChronoUnit.DAYS)));
        raise(new AttentionRaised(
                "courtesy",
                tenant,
                "STOP_COURTESY",
                "ALL",
                "APSW",
                "Courtesy ended",
                "Courtesy licenses stopped",
                NOW.minus(40, ChronoUnit.DAYS),
                NOW.minus(10, ChronoUnit.DAYS)));
        raise(new AttentionRaised(
                "expiring",
                tenant,
                "LICENSE_EXPIRING",
                "MSP",
                "URLF",
                "URLF expires",
                "In 60 days",
                NOW.plus(5, ChronoUnit.DAYS),
                NOW.plus(60, ChronoUnit.DAYS)));
        awaitTotal(tenant, 4);
        return tenant;
    }

    @Test
    void notesAreListedWithDerivedStatusLastEndingFirst() {
        String tenant = tenantWithNotes();
        // the default order is endDate DESC (docs/decisions.md, Queries): a note that never ends first
        query(tenant, "{}")
                .body("objectId", equalTo("attentionNote"))
                .body("totalCount", equalTo(4))
                .body("data.id", contains("sync", "expiring", "gap", "courtesy"))
                .body("data.status", contains("VALID", "FUTURE", "VALID", "EXPIRED"))
                .body("data.licenseCheck", contains(false, true, true, true))
                .body("data[0].endDate", nullValue())
                .body("data[2].summary", equalTo("Over-used"))
                .body("data[2].details", equalTo("12 devices above the licenses"))
                .body("data[2].startDate", equalTo(NOW.minus(1, ChronoUnit.DAYS).toString()));
        // the UI's own request (spec E7)
        query(
                        tenant,
                        "{\"page\": 1, \"pageSize\": 20, \"fields\": [\"summary\", \"details\"], \"sortField\": \"status\","
                                + " \"sortOrder\": \"DESC\", \"filters\": {\"type\": [\"STOP_COURTESY\", \"COMPLIANCE_GAP\"], \"tenantType\": [\"MSP\", \"ALL\"],"
                                + " \"status\": [\"VALID\"], \"licenseCheck\": true}}")
                .body("totalCount", equalTo(1))
                .body("fields", contains("summary", "details"))
                // fields is echoed; the item is whole (the UI reads fields it did not list)
                .body("data[0].summary", equalTo("Over-used"))
                .body("data[0].details", equalTo("12 devices above the licenses"))
                .body("data[0].id", equalTo("gap"));
    }

    @Test
    void filtersSortingPagingAndExcludeContent() {
        String tenant = tenantWithNotes();
        query(tenant, "{\"filters\": {\"tenantType\": [\"msp\"]}, \"sortField\": \"endDate\", \"sortOrder\": \"DESC\"}")
                .body("data.id", contains("expiring", "gap"));
        query(tenant, "{\"filters\": {\"licenseType\": [\"APSW\"], \"status\": [\"EXPIRED\"]}}")
                .body("data.id", contains("courtesy"));
        query(tenant, "{\"filters\": {\"licenseCheck\": false}}").body("data.id", contains("sync"));
        query(tenant, "{\"page\": 2, \"pageSize\": 3}")
                .body("data.id", contains("courtesy"))
                .body("totalCount", equalTo(4));
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/entitlements/attentionNotes/query?excludeContent=true")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(4))
                .body("data", empty());
        query("msp-" + UUID.randomUUID(), "{}").body("totalCount", equalTo(0)).body("data", empty());
    }

    @Test
    void raisingANoteAgainReplacesItAndALateOlderEventDoesNot() {
        String tenant = "msp-" + UUID.randomUUID();
        raise(new AttentionRaised("pool", tenant, "POOL_EXHAUSTED", "MSP", "APSW", "Pool empty", "0 left", NOW, null));
        awaitTotal(tenant, 1);
        raise(new AttentionRaised(
                "pool", tenant, "POOL_EXHAUSTED", "MSP", "APSW", "Pool nearly empty", "3 left", NOW, null));
        await().atMost(WAIT)
                .untilAsserted(() -> query(tenant, "{}").body("data[0].summary", equalTo("Pool nearly empty")));
        var stale = dev.entitlements.contract.CloudEvent.of(
                EventType.ATTENTION_RAISED,
                "/tests",
                tenant,
                new AttentionRaised("pool", tenant, "POOL_EXHAUSTED", "MSP", "APSW", "stale", "stale", NOW, null));
        TestKafka.publish(
                Topics.ATTENTION_EVENTS,
                new dev.entitlements.contract.CloudEvent(
                        stale.id(),
                        stale.type(),
                        stale.source(),
                        stale.time().minus(1, ChronoUnit.HOURS),
                        stale.subject(),
                        stale.data()));
        raise(new AttentionRaised("marker", tenant, "SYNC_FAILED", "ALL", null, "marker", null, NOW, null));
        awaitTotal(tenant, 2);
        query(tenant, "{\"filters\": {\"type\": [\"POOL_EXHAUSTED\"]}}")
                .body("data[0].summary", equalTo("Pool nearly empty"));
    }

    @Test
    void badInputIs400WithTheErrorBodyAndPoisonGoesToTheDeadLetterTopic() {
        String tenant = "msp-" + UUID.randomUUID();
        bad(tenant, "{\"filters\": {\"type\": [\"COFFEE\"]}}", "'filters.type'");
        bad(tenant, "{\"filters\": {\"tenantType\": [\"REC\"]}}", "'filters.tenantType'");
        bad(tenant, "{\"filters\": {\"status\": [\"REVOKED\"]}}", "'filters.status'");
        bad(tenant, "{\"filters\": {\"licenseCheck\": \"yes\"}}", "'filters.licenseCheck'");
        // tolerated, as the UI needs: its MSP variant sends {"usageType": "ASSIGNED"}, the vendor's example page 0
        for (String tolerated : java.util.List.of(
                "{\"sortField\": \"colour\"}",
                "{\"fields\": [\"colour\"]}",
                "{\"page\": 0}",
                "{\"pageSize\": 10001}",
                "{\"filters\": {\"usageType\": \"ASSIGNED\"}}")) {
            given().auth()
                    .oauth2(TestTokens.readOnly(tenant))
                    .contentType(ContentType.JSON)
                    .body(tolerated)
                    .when()
                    .post("/entitlements/attentionNotes/query")
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(TestTokens.readOnly(tenant))
                    .contentType(ContentType.JSON)
                    .header("Prefer", "handling=strict")
                    .body(tolerated)
                    .when()
                    .post("/entitlements/attentionNotes/query")
                    .then()
                    .statusCode(400);
        }
        Map<String, String> dlq = Map.of("topic", Topics.deadLetter(Topics.ATTENTION_EVENTS));
        double deadBefore = TestMetrics.value("messaging_dead_letters_total", dlq);
        String marker = UUID.randomUUID().toString();
        TestKafka.publishRaw(Topics.ATTENTION_EVENTS, tenant, "{not an event " + marker);
        TestKafka.await(
                Topics.deadLetter(Topics.ATTENTION_EVENTS), r -> r.value().contains(marker), WAIT);
        // counted by the channel's dead-letter strategy (alert DeadLettersGrowing)
        await().atMost(WAIT).until(() -> TestMetrics.value("messaging_dead_letters_total", dlq) >= deadBefore + 1);
    }

    private static void bad(String tenant, String body, String reasonPart) {
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/entitlements/attentionNotes/query")
                .then()
                .statusCode(400)
                .body("errors[0].reason", containsString(reasonPart));
    }

    private static void raise(AttentionRaised note) {
        TestKafka.publish(EventType.ATTENTION_RAISED, note.tenantId(), note);
    }

    private static void awaitTotal(String tenant, int total) {
        await().atMost(WAIT).untilAsserted(() -> query(tenant, "{}").body("totalCount", equalTo(total)));
    }

    private static ValidatableResponse query(String tenant, String body) {
        return given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/entitlements/attentionNotes/query")
                .then()
                .statusCode(200);
    }
}
