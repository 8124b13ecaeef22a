package dev.entitlements.assignment.assignments.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entitlements.assignment.assignments.repository.AssignmentWriter;
import dev.entitlements.assignment.assignments.repository.IdempotencyKeys;
import dev.entitlements.assignment.pools.repository.PoolRepository;
import dev.entitlements.assignment.pools.service.ComplianceGaps;
import dev.entitlements.common.audit.Audit;
import dev.entitlements.common.capacity.CapacityRule;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.time.Dates;
import dev.entitlements.common.time.StartRule;
import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.AuditRecorded;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Creates assignments without ever over-allocating a pool: the provider's bucket row is locked,
 * the capacity rule is checked over the whole window, and the row and its event commit together.
 */
@ApplicationScoped
public class AssignmentCommandService {

    private static final String SOURCE = "/assignment-service";
    /** The header a client names a create with, so that a retry does not assign twice (docs/decisions.md). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Pool pool;
    private final AssignmentWriter writer;
    private final PoolRepository pools;
    private final Outbox outbox;
    private final IdempotencyKeys keys;
    private final ComplianceGaps gaps;
    private final Audit audit;
    private final ObjectMapper mapper;
    private final Clock clock;

    public AssignmentCommandService(Pool pool, AssignmentWriter writer, PoolRepository pools, Outbox outbox, IdempotencyKeys keys,
            ComplianceGaps gaps, Audit audit, ObjectMapper mapper, Clock clock) {
        this.pool = pool;
        this.writer = writer;
        this.pools = pools;
        this.outbox = outbox;
        this.keys = keys;
        this.gaps = gaps;
        this.audit = audit;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The answer to a create: the assignment, and whether it is the stored answer to a retried {@code Idempotency-Key}. */
    public record Outcome(AssignmentView assignment, boolean replayed) {
    }

    /**
     * An MSP draws on its own pools for {@code tenant}: its own account (a self assignment, spec
     * E11) or a customer it manages (the caller has checked that).
     *
     * @param idempotencyKey the client's key for retries (docs/decisions.md), or null
     */
    public Uni<Outcome> create(Caller caller, String tenant, CreateAssignmentRequest request, String idempotencyKey) {
        requireMsp(caller);
        Instant now = clock.instant();
        if (idempotencyKey == null) {
            return create(caller, tenant, request, now, null).map(created -> new Outcome(created, false));
        }
        KeyUse use = new KeyUse(caller.tenantId(), checkKey(idempotencyKey), fingerprint(tenant, request));
        // the stored answer first: a retry gets it even when its dates have passed meanwhile
        return keys.find(use.scope(), use.key(), now)
                .chain(stored -> stored != null ? Uni.createFrom().item(replay(stored, use))
                        : create(caller, tenant, request, now, use).map(created -> new Outcome(created, false))
                                // a concurrent request with the key committed first: ours rolled back, its answer is the answer
                                .onFailure(KeyTaken.class).recoverWithUni(() -> keys.find(use.scope(), use.key(), now)
                                        .map(winner -> replay(winner, use))));
    }

    private Uni<AssignmentView> create(Caller caller, String tenant, CreateAssignmentRequest request, Instant now, KeyUse use) {
        Valid v = validate(request, now);
        String provider = caller.tenantId();
        return pool.withTransaction(tx -> holdKey(tx, use, now)
                .chain(() -> assign(tx, caller, provider, tenant, v, now, List.of(),
                        pools.lockAndReserve(tx, provider, v.licenseType(), v.trial(), v.from(), v.to()),
                        data -> audit.entry(caller, "assignment.created", "assignment", String.valueOf(data.assignmentId()), facts(data))))
                .map(data -> view(data, now))
                .call(created -> use == null ? Uni.createFrom().voidItem()
                        : keys.save(tx, use.scope(), use.key(), use.requestHash(), json(created), now).invoke(saved -> {
                            if (!saved) {
                                throw new KeyTaken();
                            }
                        })))
                .invoke(outbox::committed);
    }

