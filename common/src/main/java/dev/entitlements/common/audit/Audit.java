package dev.entitlements.common.audit;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.common.request.RequestIds;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AuditRecorded;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * The audit trail of every write: one {@code audit_log} row (table in {@code db/common}) and one
 * {@code audit.recorded.v1} event in the outbox, both in the caller's transaction, so an entry
 * exists if and only if the write committed. Call it after the write's own statements succeeded
 * (a rejected write fails before, and its transaction rolls back anyway).
 */
@ApplicationScoped
public class Audit {

    private final Outbox outbox;
    private final Clock clock;
    private final String source;

    public Audit(Outbox outbox, Clock clock, @ConfigProperty(name = "quarkus.application.name") String application) {
        this.outbox = outbox;
        this.clock = clock;
        this.source = "/" + application;
    }

    /**
     * An entry of the caller's write, timed now, with the request id of the request being served
     * (from the log context, {@link RequestIds}). The tenant is {@code caller.tenantId()}.
     *
     * @param details a few facts of the write (null values are left out)
     */
    public AuditRecorded entry(
            Caller caller, String action, String resourceType, String resourceId, Map<String, ?> details) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                if (v != null) {
                    facts.put(k, v);
                }
            });
        }
        Object requestId = MDC.get(RequestIds.MDC_KEY);
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored: the row and the event say the same
        return new AuditRecorded(
                UUID.randomUUID().toString(),
                caller.tenantId(),
                caller.actorTenantId(),
                caller.subject(),
                caller.roles().stream().sorted().toList(),
                action,
                resourceType,
                resourceId,
                requestId == null ? null : requestId.toString(),
                at,
                facts);
    }

    /** Records one write of the caller in {@code tx}. */
    public Uni<Void> record(
            SqlConnection tx,
            Caller caller,
            String action,
            String resourceType,
            String resourceId,
            Map<String, ?> details) {
        return record(tx, List.of(entry(caller, action, resourceType, resourceId, details)));
    }

    /** Records entries in {@code tx}: the rows and their events go out together (pipelined on the connection). */
    public Uni<Void> record(SqlConnection tx, List<AuditRecorded> entries) {
        return record(tx, entries, List.of());
    }

    /**
     * Records entries in {@code tx} and adds the write's own outbox messages ({@code before} the
     * audit events) in the same outbox statement: a write inside a lock saves a statement.
     */
    public Uni<Void> record(SqlConnection tx, List<AuditRecorded> entries, List<OutboxMessage> before) {
        if (entries.isEmpty()) {
            return outbox.add(tx, before);
        }
        List<Tuple> rows = new ArrayList<>(entries.size());
        List<OutboxMessage> messages = new ArrayList<>(before);
        for (AuditRecorded e : entries) {
            rows.add(Tuple.from(new Object[] {
                UUID.fromString(e.auditId()),
                e.tenantId(),
                e.actorTenantId(),
                e.subject(),
                e.roles().toArray(String[]::new),
                e.action(),
                e.resourceType(),
                e.resourceId(),
                e.requestId(),
                timestamptz(e.at()),
                new JsonObject(EventJson.write(e.details()))
            }));
            // the event's id is the entry's id: a consumer can match the two
            messages.add(OutboxMessage.of(
                    EventType.AUDIT_RECORDED,
                    new CloudEvent(
                            e.auditId(),
                            EventType.AUDIT_RECORDED.type(),
                            source,
                            e.at(),
                            e.tenantId(),
                            EventJson.write(e))));
        }
        return Uni.combine()
                .all()
                .unis(
                        tx.preparedQuery(
                                        "INSERT INTO audit_log (audit_id, tenant_id, actor_tenant_id, subject, roles, action, resource_type,"
                                                + " resource_id, request_id, at, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                                .executeBatch(rows),
                        outbox.add(tx, messages))
                .discardItems();
    }
}
