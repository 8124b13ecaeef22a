package dev.entitlements.entitlement.audit.service;

import static dev.entitlements.common.query.QueryDefinition.FilterType.DATE_RANGE;
import static dev.entitlements.common.query.QueryDefinition.FilterType.STRINGS;
import static dev.entitlements.common.query.QueryField.Sort.DEFAULT_DESCENDING;

import com.fasterxml.jackson.databind.JsonNode;
import dev.entitlements.common.query.QueryField;
import dev.entitlements.common.query.QueryFields;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item of {@code GET /audit/events} (ADR 0015): one entry of the audit trail, as the
 * {@code audit.recorded.v1} event carried it, and the service that recorded it. Newest first; the
 * filters are the endpoint's query parameters {@code actor} (the subject) and {@code from}/{@code to}
 * (on {@code at}).
 */
@Schema(description = "One write through the API, as the audit trail recorded it (ADR 0011)")
public record AuditEvent(
        @QueryField(column = "audit_id")
        @Schema(
                description = "The entry's id (the event's ce_id and the owning service's audit_log row id)",
                examples = "0f9c8a4e-5b5e-4c47-9a55-8f1d0e2b6a11")
        String auditId,

        @QueryField(column = "tenant_id") @Schema(description = "The tenant whose data changed", examples = "ec-alpha")
        String tenantId,

        @QueryField(column = "actor_tenant_id")
        @Schema(
                nullable = true,
                description = "The tenant of the caller's token: an MSP acting for its customer, or the tenant itself",
                examples = "msp-demo")
        String actorTenantId,

        @QueryField(column = "subject", filter = STRINGS, filterName = "actor")
        @Schema(
                description = "Who did it: the token's subject (a user, or a service account such as the licensing"
                        + " system's); the actor query parameter filters by it",
                examples = "admin@msp-demo")
        String subject,

        @QueryField(column = "roles") @Schema(description = "The caller's roles", examples = "[\"PRIME_ADMIN\"]")
        List<String> roles,

        @QueryField(column = "action") @Schema(examples = "assignment.created")
        String action,

        @QueryField(column = "resource_type") @Schema(examples = "assignment")
        String resourceType,

        @QueryField(column = "resource_id") @Schema(nullable = true, examples = "1042")
        String resourceId,

        @QueryField(column = "request_id")
        @Schema(nullable = true, description = "The request's x-request-id", examples = "3b1f0c7e-req")
        String requestId,

        // newest first (docs/decisions.md, Audit trail); from/to filter it
        @QueryField(column = "at", sort = DEFAULT_DESCENDING, filter = DATE_RANGE)
        @Schema(description = "When the write happened", examples = "2026-12-07T09:15:02.123Z")
        Instant at,

        @QueryField(column = "details")
        @Schema(
                type = SchemaType.OBJECT,
                implementation = Object.class,
                description = "What changed: a small JSON object whose keys depend on the action (docs/events.md,"
                        + " The audit trail)",
                examples = "{\"recipientTenantId\": \"ec-alpha\", \"licenseType\": \"APSW\", \"quantity\": 40}")
        JsonNode details,

        @QueryField(column = "source")
        @Schema(description = "The service that recorded it (the event's ce_source)", examples = "/assignment-service")
        String source) {

    /** The vocabulary of {@code GET /audit/events}: these components. */
    public static final QueryFields<AuditEvent> QUERY = QueryFields.of("auditEvent", AuditEvent.class);
}