    /**
     * With a key: holds it for the transaction, and rolls back to the stored answer when a request
     * with the same key committed while this one waited (before the capacity check, which the first
     * one's licenses would now fail).
     */
    private Uni<Void> holdKey(SqlConnection tx, KeyUse use, Instant now) {
        if (use == null) {
            return Uni.createFrom().voidItem();
        }
        return keys.lockAndFind(tx, use.scope(), use.key(), now).invoke(stored -> {
            if (stored != null) {
                throw new KeyTaken();
            }
        }).replaceWithVoid();
    }

    /**
     * Replaces an assignment (spec E14): the old one is revoked and a new one (new id) made with the
     * new quantity and end; it starts at the old start if that is still ahead, else now. The
     * capacity check leaves the old one out.
     */
    public Uni<AssignmentView> update(Caller caller, String tenant, long id, UpdateAssignmentRequest request) {
        requireMsp(caller);
        if (request == null) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "a body with quantity and expirationDate is required");
        }
        require("quantity", request.quantity());
        require("expirationDate", request.expirationDate());
        Instant to = Dates.parseInstant("expirationDate", request.expirationDate(), Dates.Boundary.END_OF_DAY);
        Instant now = clock.instant();
        String provider = caller.tenantId();
        return pool.withTransaction(tx -> writer.find(tx, id, provider, tenant, false)
                .chain(found -> {
                    AssignmentData old = live(found, id, now);
                    Instant from = StartRule.resume(old.effectiveDate(), now);
                    Valid v = check(old.licenseType(), old.trial(), request.quantity(), from, to, now);
                    return pools.lockBucket(tx, provider, old.licenseType(), old.trial())
                            .chain(bucket -> writer.find(tx, id, provider, tenant, true)
                                    .chain(locked -> {
                                        AssignmentData current = live(locked, id, now);
                                        AssignmentData revoked = revoked(current, caller.subject(), now);
                                        return writer.revoke(tx, current, caller.subject(), now)
                                                .chain(() -> assign(tx, caller, provider, tenant, v, now, List.of(revokedMessage(revoked)),
                                                        pools.capacity(tx, provider, v.licenseType(), v.trial(), v.from(), v.to(), true),
                                                        data -> {
                                                            Map<String, Object> facts = facts(data);
                                                            facts.put("newAssignmentId", data.assignmentId());
                                                            return audit.entry(caller, "assignment.updated", "assignment", String.valueOf(id), facts);
                                                        }));
                                    })
                                    .call(() -> closeGap(tx, provider, old, bucket, now)));
                }))
                .invoke(outbox::committed)
                .map(data -> view(data, now));
    }

    /** Revokes an assignment (spec E13): the row stays, REVOKED, and the licenses return to the pool. */
    public Uni<Void> revoke(Caller caller, String tenant, long id) {
        requireMsp(caller);
        Instant now = clock.instant();
        return pool.withTransaction(tx -> revokeIn(tx, caller, tenant, id, now)).invoke(outbox::committed).replaceWithVoid();
    }

    /**
     * One revoke on the caller's transaction: E13, and each assignment of a bulk revoke (D7,
     * {@link BulkRevocation}), so both write the same row change, event and audit entry.
     *
     * @return the assignment as revoked
     */
    Uni<AssignmentData> revokeIn(SqlConnection tx, Caller caller, String tenant, long id, Instant now) {
        String provider = caller.tenantId();
        // the bucket's lock before the row's, in the order update takes them (no deadlock between the two)
        return writer.find(tx, id, provider, tenant, false)
                .chain(found -> pools.lockBucket(tx, provider, live(found, id, now).licenseType(), found.trial())
                        .chain(bucket -> writer.find(tx, id, provider, tenant, true)
                                .chain(locked -> {
                                    AssignmentData revoked = revoked(live(locked, id, now), caller.subject(), now);
                                    // pipelined: one round trip while the bucket is locked
                                    return Uni.combine().all().unis(writer.revoke(tx, locked, caller.subject(), now),
                                            audit.record(tx, List.of(audit.entry(caller, "assignment.revoked", "assignment", String.valueOf(id),
                                                    facts(revoked))), List.of(revokedMessage(revoked))))
                                            .discardItems().replaceWith(revoked);
                                })
                                .call(() -> closeGap(tx, provider, found, bucket, now))));
    }

    /** After licenses went back to an over-assigned bucket: the compliance gap may have shrunk or closed. */
    private Uni<Void> closeGap(SqlConnection tx, String provider, AssignmentData a, PoolRepository.Bucket bucket, Instant now) {
        return bucket == null || bucket.complianceGap() == 0 ? Uni.createFrom().voidItem()
                : gaps.recheck(tx, provider, a.licenseType(), a.trial(), bucket, now);
    }

    /**
     * Within the bucket lock: check the rule on {@code capacity} (read under the lock, with a reserved
     * id), insert, and queue the created event after {@code before}. The row and the outbox record go
     * out together (pipelined on the connection): the record does not depend on the insert's answer,
     * and a failed insert aborts the transaction, so the record cannot outlive it.
     */
    private Uni<AssignmentData> assign(SqlConnection tx, Caller caller, String provider, String tenant, Valid v,
            Instant at, List<OutboxMessage> before, Uni<PoolRepository.Capacity> capacity,
            Function<AssignmentData, AuditRecorded> auditEntry) {
        Instant now = at.truncatedTo(ChronoUnit.MICROS); // as stored: the event and the row say the same
        return capacity.chain(c -> {
            long max = CapacityRule.maxQuantity(c.pooled(), c.assigned(), v.from(), v.to());
            if (v.quantity() > max) {
                throw new ApiException(ErrorCode.INSUFFICIENT_LICENSES, "the " + (v.trial() ? "trial " : "") + v.licenseType()
                        + " pools have " + max + " licenses free over the whole window, " + v.quantity() + " were asked for",
                        "assign at most " + max + " (maxQuantity: " + max + ")");
            }
            AssignmentData data = new AssignmentData(c.reservedId(), provider, tenant, v.licenseType(), v.trial(), v.quantity(),
                    v.from(), v.to(), caller.subject(), now, null, null);
            List<OutboxMessage> messages = new java.util.ArrayList<>(before);
            messages.add(OutboxMessage.of(EventType.ASSIGNMENT_CREATED, CloudEvent.of(EventType.ASSIGNMENT_CREATED, SOURCE, provider, data)));
            // the row, its events and its audit entry go out together (pipelined), while the bucket is locked
            return Uni.combine().all().unis(writer.insert(tx, c.reservedId(), provider, tenant, v.licenseType(), v.trial(), v.quantity(),
                    v.from(), v.to(), caller.subject(), now), audit.record(tx, List.of(auditEntry.apply(data)), messages))
                    .discardItems().replaceWith(data);
        });
    }

    /** 404 for an id the caller does not have (another tenant's included); 409 once it is revoked or expired. */
    private static AssignmentData live(AssignmentData a, long id, Instant now) {
        if (a == null) {
            throw ApiException.notFound("assignment " + id);
        }
        Lifecycle.Status status = Lifecycle.status(a.revokedDate(), a.effectiveDate(), a.expirationDate(), now);
        if (status == Lifecycle.Status.REVOKED || status == Lifecycle.Status.EXPIRED) {
            throw new ApiException(ErrorCode.LIFECYCLE_CONFLICT, "assignment " + id + " is " + status);
        }
        return a;
    }

    private static AssignmentData revoked(AssignmentData a, String by, Instant now) {
        return new AssignmentData(a.assignmentId(), a.providerTenantId(), a.tenantId(), a.licenseType(), a.trial(), a.quantity(),
                a.effectiveDate(), a.expirationDate(), a.createdBy(), a.createdDate(), by, now);
    }

    /** What the audit trail tells of an assignment. */
    private static Map<String, Object> facts(AssignmentData a) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("recipientTenantId", a.tenantId());
        facts.put("licenseType", a.licenseType());
        facts.put("trial", a.trial());
        facts.put("quantity", a.quantity());
        facts.put("effectiveDate", a.effectiveDate());
        facts.put("expirationDate", a.expirationDate());
        return facts;
    }

    private static OutboxMessage revokedMessage(AssignmentData revoked) {
        return OutboxMessage.of(EventType.ASSIGNMENT_REVOKED,
                CloudEvent.of(EventType.ASSIGNMENT_REVOKED, SOURCE, revoked.providerTenantId(), revoked));
    }

    /** Only an MSP assigns licenses (docs/decisions.md, Assignments): 403 for any other tenant. */
    public static void requireMsp(Caller caller) {
        if (!caller.isMsp()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "only an MSP assigns licenses; this tenant is " + caller.tenantType());
        }
    }

    /** An {@code Idempotency-Key} of a tenant and the hash of the request that came with it. */
    private record KeyUse(String scope, String key, String requestHash) {
    }

    /** Another request with the same key committed first; rolls this one back. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    private static final int MAX_KEY_LENGTH = 255;

    private static String checkKey(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new ApiException(ErrorCode.INVALID_VALUE, "'" + IDEMPOTENCY_KEY + "' must be 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters", "a UUID is a good key");
        }
        return key;
    }

    /** The request as sent (not as interpreted: the same key with other words is another request), and its target tenant. */
    private static String fingerprint(String tenant, CreateAssignmentRequest r) {
        String canonical = r == null ? tenant
                : String.join("\n", tenant, r.effectiveDate(), r.expirationDate(), String.valueOf(r.quantity()), r.licenseType(),
                        String.valueOf(r.trial()));
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private Outcome replay(IdempotencyKeys.Stored stored, KeyUse use) {
        if (!stored.requestHash().equals(use.requestHash())) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "'" + IDEMPOTENCY_KEY + "' " + use.key() + " came with another request before",
                    "send a new key with a new request");
        }
        try {
            return new Outcome(mapper.readValue(stored.response().encode(), AssignmentView.class), true);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored answer of " + use.key() + " is not an assignment", e);
        }
    }

    private JsonObject json(AssignmentView view) {
        try {
            return new JsonObject(mapper.writeValueAsString(view));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an assignment view always serialises", e);
        }
    }

    private record Valid(String licenseType, boolean trial, int quantity, Instant from, Instant to) {
    }

    /** docs/decisions.md (Assignments): 400 for missing or malformed values, 422 for values the rules refuse. */
    private static Valid validate(CreateAssignmentRequest r, Instant now) {
        if (r == null) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "a body with effectiveDate, expirationDate, quantity and licenseType is required");
        }
        require("effectiveDate", r.effectiveDate());
        require("expirationDate", r.expirationDate());
        require("quantity", r.quantity());
        require("licenseType", r.licenseType());
        Vocabulary.LicenseTypeName name = Vocabulary.licenseTypeName(r.licenseType());
        if (name == null) {
            throw new ApiException(ErrorCode.INVALID_VALUE, "'licenseType' cannot be " + r.licenseType(),
                    "expected any of " + Vocabulary.LICENSE_TYPES + ", or its MSP_ name, with _TEMP for a trial");
        }
        Instant from = StartRule.start("effectiveDate", r.effectiveDate(), now);
        Instant to = Dates.parseInstant("expirationDate", r.expirationDate(), Dates.Boundary.END_OF_DAY);
        return check(name.licenseType(), name.trial() || Boolean.TRUE.equals(r.trial()), r.quantity(), from, to, now);
    }

    /** The rules every new window obeys (create and update). */
    private static Valid check(String licenseType, boolean trial, long quantity, Instant from, Instant to, Instant now) {
        if (quantity < 1 || quantity > Integer.MAX_VALUE) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "'quantity' must be 1 to " + Integer.MAX_VALUE + ", was " + quantity);
        }
        if (!from.isBefore(to)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "'effectiveDate' " + from + " must be before 'expirationDate' " + to);
        }
        if (!to.isAfter(now)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "'expirationDate' " + to + " is not in the future");
        }
        // the precision the API takes (docs/decisions.md, Dates) and the database keeps: the capacity steps
        // written now and subtracted at a revoke must fall on the same instants
        return new Valid(licenseType, trial, (int) quantity, from.truncatedTo(ChronoUnit.MILLIS), to.truncatedTo(ChronoUnit.MILLIS));
    }

    private static void require(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "'" + field + "' is required");
        }
    }

    static AssignmentView view(AssignmentData a, Instant now) {
        String status = Lifecycle.status(a.revokedDate(), a.effectiveDate(), a.expirationDate(), now).name();
        return new AssignmentView(a.assignmentId(), a.effectiveDate(), a.expirationDate(), a.quantity(), a.licenseType(), status,
                a.createdDate().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), a.revokedDate(), a.createdBy(), a.revokedBy(), a.trial(),
                a.providerTenantId().equals(a.tenantId()), a.trial(), a.tenantId());
    }
}
