package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.entitlement.audit.repository.AuditEventRepository;
import dev.entitlements.entitlement.audit.service.AuditRetention;
import dev.entitlements.infra.test.TestAudit;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /audit/events} over entries published on the real {@code audit.events} topic (as the
 * services' outboxes do) and read back through the audit read model: who may read, whose trail,
 * filters and paging, bad input, exactly-once projection, and the retention job driven at a chosen time.
 */
@QuarkusTest
class AuditEventTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The read model answers instants to the millisecond. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Inject
    AuditRetention retention;

    @Test
    void onlyAdministratorsReadTheTrail() {
        String tenant = "msp-" + UUID.randomUUID();
        AuditRecorded e = entry(tenant, tenant, "admin@" + tenant, NOW.minusSeconds(60));
        record(e);
        awaitTotal(tenant, 1);
        for (String role : List.of(Roles.PRIME_ADMIN, Roles.ADMIN)) {
            get(TestTokens.token(tenant, "MSP", role), Map.of())
                    .statusCode(200)
                    .body("totalCount", equalTo(1))
                    .body("data.auditId", contains(e.auditId()));
        }
        for (String role : List.of(Roles.READ_ONLY, Roles.LICENSING_SERVICE)) {
            get(TestTokens.token(tenant, "MSP", role), Map.of())
                    .statusCode(403)
                    .body("errors[0].code", equalTo("ENTITLEMENT-10011"))
                    .body("requestId", notNullValue());
        }
        get(TestTokens.token(tenant, "MSP"), Map.of()).statusCode(403);
        given().when().get("/audit/events").then().statusCode(401).body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    @Test
    void aTenantSeesItsOwnTrailOnly() {
        String a = "msp-" + UUID.randomUUID();
        String b = "msp-" + UUID.randomUUID();
        AuditRecorded ofA = entry(a, a, "user@" + a, NOW.minusSeconds(30));
        AuditRecorded ofB = entry(b, b, "user@" + b, NOW.minusSeconds(20));
        record(ofA);
        record(ofB);
        awaitTotal(a, 1);
        awaitTotal(b, 1);
        get(admin(a), Map.of())
                .body("data.auditId", contains(ofA.auditId()))
                .body("data.tenantId", everyItem(equalTo(a)));
        get(admin(b), Map.of()).body("data.auditId", contains(ofB.auditId()));
        // b is no customer of a: not found, whether or not b exists
        get(admin(a), Map.of(CallerContext.TENANT_HEADER, b))
                .statusCode(404)
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"));
        // the actor filter cannot reach across tenants either
        get(admin(a), Map.of(), "actor", "user@" + b).statusCode(200).body("totalCount", equalTo(0));
    }

    @Test
    void anMspReadsTheTrailOfACustomerItManagesAndOfNoOtherTenant() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = TestTenants.customerOf(msp);
        String stranger = TestTenants.customerOf("msp-" + UUID.randomUUID());
        AuditRecorded forCustomer = entry(customer, msp, "user@" + msp, NOW.minusSeconds(50));
        AuditRecorded byCustomer = entry(customer, customer, "user@" + customer, NOW.minusSeconds(40));
        AuditRecorded ownOfMsp = entry(msp, msp, "user@" + msp, NOW.minusSeconds(30));
        AuditRecorded ofStranger = entry(stranger, stranger, "user@" + stranger, NOW.minusSeconds(20));
        List.of(forCustomer, byCustomer, ownOfMsp, ofStranger).forEach(AuditEventTests::record);
        awaitTotal(msp, 1);
        awaitTotal(stranger, 1);

        // the customer's trail: what its MSP did for it and what it did itself
        Map<String, String> asCustomer = Map.of(CallerContext.TENANT_HEADER, customer);
        await().atMost(WAIT)
                .untilAsserted(() -> get(admin(msp), asCustomer).statusCode(200).body("totalCount", equalTo(2)));
        get(admin(msp), asCustomer)
                .body("data.auditId", contains(byCustomer.auditId(), forCustomer.auditId()))
                .body("data[1].tenantId", equalTo(customer))
                .body("data[1].actorTenantId", equalTo(msp))
                .body("data[1].subject", equalTo("user@" + msp));
        // the MSP's own trail without the header, or naming itself
        get(admin(msp), Map.of()).body("data.auditId", contains(ownOfMsp.auditId()));
        get(admin(msp), Map.of(CallerContext.TENANT_HEADER, msp)).body("data.auditId", contains(ownOfMsp.auditId()));
        // the customer reads its own trail, including what its MSP did for it
        get(TestTokens.token(customer, "MSP_EC", Roles.ADMIN), Map.of()).body("totalCount", equalTo(2));
        // another MSP's customer and a tenant nobody knows: 404, as every delegated read answers
        get(admin(msp), Map.of(CallerContext.TENANT_HEADER, stranger))
                .statusCode(404)
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"));
        get(admin(msp), Map.of(CallerContext.TENANT_HEADER, "nobody-" + UUID.randomUUID()))
                .statusCode(404);
        // only an MSP may name another tenant
        get(TestTokens.token(customer, "MSP_EC", Roles.PRIME_ADMIN), Map.of(CallerContext.TENANT_HEADER, msp))
                .statusCode(403)
                .body("errors[0].code", equalTo("ENTITLEMENT-10011"));
        // READ_ONLY stays refused when acting for a customer
        get(TestTokens.readOnly(msp), asCustomer).statusCode(403);
    }

    @Test
    void theLicensingSystemShowsByItsRoleNotByTheOperatorsTenant() {
        String msp = "msp-" + UUID.randomUUID();
        String operator = "platform-" + UUID.randomUUID();
        AuditRecorded imported = new AuditRecorded(
                UUID.randomUUID().toString(),
                msp,
                operator,
                "svc@" + operator,
                List.of(Roles.LICENSING_SERVICE),
                "purchases.imported",
                "licensingAccount",
                "acc-" + msp,
                null,
                NOW.minusSeconds(20),
                Map.of("lines", 2));
        // the tenant's own licensing-service account (the local stack's) is shown as it is
        AuditRecorded ownImport = new AuditRecorded(
                UUID.randomUUID().toString(),
                msp,
                msp,
                "svc@" + msp,
                List.of(Roles.LICENSING_SERVICE),
                "purchases.imported",
                "licensingAccount",
                "acc-" + msp,
                null,
                NOW.minusSeconds(10),
                Map.of("lines", 1));
        record(imported);
        record(ownImport);
        awaitTotal(msp, 2);

        String body = get(admin(msp), Map.of())
                .body("data.auditId", contains(ownImport.auditId(), imported.auditId()))
                .body("data[0].actorTenantId", equalTo(msp))
                .body("data[0].subject", equalTo("svc@" + msp))
                .body("data[1].actorTenantId", nullValue())
                .body("data[1].subject", equalTo(AuditEventRepository.LICENSING_SYSTEM))
                .body("data[1].roles", contains(Roles.LICENSING_SERVICE))
                .extract()
                .asString();
        assertFalse(body.contains(operator), body);
        // the actor filter reads the subject as shown
        get(admin(msp), Map.of(), "actor", AuditEventRepository.LICENSING_SYSTEM)
                .body("data.auditId", contains(imported.auditId()));
        get(admin(msp), Map.of(), "actor", "svc@" + operator).body("totalCount", equalTo(0));
    }

    @Test
    void filtersByActorAndTimeAndPagesNewestFirst() {
        String t = "msp-" + UUID.randomUUID();
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(10);
        AuditRecorded e1 = entry(t, t, "alice", at(day, "10:00:00"));
        AuditRecorded e2 = entry(t, t, "bob", at(day.plusDays(1), "10:00:00"));
        AuditRecorded e3 = entry(t, t, "alice", at(day.plusDays(1), "23:59:59.900"));
        AuditRecorded e4 = entry(t, t, "carol", at(day.plusDays(2), "00:00:00"));
        AuditRecorded e5 = entry(t, t, "alice", at(day.plusDays(5), "12:00:00"));
        List.of(e3, e1, e5, e2, e4).forEach(AuditEventTests::record);
        awaitTotal(t, 5);
        String token = admin(t);

        // the query envelope of every query endpoint, newest first
        get(token, Map.of())
                .body("objectId", equalTo("auditEvent"))
                .body("totalCount", equalTo(5))
                .body("page", equalTo(1))
                .body("pageSize", equalTo(20))
                .body("errors", empty())
                .body("subsequentQueries", empty())
                .body("fields", hasItem("details"))
                .body("data.auditId", contains(ids(e5, e4, e3, e2, e1)))
                .body("data[0].at", equalTo(e5.at().toString()));
        // actor: the subject; repeated, any of them
        get(token, Map.of(), "actor", "alice").body("data.auditId", contains(ids(e5, e3, e1)));
        get(token, Map.of(), "actor", "alice", "actor", "bob").body("data.auditId", contains(ids(e5, e3, e2, e1)));
        get(token, Map.of(), "actor", "nobody").body("totalCount", equalTo(0)).body("data", empty());
        // a bare date: from its start, to its very end (an entry at 23:59:59.900 is in)
        String d1 = day.plusDays(1).toString();
        get(token, Map.of(), "from", d1, "to", d1).body("data.auditId", contains(ids(e3, e2)));
        // points in time, both ends inclusive, ISO or the spaced form
        get(token, Map.of(), "from", d1 + "T10:00:00Z", "to", day.plusDays(2) + "T00:00:00Z")
                .body("data.auditId", contains(ids(e4, e3, e2)));
        get(token, Map.of(), "from", day.plusDays(2) + " 00:00:00Z").body("data.auditId", contains(ids(e5, e4)));
        get(token, Map.of(), "to", day.toString()).body("data.auditId", contains(ids(e1)));
        // filters combine
        get(token, Map.of(), "actor", "alice", "from", d1).body("data.auditId", contains(ids(e5, e3)));
        // paging: 1-based, the total of all matching entries on every page, past the end empty
        get(token, Map.of(), "pageSize", "2")
                .body("data.auditId", contains(ids(e5, e4)))
                .body("totalCount", equalTo(5));
        get(token, Map.of(), "page", "3", "pageSize", "2")
                .body("data.auditId", contains(ids(e1)))
                .body("page", equalTo(3));
        get(token, Map.of(), "page", "4", "pageSize", "2").body("data", empty()).body("totalCount", equalTo(5));
        // clamped as every query endpoint clamps; unknown parameters are ignored
        get(token, Map.of(), "page", "0", "pageSize", "0")
                .body("page", equalTo(1))
                .body("pageSize", equalTo(20))
                .body("totalCount", equalTo(5));
        get(token, Map.of(), "pageSize", "20000").body("pageSize", equalTo(10_000));
        get(token, Map.of(), "colour", "blue", "sortField", "subject", "fields", "action")
                .body("data.auditId", contains(ids(e5, e4, e3, e2, e1)));
        // a client that asks for strictness is told about a clamped value
        given().auth()
                .oauth2(token)
                .header("Prefer", "handling=strict")
                .queryParam("page", "0")
                .when()
                .get("/audit/events")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("ENTITLEMENT-10002"));
    }

    @Test
    void badParametersAreAnErrorBodyNamingThem() {
        String token = admin("msp-" + UUID.randomUUID());
        bad(token, 400, "ENTITLEMENT-10002", "'from'", "from", "yesterday");
        bad(token, 400, "ENTITLEMENT-10002", "'to'", "to", "2026-13-01");
        bad(token, 400, "ENTITLEMENT-10002", "'from'", "from", "2026-01-01T10:00:00");
        bad(token, 400, "ENTITLEMENT-10002", "'page'", "page", "two");
        bad(token, 400, "ENTITLEMENT-10002", "'pageSize'", "pageSize", "1.5");
        bad(token, 422, "ENTITLEMENT-10103", "'to' is before 'from'", "from", "2026-02-01", "to", "2026-01-31");
        // no query may ask for unbounded work: at most 100 actors, as every filter array
        List<String> actors = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            actors.add("actor");
            actors.add("user-" + i);
        }
        bad(token, 400, "ENTITLEMENT-10002", "'actor'", actors.toArray(String[]::new));
    }

    @Test
    void eachEntryIsStoredOnceAndWholeAndPoisonGoesToTheDeadLetterTopic() {
        String tenant = "msp-" + UUID.randomUUID();
        String customer = "ec-" + UUID.randomUUID();
        AuditRecorded e = new AuditRecorded(
                UUID.randomUUID().toString(),
                tenant,
                tenant,
                "user@" + tenant,
                List.of("ADMIN", "PRIME_ADMIN"),
                "assignment.created",
                "assignment",
                "1042",
                "req-" + UUID.randomUUID(),
                NOW.minusSeconds(90),
                Map.of("recipientTenantId", customer, "quantity", 40, "trial", false));
        record(e);
        record(e); // redelivered: the same event id
        TestKafka.publish(EventType.AUDIT_RECORDED, tenant, e); // published again under another event id
        AuditRecorded marker = entry(tenant, tenant, "marker", NOW);
        record(marker);
        awaitTotal(tenant, 2);
        get(admin(tenant), Map.of())
                .body("totalCount", equalTo(2))
                .body("data.auditId", contains(marker.auditId(), e.auditId()))
                .body("data[1].tenantId", equalTo(tenant))
                .body("data[1].actorTenantId", equalTo(tenant))
                .body("data[1].subject", equalTo("user@" + tenant))
                .body("data[1].roles", contains("ADMIN", "PRIME_ADMIN"))
                .body("data[1].action", equalTo("assignment.created"))
                .body("data[1].resourceType", equalTo("assignment"))
                .body("data[1].resourceId", equalTo("1042"))
                .body("data[1].requestId", equalTo(e.requestId()))
                .body("data[1].at", equalTo(e.at().toString()))
                .body("data[1].details.recipientTenantId", equalTo(customer))
                .body("data[1].details.quantity", equalTo(40))
                .body("data[1].details.trial", equalTo(false))
                .body("data[1].source", equalTo("/assignment-service"));

        String unreadable = UUID.randomUUID().toString();
        TestKafka.publishRaw(Topics.AUDIT_EVENTS, tenant, "{not an event " + unreadable);
        TestKafka.await(Topics.deadLetter(Topics.AUDIT_EVENTS), r -> r.value().contains(unreadable), WAIT);
        // an entry without a subject cannot be a row of the trail
        AuditRecorded nobody = new AuditRecorded(
                UUID.randomUUID().toString(),
                tenant,
                tenant,
                null,
                List.of(),
                "settings.updated",
                "usageSetting",
                null,
                null,
                NOW,
                Map.of());
        record(nobody);
        TestKafka.await(
                Topics.deadLetter(Topics.AUDIT_EVENTS),
                r -> nobody.auditId().equals(TestKafka.header(r, "ce_id")),
                WAIT);
        AuditRecorded after = entry(tenant, tenant, "after", NOW);
        record(after);
        awaitTotal(tenant, 3);
    }

    @Test
    void aWriteOfThisServiceIsInTheTrailWithItsRequestId() {
        String tenant = "msp-" + UUID.randomUUID();
        String request = TestAudit.requestId();
        given().auth()
                .oauth2(admin(tenant))
                .header("x-request-id", request)
                .contentType(ContentType.JSON)
                .body("[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": 5}]")
                .when()
                .patch("/entitlements/settings")
                .then()
                .statusCode(200);
        awaitTotal(tenant, 1);
        get(admin(tenant), Map.of())
                .body("data[0].action", equalTo("settings.updated"))
                .body("data[0].resourceType", equalTo("usageSetting"))
                .body("data[0].resourceId", equalTo("SLTN_PI_NET"))
                .body("data[0].requestId", equalTo(request))
                .body("data[0].subject", equalTo("user@" + tenant))
                .body("data[0].roles", contains(Roles.PRIME_ADMIN))
                .body("data[0].details.maxQuantity", equalTo(5))
                .body("data[0].source", equalTo("/entitlement-service"))
                .body(
                        "data[0].auditId",
                        equalTo(TestAudit.rows(request).get(0).path("audit_id").asText()));
    }

    @Test
    void theRetentionJobDeletesOnlyEntriesOlderThanTheRetentionInBatches() {
        String t = "msp-" + UUID.randomUUID();
        Duration retained = Duration.ofDays(400); // the default (application.properties)
        AuditRecorded ancient = entry(t, t, "a", NOW.minus(Duration.ofDays(500)));
        AuditRecorded justOver = entry(t, t, "b", NOW.minus(retained).minusMillis(1));
        AuditRecorded exactly = entry(t, t, "c", NOW.minus(retained));
        AuditRecorded justUnder = entry(t, t, "d", NOW.minus(retained).plusMillis(1));
        AuditRecorded recent = entry(t, t, "e", NOW.minus(Duration.ofDays(1)));
        List.of(ancient, justOver, exactly, justUnder, recent).forEach(AuditEventTests::record);
        awaitTotal(t, 5);

        // a batch of one row per statement: two old rows take several statements
        // (no other test publishes entries that old)
        assertEquals(2L, retention.purge(NOW, 1).await().atMost(WAIT));
        get(admin(t), Map.of())
                .body("totalCount", equalTo(3))
                .body("data.auditId", contains(ids(recent, justUnder, exactly)));
        // nothing is left to delete at the same time; a day later the two of about 400 days go too
        assertEquals(0L, retention.purge(NOW).await().atMost(WAIT));
        retention.purge(NOW.plus(Duration.ofDays(1))).await().atMost(WAIT);
        get(admin(t), Map.of()).body("data.auditId", contains(ids(recent)));
    }

    private static AuditRecorded entry(String tenant, String actorTenant, String subject, Instant at) {
        return new AuditRecorded(
                UUID.randomUUID().toString(),
                tenant,
                actorTenant,
                subject,
                List.of(Roles.PRIME_ADMIN),
                "assignment.created",
                "assignment",
                String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000)),
                "req-" + UUID.randomUUID(),
                at,
                Map.of("quantity", 1));
    }

    /** As the outbox publishes an entry: the event's id is the entry's, keyed and subjected by its tenant. */
    private static void record(AuditRecorded e) {
        TestKafka.publish(
                Topics.AUDIT_EVENTS,
                new CloudEvent(
                        e.auditId(),
                        EventType.AUDIT_RECORDED.type(),
                        "/assignment-service",
                        e.at(),
                        e.tenantId(),
                        EventJson.write(e)));
    }

    private static Instant at(LocalDate day, String time) {
        return Instant.parse(day + "T" + time + "Z");
    }

    private static String[] ids(AuditRecorded... entries) {
        List<String> ids = new ArrayList<>();
        for (AuditRecorded e : entries) {
            ids.add(e.auditId());
        }
        return ids.toArray(String[]::new);
    }

    private static String admin(String tenant) {
        return TestTokens.mspAdmin(tenant);
    }

    private static void awaitTotal(String tenant, int total) {
        await().atMost(WAIT)
                .untilAsserted(
                        () -> get(admin(tenant), Map.of()).statusCode(200).body("totalCount", equalTo(total)));
    }

    private static void bad(String token, int status, String code, String reasonPart, String... nameValues) {
        get(token, Map.of(), nameValues)
                .statusCode(status)
                .body("requestId", notNullValue())
                .body("message", notNullValue())
                .body("errors[0].code", equalTo(code))
                .body("errors[0].reason", containsString(reasonPart))
                .body("data", nullValue());
    }

    /** {@code GET /audit/events} with query parameters as name, value, name, value... (a name may repeat). */
    private static ValidatableResponse get(String token, Map<String, String> headers, String... nameValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        RequestSpecification request = given().headers(headers);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            request = request.queryParam(p.getKey(), p.getValue());
        }
        return request.when().get("/audit/events").then();
    }
}
