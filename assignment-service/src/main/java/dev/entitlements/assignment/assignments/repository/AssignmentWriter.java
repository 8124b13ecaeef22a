package dev.entitlements.assignment.assignments.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.common.query.SqlValues;
import dev.entitlements.contract.events.AssignmentData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The write side of assignments, on the caller's transaction (reactive client: row locks, outbox). */
@ApplicationScoped
public class AssignmentWriter {

    /** A new assignment as stored. */
    public record Created(long id, Instant createdDate) {
    }

    /** Steps of the assigned-licenses function are microseconds apart at least: PostgreSQL's precision. */
    private static final long MICRO = 1_000;

    /**
     * What the bucket's live assignments hold over the window, as spans of the capacity rule: one
     * per step of {@code bucket_step} that the window touches (a partition of the window).
     */
    public Uni<List<Span>> assignedSpans(SqlConnection tx, String provider, String licenseType, boolean trial, Instant from, Instant to) {
        return tx.preparedQuery("SELECT at, assigned FROM bucket_step WHERE provider_tenant_id = $1 AND license_type = $2 AND trial = $3"
                + " AND at <= $5 AND at >= coalesce((SELECT max(at) FROM bucket_step WHERE provider_tenant_id = $1 AND license_type = $2"
                + " AND trial = $3 AND at <= $4), '-infinity') ORDER BY at")
                .execute(Tuple.from(new Object[] { provider, licenseType, trial, timestamptz(from), timestamptz(to) }))
                .map(rows -> {
                    List<Instant> at = new ArrayList<>(rows.size());
                    List<Long> assigned = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        at.add(SqlValues.instant(r.getValue(0)));
                        assigned.add(r.getLong(1));
                    }
                    List<Span> spans = new ArrayList<>(rows.size());
                    for (int i = 0; i < at.size(); i++) {
                        if (assigned.get(i) > 0) {
                            Instant end = i + 1 < at.size() ? at.get(i + 1).minusNanos(MICRO) : to;
                            spans.add(new Span(at.get(i), end, assigned.get(i)));
                        }
                    }
                    return spans;
                });
    }

    /** Adds {@code delta} licenses to the bucket's steps from {@code from} to {@code to} inclusive (negative: a revoke). */
    private static Uni<Void> addToSteps(SqlConnection tx, String provider, String licenseType, boolean trial, Instant from, Instant to,
            long delta) {
        Object end = timestamptz(to.plusNanos(MICRO));
        // both boundaries, each with the value in force just before it (the new start's value is its
        // predecessor's too, so the end's lookup may miss the start inserted by this same statement)
        return tx.preparedQuery("INSERT INTO bucket_step (provider_tenant_id, license_type, trial, at, assigned)"
                + " SELECT $1::varchar, $2::varchar, $3::boolean, b.at, coalesce((SELECT s.assigned FROM bucket_step s WHERE s.provider_tenant_id = $1"
                + " AND s.license_type = $2 AND s.trial = $3 AND s.at < b.at ORDER BY s.at DESC LIMIT 1), 0)"
                + " FROM unnest(ARRAY[$4, $5]::timestamptz[]) AS b(at) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(new Object[] { provider, licenseType, trial, timestamptz(from), end }))
                .chain(() -> tx.preparedQuery("UPDATE bucket_step SET assigned = assigned + $6 WHERE provider_tenant_id = $1"
                        + " AND license_type = $2 AND trial = $3 AND at >= $4 AND at < $5")
                        .execute(Tuple.from(new Object[] { provider, licenseType, trial, timestamptz(from), end, delta })))
                .replaceWithVoid();
    }

    /** One assignment of a provider to one tenant, or null; {@code lock}: held until the transaction ends. */
    public Uni<AssignmentData> find(SqlConnection tx, long id, String provider, String tenant, boolean lock) {
        return tx.preparedQuery("SELECT id, provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date, expiration_date,"
                + " created_by, created_date, revoked_by, revoked_date FROM assignment WHERE id = $1 AND provider_tenant_id = $2"
                + " AND tenant_id = $3" + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(id, provider, tenant))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new AssignmentData(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4), r.getInteger(5),
                            SqlValues.instant(r.getValue(6)), SqlValues.instant(r.getValue(7)), r.getString(8),
                            SqlValues.instant(r.getValue(9)), r.getString(10), SqlValues.instant(r.getValue(11)));
                });
    }

    /** Marks the assignment revoked (the row stays) and gives its licenses back to the bucket's steps. */
    public Uni<Void> revoke(SqlConnection tx, AssignmentData a, String by, Instant now) {
        return tx.preparedQuery("UPDATE assignment SET revoked_by = $2, revoked_date = $3 WHERE id = $1")
                .execute(Tuple.of(a.assignmentId(), by, timestamptz(now)))
                .chain(() -> addToSteps(tx, a.providerTenantId(), a.licenseType(), a.trial(), a.effectiveDate(), a.expirationDate(),
                        -a.quantity()));
    }

    public Uni<Created> insert(SqlConnection tx, String provider, String tenant, String licenseType, boolean trial, int quantity,
            Instant from, Instant to, String createdBy, Instant now) {
        return tx.preparedQuery("INSERT INTO assignment (provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date,"
                + " expiration_date, created_by, created_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, created_date")
                .execute(Tuple.from(new Object[] { provider, tenant, licenseType, trial, quantity, timestamptz(from), timestamptz(to),
                        createdBy, timestamptz(now) }))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Created(r.getLong(0), SqlValues.instant(r.getValue(1)));
                })
                .call(() -> addToSteps(tx, provider, licenseType, trial, from, to, quantity));
    }
}
