package dev.entitlements.infra.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.infra.EventSchemas;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The audit trail as a test sees it: the module's {@code audit_log} rows of a request (by the
 * {@code x-request-id} the test sent) and the {@code audit.recorded.v1} event of each row on the
 * real {@code audit.events} topic.
 */
public final class TestAudit {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestAudit() {}

    /** What one entry must say. */
    public record Expected(
            String subject,
            String tenantId,
            String actorTenantId,
            String action,
            String resourceType,
            String resourceId) {}

    /** A fresh request id to send as {@code x-request-id}. */
    public static String requestId() {
        return "audit-" + java.util.UUID.randomUUID();
    }

    /** The {@code audit_log} rows of a request, by resource id (then time), as JSON objects named by column. */
    public static List<JsonNode> rows(String requestId) {
        List<JsonNode> rows = new ArrayList<>();
        for (Object json : TestDatabase.column(
                "SELECT row_to_json(a)::text FROM audit_log a WHERE request_id = ? ORDER BY resource_id, at",
                requestId)) {
            try {
                rows.add(MAPPER.readTree(json.toString()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return rows;
    }

    /** The number of audit rows of a tenant. */
    public static long count(String tenantId) {
        return ((Number) TestDatabase.single("SELECT count(*) FROM audit_log WHERE tenant_id = ?", tenantId))
                .longValue();
    }

    /**
     * Checks that the request left exactly the expected rows, in the order of {@link #rows}, and that each row's event
     * was published (same id), is valid against its schema and says what the row says.
     *
     * @return the events, in the order of the rows
     */
    public static List<AuditRecorded> assertRecorded(String requestId, Expected... expected) {
        List<JsonNode> rows = rows(requestId);
        check(
                rows.size() == expected.length,
                "request " + requestId + ": " + expected.length + " audit rows expected, found " + rows);
        List<AuditRecorded> events = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            JsonNode row = rows.get(i);
            Expected e = expected[i];
            same("subject", e.subject(), row.path("subject").asText(null));
            same("tenant_id", e.tenantId(), row.path("tenant_id").asText(null));
            same(
                    "actor_tenant_id",
                    e.actorTenantId(),
                    row.path("actor_tenant_id").asText(null));
            same("action", e.action(), row.path("action").asText(null));
            same("resource_type", e.resourceType(), row.path("resource_type").asText(null));
            same("resource_id", e.resourceId(), row.path("resource_id").asText(null));
            same("request_id", requestId, row.path("request_id").asText(null));
            String id = row.path("audit_id").asText();
            ConsumerRecord<String, String> record =
                    TestKafka.await(Topics.AUDIT_EVENTS, r -> id.equals(TestKafka.header(r, "ce_id")), WAIT);
            same("ce_type", EventType.AUDIT_RECORDED.type(), TestKafka.header(record, "ce_type"));
            same("record key", e.tenantId(), record.key());
            List<String> violations = EventSchemas.violations(EventType.AUDIT_RECORDED, record.value());
            check(violations.isEmpty(), "audit event " + record.value() + " violates its schema: " + violations);
            AuditRecorded event = EventJson.read(record.value(), AuditRecorded.class);
            same("event auditId", id, event.auditId());
            same("event subject", e.subject(), event.subject());
            same("event tenantId", e.tenantId(), event.tenantId());
            same("event actorTenantId", e.actorTenantId(), event.actorTenantId());
            same("event action", e.action(), event.action());
            same("event resourceType", e.resourceType(), event.resourceType());
            same("event resourceId", e.resourceId(), event.resourceId());
            same("event requestId", requestId, event.requestId());
            Instant at = OffsetDateTime.parse(row.path("at").asText()).toInstant();
            same("event at", at, event.at());
            same("event details", row.path("details"), MAPPER.valueToTree(event.details()));
            events.add(event);
        }
        return events;
    }

    private static void same(String what, Object expected, Object actual) {
        check(Objects.equals(expected, actual), what + ": expected " + expected + " but was " + actual);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
