package dev.entitlements.assignment.pools.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.common.capacity.CapacityRule;
import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.common.query.SqlValues;
import dev.entitlements.common.time.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the pool copy for the capacity rule, and locks its buckets. */
@ApplicationScoped
public class PoolRepository {

    /**
     * A provider's bucket (license type and trial flag) as locked: the compliance gap last told
     * ({@code ComplianceGaps}) and since when it is open, or 0 and null.
     */
    public record Bucket(int complianceGap, Instant gapSince) {}

    /**
     * Locks the provider's bucket until the transaction ends, so that checks of one bucket run one
     * after another in every instance of the service.
     *
     * @return null when the provider has never had a pool of the bucket (there is nothing to assign)
     */
    public Uni<Bucket> lockBucket(SqlClient tx, String provider, String licenseType, boolean trial) {
        return tx.preparedQuery(
                        "SELECT compliance_gap, compliance_gap_since FROM pool_bucket WHERE provider_tenant_id = $1"
                                + " AND license_type = $2 AND trial = $3 FOR UPDATE")
                .execute(Tuple.of(provider, licenseType, trial))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    var r = rows.iterator().next();
                    return new Bucket(r.getInteger(0), SqlValues.instant(r.getValue(1)));
                });
    }

    /**
     * What the capacity rule needs of a bucket over a window, read in one statement: the live pools
     * (usable to the last millisecond of their expiry day), the steps of the licenses assigned (as
     * spans that partition the window), and, for a create, the id its assignment will have.
     */
    public record Capacity(List<Span> pooled, List<Span> assigned, long reservedId) {}

    /**
     * Locks the bucket and reads its {@link Capacity} (reserving an id) with one wait instead of two:
     * the read is sent right behind the lock. PostgreSQL runs a connection's statements one after
     * the other, so the read starts, and takes its snapshot, only once the lock is held; it is still
     * a statement of its own (ADR 0009), it just does not wait for the service to ask for it. On a
     * hot bucket that wait is part of the time the lock is held.
     */
    public Uni<Capacity> lockAndReserve(
            SqlClient tx, String provider, String licenseType, boolean trial, Instant from, Instant to) {
        return Uni.combine()
                .all()
                .unis(
                        lockBucket(tx, provider, licenseType, trial),
                        capacity(tx, provider, licenseType, trial, from, to, true))
                .with((bucket, capacity) -> capacity);
    }

    /** Reads the bucket's {@link Capacity}; the caller holds the bucket's lock. */
    public Uni<Capacity> capacity(
            SqlClient tx,
            String provider,
            String licenseType,
            boolean trial,
            Instant from,
            Instant to,
            boolean reserveId) {
        String sql = """
                SELECT 0, effective_date, expiration_date, quantity::bigint FROM pool
                 WHERE provider_tenant_id = $1 AND license_type = $2 AND trial = $3 AND cancelled_date IS NULL
                UNION ALL
                SELECT 1, at, NULL, assigned FROM bucket_step
                 WHERE provider_tenant_id = $1 AND license_type = $2 AND trial = $3 AND at <= $5
                   AND at >= coalesce((SELECT max(at) FROM bucket_step WHERE provider_tenant_id = $1 AND license_type = $2 AND trial = $3
                                         AND at <= $4), '-infinity')
                """ + (reserveId ? "UNION ALL SELECT 2, NULL, NULL, nextval('assignment_id_seq')\n" : "")
                + "ORDER BY 1, 2";
        return tx.preparedQuery(sql)
                .execute(Tuple.from(new Object[] {provider, licenseType, trial, timestamptz(from), timestamptz(to)}))
                .map(rows -> {
                    List<Span> pooled = new ArrayList<>();
                    List<Instant> steps = new ArrayList<>();
                    List<Long> held = new ArrayList<>();
                    long id = 0;
                    for (Row r : rows) {
                        switch (r.getInteger(0)) {
                            case 0 ->
                                pooled.add(new Span(
                                        SqlValues.instant(r.getValue(1)),
                                        Lifecycle.usableUntil(SqlValues.instant(r.getValue(2))),
                                        r.getLong(3)));
                            case 1 -> {
                                steps.add(SqlValues.instant(r.getValue(1)));
                                held.add(r.getLong(3));
                            }
                            default -> id = r.getLong(3);
                        }
                    }
                    // a step lasts until the next one (its last microsecond), the last one to the window's end
                    return new Capacity(pooled, CapacityRule.spans(steps, held, to), id);
                });
    }

    private static final String UPSERT_LINE = """
            INSERT INTO pool (provider_tenant_id, external_id, license_type, trial, quantity, effective_date, expiration_date,
                              cancelled_date, event_time, sku)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (provider_tenant_id, external_id) DO UPDATE SET license_type = EXCLUDED.license_type, sku = EXCLUDED.sku,
                   trial = EXCLUDED.trial, quantity = EXCLUDED.quantity, effective_date = EXCLUDED.effective_date,
                   expiration_date = EXCLUDED.expiration_date, cancelled_date = EXCLUDED.cancelled_date,
                   event_time = EXCLUDED.event_time
             WHERE pool.event_time <= EXCLUDED.event_time""";

    /**
     * Writes a pool line as of {@code eventTime}, and makes sure its bucket exists (to lock); an
     * event older than the line's last is ignored.
     *
     * @param expiration usable until then (the end of the expiry day)
     * @param sku        what the line was sold as, named at a cliff of the capacity timeline
     * @param cancelled  null while the line counts
     */
    public Uni<Void> upsertLine(
            SqlClient tx,
            String provider,
            String externalId,
            String sku,
            String licenseType,
            boolean trial,
            int quantity,
            Instant effective,
            Instant expiration,
            Instant cancelled,
            Instant eventTime) {
        return tx.preparedQuery(UPSERT_LINE)
                .execute(Tuple.from(Arrays.asList(
                        provider,
                        externalId,
                        licenseType,
                        trial,
                        quantity,
                        timestamptz(effective),
                        timestamptz(expiration),
                        timestamptz(cancelled),
                        timestamptz(eventTime),
                        sku)))
                .chain(() -> tx.preparedQuery(
                                "INSERT INTO pool_bucket (provider_tenant_id, license_type, trial) VALUES ($1, $2, $3)"
                                        + " ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(provider, licenseType, trial)))
                .replaceWithVoid();
    }

    /** Records the bucket's compliance gap as told, and since when it is open (null when closed). */
    public Uni<Void> recordGap(
            SqlClient tx, String provider, String licenseType, boolean trial, int gap, Instant since) {
        return tx.preparedQuery("UPDATE pool_bucket SET compliance_gap = $4, compliance_gap_since = $5"
                        + " WHERE provider_tenant_id = $1 AND license_type = $2 AND trial = $3")
                .execute(Tuple.from(new Object[] {provider, licenseType, trial, gap, timestamptz(since)}))
                .replaceWithVoid();
    }
}
