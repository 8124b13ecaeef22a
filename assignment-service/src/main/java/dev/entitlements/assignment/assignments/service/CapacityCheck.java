package dev.entitlements.assignment.assignments.service;

import dev.entitlements.assignment.pools.repository.PoolRepository;
import dev.entitlements.common.capacity.CapacityRule;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The capacity rule ({@link CapacityRule}) on a new assignment's window, read under the provider's
 * bucket lock with an id reserved for the assignment. The lock is held until the transaction ends,
 * so the write that follows in that transaction cannot over-allocate the pools.
 */
@ApplicationScoped
public class CapacityCheck {

    private final PoolRepository pools;

    public CapacityCheck(PoolRepository pools) {
        this.pools = pools;
    }

    /**
     * A create: locks the bucket and reads its capacity (the read sent right behind the lock,
     * {@link PoolRepository#lockAndReserve}).
     *
     * @return the id reserved for the assignment, when it fits
     */
    Uni<Long> lockAndReserve(SqlConnection tx, String provider, ValidRequest v) {
        return pools.lockAndReserve(tx, provider, v.licenseType(), v.trial(), v.from(), v.to())
                .map(c -> fits(c, v));
    }

    /**
     * An update: the caller holds the bucket's lock and has revoked the assignment it replaces, so
     * the check leaves that one out.
     *
     * @return the id reserved for the replacement, when it fits
     */
    Uni<Long> reserve(SqlConnection tx, String provider, ValidRequest v) {
        return pools.capacity(tx, provider, v.licenseType(), v.trial(), v.from(), v.to(), true)
                .map(c -> fits(c, v));
    }

    private static long fits(PoolRepository.Capacity c, ValidRequest v) {
        long max = CapacityRule.maxQuantity(c.pooled(), c.assigned(), v.from(), v.to());
        if (v.quantity() > max) {
            throw new ApiException(
                    ErrorCode.INSUFFICIENT_LICENSES,
                    "the " + (v.trial() ? "trial " : "") + v.licenseType() + " pools have " + max
                            + " licenses free over the whole window, " + v.quantity() + " were asked for",
                    "assign at most " + max + " (maxQuantity: " + max + ")");
        }
        return c.reservedId();
    }
}
