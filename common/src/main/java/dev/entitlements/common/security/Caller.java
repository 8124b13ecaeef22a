package dev.entitlements.common.security;

import java.util.Set;

/**
 * Who is calling, from the verified token: the user, their tenant and tenant type, their roles.
 * Every tenant-scoped query and write takes its tenant from here, never from the request body.
 */
public record Caller(String subject, String tenantId, String tenantType, Set<String> roles) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isMsp() {
        return "MSP".equals(tenantType) || "VAR".equals(tenantType);
    }
}
