package dev.entitlements.entitlement.attention.service;

import static dev.entitlements.common.query.QueryDefinition.FilterType.BOOLEAN;
import static dev.entitlements.common.query.QueryDefinition.FilterType.ENUMS;
import static dev.entitlements.common.query.QueryField.Sort.DEFAULT_DESCENDING;
import static dev.entitlements.common.query.QueryField.Sort.SORTABLE;
import static dev.entitlements.common.query.QueryField.Values.ATTENTION_TENANT_TYPES;
import static dev.entitlements.common.query.QueryField.Values.ATTENTION_TYPES;
import static dev.entitlements.common.query.QueryField.Values.LICENSE_TYPES;
import static dev.entitlements.common.query.QueryField.Values.VALIDITY_STATUSES;

import dev.entitlements.common.query.QueryField;
import dev.entitlements.common.query.QueryFields;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An item of {@code POST /entitlements/attentionNotes/query} (spec §2.9, docs/decisions.md Reports): every field, always. */
@Schema(description = "A notice the system raised from events (pool exhausted, compliance gap, expiry, failed sync...)")
public record AttentionNote(
        @QueryField(column = "id", sort = SORTABLE) @Schema(examples = "COMPLIANCE_GAP:msp-demo:APSW")
        String id,

        @QueryField(column = "type", sort = SORTABLE, filter = ENUMS, values = ATTENTION_TYPES)
        @Schema(
                examples = "COMPLIANCE_GAP",
                enumeration = {"STOP_COURTESY", "POOL_EXHAUSTED", "COMPLIANCE_GAP", "SYNC_FAILED", "LICENSE_EXPIRING"})
        String type,

        @QueryField(column = "tenant_type", sort = SORTABLE, filter = ENUMS, values = ATTENTION_TENANT_TYPES)
        @Schema(examples = "MSP")
        String tenantType,

        @QueryField(column = "status", sort = SORTABLE, filter = ENUMS, values = VALIDITY_STATUSES)
        @Schema(examples = "VALID")
        String status,

        @QueryField(column = "license_type", sort = SORTABLE, filter = ENUMS, values = LICENSE_TYPES)
        @Schema(nullable = true, examples = "APSW")
        String licenseType,

        @QueryField(column = "license_check", sort = SORTABLE, filter = BOOLEAN)
        @Schema(description = "asks the administrator to check the licenses")
        boolean licenseCheck,

        @QueryField(column = "summary", sort = SORTABLE) @Schema(examples = "APSW: 12 licenses more in use than held")
        String summary,

        @QueryField(column = "details", sort = SORTABLE) @Schema(nullable = true)
        String details,

        @QueryField(column = "start_date", sort = SORTABLE) @Schema(examples = "2026-11-02T00:00:00Z")
        Instant startDate,
        // docs/decisions.md: the notices that end last come first
        @QueryField(column = "end_date", sort = DEFAULT_DESCENDING)
        @Schema(nullable = true, description = "null while the condition lasts")
        Instant endDate,

        @QueryField(column = "created_date", sort = SORTABLE)
        Instant createdDate,

        @QueryField(column = "updated_date", sort = SORTABLE)
        Instant updatedDate) {

    /** The vocabulary of {@code POST /entitlements/attentionNotes/query}: these components. */
    public static final QueryFields<AttentionNote> QUERY = QueryFields.of("attentionNote", AttentionNote.class);
}
