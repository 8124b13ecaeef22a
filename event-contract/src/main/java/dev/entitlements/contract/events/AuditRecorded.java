package dev.entitlements.contract.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One write recorded in the audit trail ({@code audit.recorded.v1}): who changed what, for which
 * tenant, when, and under which request id. The same row is in the owning service's
 * {@code audit_log} table.
 *
 * @param auditId       unique id of the entry (also the event's {@code ce_id})
 * @param tenantId      the tenant whose data changed (the record key)
 * @param actorTenantId the tenant of the caller's token: an MSP acting for a customer, or the tenant itself
 * @param subject       the token's subject: a user, or a service account (the licensing system)
 * @param roles         the caller's roles
 * @param action        what was done, e.g. {@code assignment.created}
 * @param resourceType  the kind of thing changed, e.g. {@code assignment}
 * @param resourceId    its id, e.g. the assignment id
 * @param requestId     the request's {@code x-request-id}, or null outside a request
 * @param at            when the write happened
 * @param details       what changed, as a small JSON object
 */
public record AuditRecorded(
        String auditId,
        String tenantId,
        String actorTenantId,
        String subject,
        List<String> roles,
        String action,
        String resourceType,
        String resourceId,
        String requestId,
        Instant at,
        Map<String, Object> details) {}
