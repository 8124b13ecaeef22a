package dev.entitlements.assignment.assignments.service;

import dev.entitlements.assignment.assignments.repository.AssignmentWriter;
import dev.entitlements.common.audit.Audit;
import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.AuditRecorded;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of assignments on the caller's transaction, inside the bucket lock: the row change,
 * its events and its audit entry go out together, pipelined on the connection. An outbox record
 * does not depend on the row statement's answer, and a failed row statement aborts the
 * transaction, so the record cannot outlive it.
 */
@ApplicationScoped
public class AssignmentWrites {

    private static final String SOURCE = "/assignment-service";

    private final AssignmentWriter writer;
    private final Audit audit;

    public AssignmentWrites(AssignmentWriter writer, Audit audit) {
        this.writer = writer;
        this.audit = audit;
    }

    /**
     * Inserts {@code a} (its id reserved by {@link CapacityCheck}) and queues its created event
     * after {@code before}, with {@code entry}.
     */
    Uni<AssignmentData> insert(SqlConnection tx, AssignmentData a, List<OutboxMessage> before, AuditRecorded entry) {
        List<OutboxMessage> messages = new ArrayList<>(before);
        messages.add(OutboxMessage.of(
                EventType.ASSIGNMENT_CREATED,
                CloudEvent.of(EventType.ASSIGNMENT_CREATED, SOURCE, a.providerTenantId(), a)));
        // the row, its events and its audit entry go out together (pipelined), while the bucket is locked
        return Uni.combine()
                .all()
                .unis(
                        writer.insert(
                                tx,
                                a.assignmentId(),
                                a.providerTenantId(),
                                a.tenantId(),
                                a.licenseType(),
                                a.trial(),
                                a.quantity(),
                                a.effectiveDate(),
                                a.expirationDate(),
                                a.createdBy(),
                                a.createdDate()),
                        audit.record(tx, List.of(entry), messages))
                .discardItems()
                .replaceWith(a);
    }

    /**
     * Revokes {@code a} (spec E13: the row stays, REVOKED, and the licenses return to the pool) with
     * its revoked event and {@code entry}.
     *
     * @return the assignment as revoked
     */
    Uni<AssignmentData> revoke(SqlConnection tx, AssignmentData a, String by, Instant now, AuditRecorded entry) {
        AssignmentData revoked = revoked(a, by, now);
        // pipelined: one round trip while the bucket is locked
        return Uni.combine()
                .all()
                .unis(writer.revoke(tx, a, by, now), audit.record(tx, List.of(entry), List.of(revokedEvent(revoked))))
                .discardItems()
                .replaceWith(revoked);
    }

    /**
     * Revokes {@code a} for the replacement an update makes (spec E14): the update's audit entry
     * tells of both, and the replacement's {@link #insert} queues the revoked event returned here.
     */
    Uni<OutboxMessage> revokeReplaced(SqlConnection tx, AssignmentData a, String by, Instant now) {
        OutboxMessage event = revokedEvent(revoked(a, by, now));
        return writer.revoke(tx, a, by, now).replaceWith(event);
    }

    private static AssignmentData revoked(AssignmentData a, String by, Instant now) {
        return new AssignmentData(
                a.assignmentId(),
                a.providerTenantId(),
                a.tenantId(),
                a.licenseType(),
                a.trial(),
                a.quantity(),
                a.effectiveDate(),
                a.expirationDate(),
                a.createdBy(),
                a.createdDate(),
                by,
                now);
    }

    private static OutboxMessage revokedEvent(AssignmentData revoked) {
        return OutboxMessage.of(
                EventType.ASSIGNMENT_REVOKED,
                CloudEvent.of(EventType.ASSIGNMENT_REVOKED, SOURCE, revoked.providerTenantId(), revoked));
    }
}
