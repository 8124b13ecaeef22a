package dev.entitlements.contract.events;

import java.time.Instant;

/**
 * A purchased entitlement as the platform knows it: the licensing system's order line with what
 * the SKU says about it (license type, device type, trial, R1). Payload of
 * {@code entitlement.purchased.v1} and {@code entitlement.cancelled.v1}.
 *
 * @param mspPool        an MSP bulk pool (assignable to the MSP itself and its customers)
 * @param expirationDate the exact instant from the licensing system (rendering at 23:59:59 of the
 *                       expiry day is the read side's business)
 */
public record EntitlementData(
        String tenantId,
        String entitlementId,
        String externalId,
        String sku,
        String licenseType,
        String deviceType,
        String deviceSubType,
        boolean trial,
        boolean r1Sku,
        boolean mspPool,
        int quantity,
        Instant effectiveDate,
        Instant expirationDate,
        String skuTier,
        boolean courtesy,
        boolean alm,
        String almActivationId,
        Long almSoEntQuantity) {}
