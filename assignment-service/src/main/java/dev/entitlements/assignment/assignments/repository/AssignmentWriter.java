package dev.entitlements.assignment.assignments.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.common.query.SqlValues;
import dev.entitlements.contract.events.AssignmentData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The write side of assignments, on the caller's transaction (reactive client: row locks, outbox). */
@ApplicationScoped
public class AssignmentWriter {

    /**
     * The end step of an assignment: just after its last instant (ends are inclusive; PostgreSQL
     * keeps microseconds).
     */
    public static Instant stepAfter(Instant to) {
        return to.plusNanos(1_000);
    }

    /** The columns {@link #toData} reads, in its order. */
    private static final String COLUMNS =
            "id, provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date,"
                    + " expiration_date, created_by, created_date, revoked_by, revoked_date";

    private static AssignmentData toData(Row r) {
        return new AssignmentData(
                r.getLong(0),
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getBoolean(4),
                r.getInteger(5),
                SqlValues.instant(r.getValue(6)),
                SqlValues.instant(r.getValue(7)),
                r.getString(8),
                SqlValues.instant(r.getValue(9)),
                r.getString(10),
                SqlValues.instant(r.getValue(11)));
    }

    /** One assignment of a provider to one tenant, or null; {@code lock}: held until the transaction ends. */
    public Uni<AssignmentData> find(SqlConnection tx, long id, String provider, String tenant, boolean lock) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM assignment WHERE id = $1 AND provider_tenant_id = $2"
                        + " AND tenant_id = $3" + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(id, provider, tenant))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    return toData(rows.iterator().next());
                });
    }

    /**
     * The assignments of a provider among {@code ids}, by id (unlocked: {@code find} locks each in
     * its bucket's turn); {@code tenant} null for any recipient. Ids of other providers are absent.
     */
    public Uni<java.util.Map<Long, AssignmentData>> findAll(
            SqlConnection tx, java.util.List<Long> ids, String provider, String tenant) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM assignment WHERE id = ANY($1) AND provider_tenant_id = $2"
                        + " AND ($3::varchar IS NULL OR tenant_id = $3)")
                .execute(Tuple.of(ids.toArray(Long[]::new), provider, tenant))
                .map(rows -> {
                    java.util.Map<Long, AssignmentData> found = new java.util.HashMap<>();
                    for (Row r : rows) {
                        found.put(r.getLong(0), toData(r));
                    }
                    return found;
                });
    }

    /** Marks the assignment revoked (the row stays) and gives its licenses back to the bucket's steps, in one statement. */
    public Uni<Void> revoke(SqlConnection tx, AssignmentData a, String by, Instant now) {
        return tx.preparedQuery("""
                WITH r AS (UPDATE assignment SET revoked_by = $2, revoked_date = $3 WHERE id = $1)
                UPDATE bucket_step SET assigned = assigned - $8 WHERE provider_tenant_id = $4 AND license_type = $5 AND trial = $6
                   AND at >= $7 AND at < $9""")
                .execute(Tuple.from(new Object[] {
                    a.assignmentId(),
                    by,
                    timestamptz(now),
                    a.providerTenantId(),
                    a.licenseType(),
                    a.trial(),
                    timestamptz(a.effectiveDate()),
                    (long) a.quantity(),
                    timestamptz(stepAfter(a.expirationDate()))
                }))
                .replaceWithVoid();
    }

    /**
     * Inserts the assignment (its id reserved by {@code PoolRepository.capacity}) and adds its
     * quantity to the bucket's steps, in one statement: a step at its start (the value before it
     * plus the quantity), one just after its end (the value in force there, unchanged), and the
     * quantity added to the steps between. Every part reads the table as it was before the
     * statement, which is what each needs.
     */
    public Uni<Void> insert(
            SqlConnection tx,
            long id,
            String provider,
            String tenant,
            String licenseType,
            boolean trial,
            int quantity,
            Instant from,
            Instant to,
            String createdBy,
            Instant now) {
        return tx.preparedQuery("""
                WITH a AS (INSERT INTO assignment (id, provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date,
                                                   expiration_date, created_by, created_date)
                           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)),
                     before_start AS (SELECT coalesce((SELECT assigned FROM bucket_step WHERE provider_tenant_id = $2 AND license_type = $4
                                        AND trial = $5 AND at < $7 ORDER BY at DESC LIMIT 1), 0) AS v),
                     before_end AS (SELECT coalesce((SELECT assigned FROM bucket_step WHERE provider_tenant_id = $2 AND license_type = $4
                                        AND trial = $5 AND at < $11 ORDER BY at DESC LIMIT 1), 0) AS v),
                     start_step AS (INSERT INTO bucket_step (provider_tenant_id, license_type, trial, at, assigned)
                                    SELECT $2::varchar, $4::varchar, $5::boolean, $7::timestamptz, v + $6 FROM before_start
                                    ON CONFLICT (provider_tenant_id, license_type, trial, at)
                                    DO UPDATE SET assigned = bucket_step.assigned + $6),
                     end_step AS (INSERT INTO bucket_step (provider_tenant_id, license_type, trial, at, assigned)
                                  SELECT $2::varchar, $4::varchar, $5::boolean, $11::timestamptz, v FROM before_end ON CONFLICT DO NOTHING)
                UPDATE bucket_step SET assigned = assigned + $6 WHERE provider_tenant_id = $2 AND license_type = $4 AND trial = $5
                   AND at > $7 AND at < $11""")
                .execute(Tuple.from(new Object[] {
                    id,
                    provider,
                    tenant,
                    licenseType,
                    trial,
                    quantity,
                    timestamptz(from),
                    timestamptz(to),
                    createdBy,
                    timestamptz(now),
                    timestamptz(stepAfter(to))
                }))
                .replaceWithVoid();
    }
}
