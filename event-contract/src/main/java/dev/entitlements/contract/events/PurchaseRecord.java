package dev.entitlements.contract.events;

/**
 * One order line as the external licensing system sends it (topic {@code licensing.purchases},
 * {@code POST /licensing/purchases}, or its purchase list). Every field is optional here so that a
 * bad record can be reported field by field instead of failing to parse.
 *
 * @param entitlementId   the tenant's licensing account (entitlement id) in the licensing system
 * @param externalId      the order line (activation) id; identifies the entitlement across updates
 * @param effectiveDate   {@code yyyy-MM-dd} or an ISO-8601 / {@code yyyy-MM-dd HH:mm:ssZ} instant
 * @param expirationDate  same forms; a bare date means the whole of that day
 * @param courtesy        extra licenses granted beyond the purchase
 * @param cancelled       the order line was cancelled in the licensing system
 */
public record PurchaseRecord(
        String tenantId,
        String entitlementId,
        String externalId,
        String sku,
        Integer quantity,
        String effectiveDate,
        String expirationDate,
        String skuTier,
        Boolean alm,
        String almActivationId,
        Long almSoEntQuantity,
        Boolean courtesy,
        Boolean cancelled) {}
