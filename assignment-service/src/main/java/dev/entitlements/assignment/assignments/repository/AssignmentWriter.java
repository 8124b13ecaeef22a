package dev.entitlements.assignment.assignments.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import java.time.Instant;
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

    /**
     * The bucket's live assignments that overlap the window, as spans of the capacity rule.
     *
     * @param excludeId an assignment being replaced (an update), or 0
     */
    public Uni<List<Span>> assignedSpans(SqlConnection tx, String provider, String licenseType, boolean trial, Instant from, Instant to,
            long excludeId) {
        return tx.preparedQuery("SELECT effective_date, expiration_date, quantity FROM assignment WHERE provider_tenant_id = $1"
                + " AND license_type = $2 AND trial = $3 AND revoked_date IS NULL AND expiration_date >= $4 AND effective_date <= $5"
                + " AND id <> $6")
                .execute(Tuple.from(new Object[] { provider, licenseType, trial, timestamptz(from), timestamptz(to), excludeId }))
                .map(rows -> {
                    List<Span> spans = new java.util.ArrayList<>(rows.size());
                    for (Row r : rows) {
                        spans.add(new Span(SqlValues.instant(r.getValue(0)), SqlValues.instant(r.getValue(1)), r.getInteger(2)));
                    }
                    return spans;
                });
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

    /** Marks the assignment revoked (the row stays). */
    public Uni<Void> revoke(SqlConnection tx, long id, String by, Instant now) {
        return tx.preparedQuery("UPDATE assignment SET revoked_by = $2, revoked_date = $3 WHERE id = $1")
                .execute(Tuple.of(id, by, timestamptz(now))).replaceWithVoid();
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
                });
    }
}
