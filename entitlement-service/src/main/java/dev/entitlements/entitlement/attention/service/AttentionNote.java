package dev.entitlements.entitlement.attention.service;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An item of {@code POST /entitlements/attentionNotes/query} (spec §2.9, docs/decisions.md Reports): every field, always. */
@Schema(description = "A notice the system raised from events (pool exhausted, compliance gap, expiry, failed sync...)")
public record AttentionNote(
        @Schema(examples = "COMPLIANCE_GAP:msp-demo:APSW") String id,
        @Schema(examples = "COMPLIANCE_GAP",
                enumeration = { "STOP_COURTESY", "POOL_EXHAUSTED", "COMPLIANCE_GAP", "SYNC_FAILED", "LICENSE_EXPIRING" }) String type,
        @Schema(examples = "MSP") String tenantType,
        @Schema(examples = "VALID") String status,
        @Schema(nullable = true, examples = "APSW") String licenseType,
        @Schema(description = "asks the administrator to check the licenses") boolean licenseCheck,
        @Schema(examples = "APSW: 12 licenses more in use than held") String summary,
        @Schema(nullable = true) String details,
        @Schema(examples = "2026-11-02T00:00:00Z") Instant startDate,
        @Schema(nullable = true, description = "null while the condition lasts") Instant endDate,
        Instant createdDate,
        Instant updatedDate) {

    /** From a row of the attention-note read model (its field names are these components' names). */
    public static AttentionNote of(Map<String, Object> row) {
        return new AttentionNote((String) row.get("id"), (String) row.get("type"), (String) row.get("tenantType"),
                (String) row.get("status"), (String) row.get("licenseType"), (Boolean) row.get("licenseCheck"),
                (String) row.get("summary"), (String) row.get("details"), (Instant) row.get("startDate"), (Instant) row.get("endDate"),
                (Instant) row.get("createdDate"), (Instant) row.get("updatedDate"));
    }
}
