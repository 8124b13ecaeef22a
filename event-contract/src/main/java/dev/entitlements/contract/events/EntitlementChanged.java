package dev.entitlements.contract.events;

import java.util.List;

/**
 * An entitlement's quantity, dates, tier or other purchase terms changed
 * ({@code entitlement.changed.v1}).
 *
 * @param changedFields names of the {@link EntitlementData} fields that differ
 */
public record EntitlementChanged(EntitlementData entitlement, EntitlementData previous, List<String> changedFields) {}
