package dev.entitlements.assignment.pools.service;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.assignment.pools.repository.PoolRepository;
import dev.entitlements.common.messaging.EntitlementEvents;
import dev.entitlements.common.time.Dates;
import dev.entitlements.contract.events.EntitlementData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * assignment-service's copy of each provider's pools, written from entitlement events in the
 * caller's (inbox) transaction; older events than a line's last are ignored. A change that leaves
 * the assignments above the pools raises a compliance gap ({@link ComplianceGaps}).
 */
@ApplicationScoped
public class PoolProjection implements EntitlementEvents.Projection {

    private final PoolRepository pools;
    private final ComplianceGaps gaps;
    private final Clock clock;

    public PoolProjection(PoolRepository pools, ComplianceGaps gaps, Clock clock) {
        this.pools = pools;
        this.gaps = gaps;
        this.clock = clock;
    }

    private static final String UPSERT = """
            INSERT INTO pool (provider_tenant_id, external_id, license_type, trial, quantity, effective_date, expiration_date,
                              cancelled_date, event_time)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (provider_tenant_id, external_id) DO UPDATE SET license_type = EXCLUDED.license_type,
                   trial = EXCLUDED.trial, quantity = EXCLUDED.quantity, effective_date = EXCLUDED.effective_date,
                   expiration_date = EXCLUDED.expiration_date, cancelled_date = EXCLUDED.cancelled_date,
                   event_time = EXCLUDED.event_time
             WHERE pool.event_time <= EXCLUDED.event_time""";

    /** Purchased or changed: a bulk pool takes the event's terms; anything else is not assignable and ignored. */
    @Override
    public Uni<Void> upsert(SqlConnection tx, EntitlementData e, Instant eventTime) {
        return e.mspPool() ? write(tx, e, null, eventTime) : Uni.createFrom().voidItem();
    }

    /** Cancelled: the pool no longer counts. */
    @Override
    public Uni<Void> cancel(SqlConnection tx, EntitlementData e, Instant eventTime) {
        return e.mspPool() ? write(tx, e, eventTime, eventTime) : Uni.createFrom().voidItem();
    }

    /** Writes the line, then, holding the bucket's lock (creates wait), tells whether the assignments still fit. */
    private Uni<Void> write(SqlConnection tx, EntitlementData e, Instant cancelled, Instant eventTime) {
        return tx.preparedQuery(UPSERT)
                .execute(Tuple.from(java.util.Arrays.asList(e.tenantId(), e.externalId(), e.licenseType(), e.trial(), e.quantity(),
                        timestamptz(e.effectiveDate()), timestamptz(Dates.endOfDay(e.expirationDate())), timestamptz(cancelled),
                        timestamptz(eventTime))))
                .chain(() -> tx.preparedQuery("INSERT INTO pool_bucket (provider_tenant_id, license_type, trial) VALUES ($1, $2, $3)"
                        + " ON CONFLICT DO NOTHING").execute(Tuple.of(e.tenantId(), e.licenseType(), e.trial())))
                .chain(() -> pools.lockBucket(tx, e.tenantId(), e.licenseType(), e.trial()))
                .chain(bucket -> gaps.recheck(tx, e.tenantId(), e.licenseType(), e.trial(), bucket, clock.instant()));
    }
}
