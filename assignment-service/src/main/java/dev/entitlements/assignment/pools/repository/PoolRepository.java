package dev.entitlements.assignment.pools.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.common.query.SqlValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the pool copy for the capacity rule, and locks its buckets. */
@ApplicationScoped
public class PoolRepository {

    /**
     * A provider's bucket (license type and trial flag) as locked: the compliance gap last told
     * ({@code ComplianceGaps}) and since when it is open, or 0 and null.
     */
    public record Bucket(int complianceGap, Instant gapSince) {
    }

    /**
     * Locks the provider's bucket until the transaction ends, so that checks of one bucket run one
     * after another in every instance of the service.
     *
     * @return null when the provider has never had a pool of the bucket (there is nothing to assign)
     */
    public Uni<Bucket> lockBucket(SqlClient tx, String provider, String licenseType, boolean trial) {
        return tx.preparedQuery("SELECT compliance_gap, compliance_gap_since FROM pool_bucket WHERE provider_tenant_id = $1"
                + " AND license_type = $2 AND trial = $3 FOR UPDATE").execute(Tuple.of(provider, licenseType, trial))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    var r = rows.iterator().next();
                    return new Bucket(r.getInteger(0), SqlValues.instant(r.getValue(1)));
                });
    }

    /**
     * The live pools of one bucket as spans of the capacity rule (usable to the last millisecond of
     * the expiry day).
     */
    public Uni<List<Span>> spans(SqlClient client, String provider, String licenseType, boolean trial) {
        return client.preparedQuery("SELECT effective_date, expiration_date, quantity FROM pool WHERE provider_tenant_id = $1"
                + " AND license_type = $2 AND trial = $3 AND cancelled_date IS NULL")
                .execute(Tuple.of(provider, licenseType, trial))
                .map(rows -> {
                    List<Span> spans = new java.util.ArrayList<>(rows.size());
                    rows.forEach(r -> spans.add(new Span(SqlValues.instant(r.getValue(0)),
                            SqlValues.instant(r.getValue(1)).plusMillis(999), r.getInteger(2))));
                    return spans;
                });
    }
}
