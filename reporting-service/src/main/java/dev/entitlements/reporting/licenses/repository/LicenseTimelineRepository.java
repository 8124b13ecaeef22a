package dev.entitlements.reporting.licenses.repository;

import static dev.entitlements.common.query.SqlValues.instant;
import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.common.query.BatchColumns;
import dev.entitlements.reporting.licenses.service.LicenseTimeline;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.AssignmentState;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Cause;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.EntitlementState;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Kind;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Step;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The projection's tables ({@code report_entitlement}, {@code report_assignment},
 * {@code license_step}), read and written a batch at a time: one statement per table, whatever the
 * number of events in the batch.
 */
@ApplicationScoped
public class LicenseTimelineRepository {

    private static final BatchColumns<EntitlementState> ENTITLEMENT_ROWS = BatchColumns.<EntitlementState>of()
            .text(EntitlementState::tenantId)
            .text(EntitlementState::externalId)
            .text(EntitlementState::licenseType)
            .bool(EntitlementState::trial)
            .bool(EntitlementState::mspPool)
            .bool(EntitlementState::courtesy)
            .int4(EntitlementState::quantity)
            .timestamptz(EntitlementState::effectiveDate)
            .timestamptz(EntitlementState::expirationDate)
            .timestamptz(EntitlementState::cancelledAt)
            .timestamptz(EntitlementState::eventTime);

    private static final BatchColumns<AssignmentState> ASSIGNMENT_ROWS = BatchColumns.<AssignmentState>of()
            .int8(AssignmentState::assignmentId)
            .text(AssignmentState::providerTenantId)
            .text(AssignmentState::tenantId)
            .text(AssignmentState::licenseType)
            .bool(AssignmentState::trial)
            .int4(AssignmentState::quantity)
            .timestamptz(AssignmentState::effectiveDate)
            .timestamptz(AssignmentState::expirationDate)
            .timestamptz(AssignmentState::revokedDate)
            .timestamptz(AssignmentState::eventTime);

    /** A step's key and the delta to add to it. */
    private static final BatchColumns<Map.Entry<Step, Long>> STEP_DELTAS = BatchColumns.<Map.Entry<Step, Long>>of()
            .text(d -> d.getKey().tenantId())
            .text(d -> d.getKey().licenseType())
            .bool(d -> d.getKey().trial())
            .text(d -> d.getKey().kind().name())
            .text(d -> d.getKey().cause().name())
            .timestamptz(d -> d.getKey().at())
            .int8(Map.Entry::getValue);

    private final Pool pool;

    public LicenseTimelineRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * What a tenant holds of one kind, license type and trial flag, by status at {@code now}:
     * {@code valid} held now, {@code future} starting later, {@code expired} ended by expiry.
     */
    public record Holding(
            String tenantId, String licenseType, boolean trial, Kind kind, long valid, long future, long expired) {}

    /** Every time line of the tenant, summed at {@code now}: one statement over its steps. */
    public Uni<List<Holding>> holdings(String tenantId, Instant now) {
        return holdings(List.of(tenantId), now);
    }

