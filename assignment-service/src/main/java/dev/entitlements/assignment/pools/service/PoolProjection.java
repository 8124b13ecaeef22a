package dev.entitlements.assignment.pools.service;

import dev.entitlements.assignment.pools.repository.PoolRepository;
import dev.entitlements.common.messaging.EntitlementEvents;
import dev.entitlements.common.time.Dates;
import dev.entitlements.contract.events.EntitlementData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

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

    /** Purchased or changed: a bulk pool takes the event's terms; anything else is not assignable and ignored. */
    @Override
    public Uni<Void> upsert(SqlConnection tx, EntitlementData e, Instant eventTime) {
        return e.mspPool() ? write(tx, e, null, eventTime) : Uni.createFrom().voidItem();
    }

    /** Cancelled: the pool no longer counts. */
    @Override
    public Uni<Void> cancel(SqlConnection tx, EntitlementData e, Instant eventTime) {
        return e.mspPool()
                ? write(tx, e, eventTime, eventTime)
                : Uni.createFrom().voidItem();
    }

    /** Writes the line, then, holding the bucket's lock (creates wait), tells whether the assignments still fit. */
    private Uni<Void> write(SqlConnection tx, EntitlementData e, Instant cancelled, Instant eventTime) {
        return pools.upsertLine(
                        tx,
                        e.tenantId(),
                        e.externalId(),
                        e.sku(),
                        e.licenseType(),
                        e.trial(),
                        e.quantity(),
                        e.effectiveDate(),
                        Dates.endOfDay(e.expirationDate()),
                        cancelled,
                        eventTime)
                .chain(() -> pools.lockBucket(tx, e.tenantId(), e.licenseType(), e.trial()))
                .chain(bucket -> gaps.recheck(tx, e.tenantId(), e.licenseType(), e.trial(), bucket, clock.instant()));
    }
}
