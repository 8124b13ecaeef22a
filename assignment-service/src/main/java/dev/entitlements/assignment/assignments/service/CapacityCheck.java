package dev.entitlements.assignment.assignments.service;

import dev.entitlements.assignment.pools.repository.PoolRepository;
import dev.entitlements.common.capacity.CapacityRule;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The capacity rule ({@link CapacityRule}) on a new assignment's window, read under the provider's
 * bucket lock with an id reserved for the assignment. The lock is held until the transaction ends,
 * so the write that follows in that transaction cannot over-allocate the pools. Each refusal (the
 * 402) is counted: {@code assignment_capacity_refusals_total{operation, license_type}}.
 */
@ApplicationScoped
@Startup // its meters exist from the start, not from the first request
public class CapacityCheck {

    /** Refusals for want of capacity (Prometheus: {@code assignment_capacity_refusals_total}). */
    public static final String REFUSALS = "assignment.capacity.refusals";

    private final PoolRepository pools;
    private final MeterRegistry registry;

    public CapacityCheck(PoolRepository pools, MeterRegistry registry) {
        this.pools = pools;
        this.registry = registry;
        // the series exist from the start, so a first refusal shows in increase()
        for (String operation : new String[] {"create", "update"}) {
            Vocabulary.LICENSE_TYPES.forEach(type -> refusals(operation, type));
        }
    }

    /**
     * A create: locks the bucket and reads its capacity (the read sent right behind the lock,
     * {@link PoolRepository#lockAndReserve}).
     *
     * @return the id reserved for the assignment, when it fits
     */
    Uni<Long> lockAndReserve(SqlConnection tx, String provider, ValidRequest v) {
        return pools.lockAndReserve(tx, provider, v.licenseType(), v.trial(), v.from(), v.to())
                .map(c -> fits(c, v, "create"));
    }

    /**
     * An update: the caller holds the bucket's lock and has revoked the assignment it replaces, so
     * the check leaves that one out.
     *
     * @return the id reserved for the replacement, when it fits
     */
    Uni<Long> reserve(SqlConnection tx, String provider, ValidRequest v) {
        return pools.capacity(tx, provider, v.licenseType(), v.trial(), v.from(), v.to(), true)
                .map(c -> fits(c, v, "update"));
    }

    private long fits(PoolRepository.Capacity c, ValidRequest v, String operation) {
        long max = CapacityRule.maxQuantity(c.pooled(), c.assigned(), v.from(), v.to());
        if (v.quantity() > max) {
            refusals(operation, v.licenseType()).increment();
            throw new ApiException(
                    ErrorCode.INSUFFICIENT_LICENSES,
                    "the " + (v.trial() ? "trial " : "") + v.licenseType() + " pools have " + max
                            + " licenses free over the whole window, " + v.quantity() + " were asked for",
                    "assign at most " + max + " (maxQuantity: " + max + ")");
        }
        return c.reservedId();
    }

    /** The license type is one of the vocabulary's (ValidRequest checked it): a handful of series. */
    private Counter refusals(String operation, String licenseType) {
        return Counter.builder(REFUSALS)
                .description("assignments refused (402) because the pools cannot cover the whole window")
                .tag("operation", operation)
                .tag("license_type", licenseType)
                .register(registry);
    }
}
