package dev.entitlements.contract.events;

/**
 * Tenant management's record of a tenant: created or changed.
 *
 * @param tenantType {@code MSP}, {@code MSP_EC}, {@code REC}, {@code VAR}, ...
 * @param managedBy  the MSP tenant that manages this customer, or null
 */
public record TenantUpserted(String tenantId, String name, String tenantType, String managedBy) {}