    /** {@link #holdings(String, Instant)} of several tenants (an MSP's customers) in one statement. */
    public Uni<List<Holding>> holdings(Collection<String> tenantIds, Instant now) {
        return pool.preparedQuery("""
                SELECT tenant_id, license_type, trial, kind,
                       coalesce(sum(delta) FILTER (WHERE at <= $2), 0),
                       coalesce(sum(delta) FILTER (WHERE at > $2 AND cause = 'START'), 0),
                       coalesce(-sum(delta) FILTER (WHERE at <= $2 AND cause = 'EXPIRY'), 0)
                  FROM license_step WHERE tenant_id = ANY($1) GROUP BY tenant_id, license_type, trial, kind""")
                .execute(Tuple.of(tenantIds.toArray(String[]::new), timestamptz(now)))
                .map(rows -> {
                    List<Holding> holdings = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        holdings.add(new Holding(
                                r.getString(0),
                                r.getString(1),
                                r.getBoolean(2),
                                Kind.valueOf(r.getString(3)),
                                r.getLong(4),
                                r.getLong(5),
                                r.getLong(6)));
                    }
                    return holdings;
                });
    }

    /**
     * Per tenant and license type, the licenses of these kinds held at {@code now} (trial and paid
     * together), on {@code client}: only the steps up to now are read, which for a busy tenant is a
     * small part of its time line.
     */
    public Uni<Map<List<String>, Long>> heldNow(
            SqlClient client, Collection<String> tenantIds, Collection<Kind> kinds, Instant now) {
        return client.preparedQuery("""
                SELECT tenant_id, license_type, sum(delta) FROM license_step
                 WHERE tenant_id = ANY($1) AND kind = ANY($2) AND at <= $3 GROUP BY tenant_id, license_type""")
                .execute(Tuple.of(
                        tenantIds.toArray(String[]::new),
                        kinds.stream().map(Kind::name).toArray(String[]::new),
                        timestamptz(now)))
                .map(rows -> {
                    Map<List<String>, Long> held = new HashMap<>();
                    for (Row r : rows) {
                        held.put(List.of(r.getString(0), r.getString(1)), r.getLong(2));
                    }
                    return held;
                });
    }

    /** Licenses of some kinds that expire on one day: a tenant's next expiry of a license type and trial flag. */
    public record Expiry(String tenantId, String licenseType, boolean trial, LocalDate day, long quantity) {}

    /** For each tenant, license type and trial flag, the first day after {@code now} on which licenses of these kinds expire. */
    public Uni<List<Expiry>> nextExpiries(Collection<String> tenantIds, Collection<Kind> kinds, Instant now) {
        return pool.preparedQuery("""
                SELECT DISTINCT ON (tenant_id, license_type, trial) tenant_id, license_type, trial, day, quantity FROM (
                    SELECT tenant_id, license_type, trial, (at AT TIME ZONE 'UTC')::date AS day, -sum(delta) AS quantity FROM license_step
                     WHERE tenant_id = ANY($1) AND kind = ANY($2) AND cause = 'EXPIRY' AND at > $3
                     GROUP BY tenant_id, license_type, trial, day) e
                 WHERE quantity > 0
                 ORDER BY tenant_id, license_type, trial, day""")
                .execute(Tuple.of(
                        tenantIds.toArray(String[]::new),
                        kinds.stream().map(Kind::name).toArray(String[]::new),
                        timestamptz(now)))
                .map(rows -> {
                    List<Expiry> expiries = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        expiries.add(new Expiry(
                                r.getString(0), r.getString(1), r.getBoolean(2), r.getLocalDate(3), r.getLong(4)));
                    }
                    return expiries;
                });
    }

    /** One step of a time line: the licenses of {@code kind} change by {@code delta} at {@code at}, for {@code cause}. */
    public record StepRow(String licenseType, boolean trial, Kind kind, Cause cause, Instant at, long delta) {}

    /** The steps of a tenant's time lines of these license types and kinds, oldest first. */
    public Uni<List<StepRow>> steps(String tenantId, Collection<String> licenseTypes, Collection<Kind> kinds) {
        return pool.preparedQuery("""
                SELECT license_type, trial, kind, cause, at, delta FROM license_step
                 WHERE tenant_id = $1 AND license_type = ANY($2) AND kind = ANY($3) ORDER BY at""")
                .execute(Tuple.of(
                        tenantId,
                        licenseTypes.toArray(String[]::new),
                        kinds.stream().map(Kind::name).toArray(String[]::new)))
                .map(rows -> {
                    List<StepRow> steps = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        steps.add(new StepRow(
                                r.getString(0),
                                r.getBoolean(1),
                                Kind.valueOf(r.getString(2)),
                                Cause.valueOf(r.getString(3)),
                                instant(r.getValue(4)),
                                r.getLong(5)));
                    }
                    return steps;
                });
    }

    /** Key of a purchased line: tenant and entitlement id. */
    public record EntitlementKey(String tenantId, String externalId) {}

    /** The current states of these lines (absent ones are new). */
    public Uni<Map<EntitlementKey, EntitlementState>> entitlements(SqlConnection tx, Collection<EntitlementKey> keys) {
        String[] tenants = keys.stream().map(EntitlementKey::tenantId).toArray(String[]::new);
        String[] ids = keys.stream().map(EntitlementKey::externalId).toArray(String[]::new);
        return tx.preparedQuery("""
                SELECT e.tenant_id, e.external_id, license_type, trial, msp_pool, courtesy, quantity, effective_date, expiration_date,
                       cancelled_at, event_time
                  FROM report_entitlement e JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, external_id)
                    ON e.tenant_id = k.tenant_id AND e.external_id = k.external_id""").execute(Tuple.of(tenants, ids)).map(rows -> {
            Map<EntitlementKey, EntitlementState> found = new HashMap<>();
            for (Row r : rows) {
                EntitlementState s = new EntitlementState(
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        r.getBoolean(3),
                        r.getBoolean(4),
                        r.getBoolean(5),
                        r.getInteger(6),
                        instant(r.getValue(7)),
                        instant(r.getValue(8)),
                        instant(r.getValue(9)),
                        instant(r.getValue(10)));
                found.put(new EntitlementKey(s.tenantId(), s.externalId()), s);
            }
            return found;
        });
    }

    /** The current states of these assignments (absent ones are new). */
    public Uni<Map<Long, AssignmentState>> assignments(SqlConnection tx, Collection<Long> ids) {
        return tx.preparedQuery("""
                SELECT id, provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date, expiration_date, revoked_date,
                       event_time
                  FROM report_assignment WHERE id = ANY($1)""").execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
            Map<Long, AssignmentState> found = new HashMap<>();
            for (Row r : rows) {
                found.put(
                        r.getLong(0),
                        new AssignmentState(
                                r.getLong(0),
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                r.getBoolean(4),
                                r.getInteger(5),
                                instant(r.getValue(6)),
                                instant(r.getValue(7)),
                                instant(r.getValue(8)),
                                instant(r.getValue(9))));
            }
            return found;
        });
    }

    public Uni<Void> saveEntitlements(SqlConnection tx, Collection<EntitlementState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // in key order: two batches locking the same rows take them in the same order (no deadlock)
        List<EntitlementState> sorted = states.stream()
                .sorted(Comparator.comparing(EntitlementState::tenantId).thenComparing(EntitlementState::externalId))
                .toList();
        return tx.preparedQuery("""
                INSERT INTO report_entitlement (tenant_id, external_id, license_type, trial, msp_pool, courtesy, quantity, effective_date,
                                                expiration_date, cancelled_at, event_time)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::bool[], $6::bool[], $7::int[],
                                     $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
                ON CONFLICT (tenant_id, external_id) DO UPDATE SET license_type = EXCLUDED.license_type, trial = EXCLUDED.trial,
                       msp_pool = EXCLUDED.msp_pool, courtesy = EXCLUDED.courtesy, quantity = EXCLUDED.quantity,
                       effective_date = EXCLUDED.effective_date, expiration_date = EXCLUDED.expiration_date,
                       cancelled_at = EXCLUDED.cancelled_at, event_time = EXCLUDED.event_time""").execute(ENTITLEMENT_ROWS.tuple(sorted)).replaceWithVoid();
    }

    public Uni<Void> saveAssignments(SqlConnection tx, Collection<AssignmentState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AssignmentState> sorted = states.stream()
                .sorted(Comparator.comparingLong(AssignmentState::assignmentId))
                .toList();
        return tx.preparedQuery("""
                INSERT INTO report_assignment (id, provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date,
                                               expiration_date, revoked_date, event_time)
                SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::int[], $7::timestamptz[],
                                     $8::timestamptz[], $9::timestamptz[], $10::timestamptz[])
                ON CONFLICT (id) DO UPDATE SET provider_tenant_id = EXCLUDED.provider_tenant_id, tenant_id = EXCLUDED.tenant_id,
                       license_type = EXCLUDED.license_type, trial = EXCLUDED.trial, quantity = EXCLUDED.quantity,
                       effective_date = EXCLUDED.effective_date, expiration_date = EXCLUDED.expiration_date,
                       revoked_date = EXCLUDED.revoked_date, event_time = EXCLUDED.event_time""").execute(ASSIGNMENT_ROWS.tuple(sorted)).replaceWithVoid();
    }

    /**
     * Adds the deltas to the time lines (a batch's changes summed per step beforehand); steps that
     * sum to nothing are dropped, so a line and its correction leave no trace.
     */
    public Uni<Void> addSteps(SqlConnection tx, Map<Step, Long> deltas) {
        List<Map.Entry<Step, Long>> changed = new ArrayList<>();
        for (Map.Entry<Step, Long> d : deltas.entrySet()) {
            if (d.getValue() != 0) {
                changed.add(d);
            }
        }
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        changed.sort(Map.Entry.comparingByKey(LicenseTimeline.STEP_ORDER));
        Tuple keysAndDeltas = STEP_DELTAS.tuple(changed);
        // two statements, sent together: in one, a DELETE would not see the rows the INSERT just changed
        Uni<?> add = tx.preparedQuery("""
                INSERT INTO license_step AS s (tenant_id, license_type, trial, kind, cause, at, delta)
                SELECT * FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[])
                ON CONFLICT (tenant_id, license_type, trial, kind, cause, at) DO UPDATE SET delta = s.delta + EXCLUDED.delta""").execute(keysAndDeltas);
        Uni<?> dropZeros = tx.preparedQuery("""
                DELETE FROM license_step s
                 USING unnest($1::text[], $2::text[], $3::bool[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[])
                       AS k(tenant_id, license_type, trial, kind, cause, at, delta)
                 WHERE s.delta = 0 AND s.tenant_id = k.tenant_id AND s.license_type = k.license_type AND s.trial = k.trial
                   AND s.kind = k.kind AND s.cause = k.cause AND s.at = k.at""").execute(keysAndDeltas);
        return Uni.combine().all().unis(add, dropZeros).discardItems();
    }
}
