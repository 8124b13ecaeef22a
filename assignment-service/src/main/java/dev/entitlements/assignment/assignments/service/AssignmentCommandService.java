package dev.entitlements.assignment.assignments.service;

import dev.entitlements.assignment.pools.service.ComplianceGaps;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.events.AssignmentData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Creates, updates and revokes assignments without ever over-allocating a pool: the provider's
 * bucket row is locked, the capacity rule is checked over the whole window, and the row, its
 * events and its audit entry commit together.
 */
@ApplicationScoped
public class AssignmentCommandService {

    private final Pool pool;
    private final IdempotencyProtocol idempotency;
    private final AssignmentLocks locks;
    private final CapacityCheck capacity;
    private final AssignmentWrites writes;
    private final AssignmentAudit audit;
    private final ComplianceGaps gaps;
    private final Outbox outbox;
    private final Clock clock;

    public AssignmentCommandService(
            Pool pool,
            IdempotencyProtocol idempotency,
            AssignmentLocks locks,
            CapacityCheck capacity,
            AssignmentWrites writes,
            AssignmentAudit audit,
            ComplianceGaps gaps,
            Outbox outbox,
            Clock clock) {
        this.pool = pool;
        this.idempotency = idempotency;
        this.locks = locks;
        this.capacity = capacity;
        this.writes = writes;
        this.audit = audit;
        this.gaps = gaps;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * An MSP draws on its own pools for {@code tenant}: its own account (a self assignment, spec
     * E11) or a customer it manages (the caller has checked that).
     *
     * @param idempotencyKey the client's key for retries (docs/decisions.md), or null
     */
    public Uni<CreateOutcome> create(
            Caller caller, String tenant, CreateAssignmentRequest request, String idempotencyKey) {
        requireMsp(caller);
        Instant now = clock.instant();
        IdempotencyProtocol.KeyUse key = idempotency.use(caller, tenant, request, idempotencyKey);
        return idempotency.once(key, now, () -> create(caller, tenant, request, now, key));
    }

    private Uni<AssignmentView> create(
            Caller caller,
            String tenant,
            CreateAssignmentRequest request,
            Instant now,
            IdempotencyProtocol.KeyUse key) {
        ValidRequest v = ValidRequest.of(request, now);
        String provider = caller.tenantId();
        return pool.withTransaction(tx -> idempotency
                        .hold(tx, key, now)
                        .chain(() -> capacity.lockAndReserve(tx, provider, v))
                        .map(id -> v.assignment(id, provider, tenant, caller.subject(), now))
                        .chain(created -> writes.insert(tx, created, List.of(), audit.created(caller, created)))
                        .map(created -> AssignmentView.of(created, now))
                        .call(answer -> idempotency.save(tx, key, answer, now)))
                .invoke(outbox::committed);
    }

    /**
     * Replaces an assignment (spec E14): the old one is revoked and a new one (new id) made with the
     * new quantity and end; it starts at the old start if that is still ahead, else now. The
     * capacity check leaves the old one out.
     */
    public Uni<AssignmentView> update(Caller caller, String tenant, long id, UpdateAssignmentRequest request) {
        requireMsp(caller);
        Instant to = ValidRequest.requestedEnd(request);
        Instant now = clock.instant();
        return pool.withTransaction(tx -> locks.findLive(tx, id, caller.tenantId(), tenant, now)
                        .chain(old -> replace(
                                tx, caller, old, ValidRequest.replacing(old, request.quantity(), to, now), now)))
                .invoke(outbox::committed)
                .map(replacement -> AssignmentView.of(replacement, now));
    }

    /** Under the bucket's lock; the old one is revoked before the capacity check, which so leaves its licenses out. */
    private Uni<AssignmentData> replace(
            SqlConnection tx, Caller caller, AssignmentData old, ValidRequest v, Instant now) {
        return locks.lock(tx, old, now)
                .chain(locked -> writes.revokeReplaced(tx, locked.assignment(), caller.subject(), now)
                        .chain(revokedEvent -> insertReplacement(tx, caller, old, v, revokedEvent, now))
                        .call(() -> gaps.afterReturn(
                                tx, caller.tenantId(), old.licenseType(), old.trial(), locked.bucket(), now)));
    }

    private Uni<AssignmentData> insertReplacement(
            SqlConnection tx,
            Caller caller,
            AssignmentData old,
            ValidRequest v,
            OutboxMessage revokedEvent,
            Instant now) {
        return capacity.reserve(tx, caller.tenantId(), v)
                .map(id -> v.assignment(id, caller.tenantId(), old.tenantId(), caller.subject(), now))
                .chain(replacement -> writes.insert(
                        tx,
                        replacement,
                        List.of(revokedEvent),
                        audit.updated(caller, old.assignmentId(), replacement)));
    }

    /** Revokes an assignment (spec E13): the row stays, REVOKED, and the licenses return to the pool. */
    public Uni<Void> revoke(Caller caller, String tenant, long id) {
        requireMsp(caller);
        Instant now = clock.instant();
        return pool.withTransaction(tx -> revokeIn(tx, caller, tenant, id, now))
                .invoke(outbox::committed)
                .replaceWithVoid();
    }

    /**
     * One revoke on the caller's transaction: E13, and each assignment of a bulk revoke (D7,
     * {@link BulkRevocation}), so both write the same row change, event and audit entry.
     *
     * @return the assignment as revoked
     */
    Uni<AssignmentData> revokeIn(SqlConnection tx, Caller caller, String tenant, long id, Instant now) {
        return locks.findLive(tx, id, caller.tenantId(), tenant, now)
                .chain(found -> locks.lock(tx, found, now)
                        .chain(locked -> writes.revoke(
                                        tx,
                                        locked.assignment(),
                                        caller.subject(),
                                        now,
                                        audit.revoked(caller, locked.assignment()))
                                .call(() -> gaps.afterReturn(
                                        tx,
                                        caller.tenantId(),
                                        found.licenseType(),
                                        found.trial(),
                                        locked.bucket(),
                                        now))));
    }

    /** Only an MSP assigns licenses (docs/decisions.md, Assignments): 403 for any other tenant. */
    public static void requireMsp(Caller caller) {
        if (!caller.isMsp()) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN, "only an MSP assigns licenses; this tenant is " + caller.tenantType());
        }
    }
}
