package dev.entitlements.contract.events;

import java.time.Instant;

/**
 * An assignment of licenses from a provider's pools (an MSP) to a tenant: to a customer it manages
 * or to itself. Payload of {@code assignment.created.v1} and {@code assignment.revoked.v1} (then
 * with {@code revokedBy}/{@code revokedDate}). Key = provider tenant.
 *
 * @param assignmentId     the assignment's id (int64 on the API)
 * @param providerTenantId the MSP whose pools the licenses come from
 * @param tenantId         the tenant that receives the licenses (the provider itself for a self assignment)
 * @param trial            drawn on trial pools
 */
public record AssignmentData(
        long assignmentId,
        String providerTenantId,
        String tenantId,
        String licenseType,
        boolean trial,
        int quantity,
        Instant effectiveDate,
        Instant expirationDate,
        String createdBy,
        Instant createdDate,
        String revokedBy,
        Instant revokedDate) {}
