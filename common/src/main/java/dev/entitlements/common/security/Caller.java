package dev.entitlements.common.security;

import dev.entitlements.contract.Vocabulary;
import java.util.Set;

/**
 * Who is calling, from the verified token: the user, the tenant the request acts for and its type,
 * the user's roles. Every tenant-scoped query and write takes its tenant from here, never from the
 * request body.
 *
 * @param tenantId      the tenant the request reads or changes: the token's tenant, or the customer
 *                      tenant an MSP acts for ({@code x-rks-tenantid})
 * @param actorTenantId the token's own tenant (equal to {@code tenantId} unless delegated)
 */
public record Caller(String subject, String tenantId, String tenantType, Set<String> roles, String actorTenantId) {

    public Caller(String subject, String tenantId, String tenantType, Set<String> roles) {
        this(subject, tenantId, tenantType, roles, tenantId);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether the tenant is of an MSP kind ({@link Vocabulary#MSP_TENANT_TYPES}); tenant kinds compare case-insensitively. */
    public boolean isMsp() {
        return tenantType != null
                && Vocabulary.MSP_TENANT_TYPES.contains(tenantType.toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether an MSP is acting for one of its customers. */
    public boolean isDelegated() {
        return !tenantId.equals(actorTenantId);
    }

    /** The same user acting for a customer tenant of its MSP. */
    Caller actingFor(String customerTenantId, String customerTenantType) {
        return new Caller(subject, customerTenantId, customerTenantType, roles, tenantId);
    }
}
