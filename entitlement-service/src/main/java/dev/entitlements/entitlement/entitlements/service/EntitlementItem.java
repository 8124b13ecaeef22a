package dev.entitlements.entitlement.entitlements.service;

import static dev.entitlements.common.query.QueryDefinition.FilterType.BOOLEAN;
import static dev.entitlements.common.query.QueryDefinition.FilterType.DATE_RANGE;
import static dev.entitlements.common.query.QueryDefinition.FilterType.ENUMS;
import static dev.entitlements.common.query.QueryDefinition.FilterType.STRINGS;
import static dev.entitlements.common.query.QueryField.Sort.DEFAULT;
import static dev.entitlements.common.query.QueryField.Sort.SORTABLE;
import static dev.entitlements.common.query.QueryField.Values.LICENSE_TYPES;
import static dev.entitlements.common.query.QueryField.Values.USAGE_TYPES;
import static dev.entitlements.common.query.QueryField.Values.VALIDITY_STATUSES;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.entitlements.common.query.QueryField;
import dev.entitlements.common.query.QueryFields;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item of {@code POST /entitlements/query} (spec §2.2): every documented field, whatever
 * {@code fields} asked for (docs/decisions.md, Queries). Examples are the demo MSP's first pool.
 */
@Schema(description = "A license the tenant holds (SELF) or an MSP pool (ASSIGNED)")
public record EntitlementItem(
        @QueryField(column = "id", sort = SORTABLE) @Schema(examples = "4f1c2a9e-0d1b-4c55-9f57-6a1d1c0e2b11")
        String id,

        @QueryField(column = "tenant_id", sort = SORTABLE)
        @Schema(description = "The tenant that holds it (the UI's MSP table reads it)", examples = "msp-demo")
        String tenantId,

        @QueryField(column = "external_id", sort = SORTABLE)
        @Schema(description = "Id of the line in the licensing system", examples = "so-1001-1")
        String externalId,

        @QueryField(column = "sku", sort = SORTABLE, filter = STRINGS)
        @Schema(
                nullable = true,
                description = "null for a license received by assignment (it has no part number)",
                examples = "APSW-MSP100-001")
        String sku,

        @QueryField(column = "license_type", sort = SORTABLE, filter = ENUMS, values = LICENSE_TYPES)
        @Schema(examples = "APSW")
        String licenseType,

        @QueryField(column = "license_name", sort = SORTABLE) @Schema(examples = "AP/Switch subscription")
        String licenseName,

        @QueryField(column = "license_desc", sort = SORTABLE)
        @Schema(nullable = true, description = "null for a license type without a description")
        String licenseDesc,

        @QueryField(column = "device_type", sort = SORTABLE, filter = ENUMS)
        @Schema(nullable = true, examples = "MSP_APSW")
        String deviceType,

        @QueryField(column = "device_sub_type", sort = SORTABLE) @Schema(nullable = true)
        String deviceSubType,

        @QueryField(column = "quantity", sort = SORTABLE) @Schema(examples = "100")
        int quantity,

        @QueryField(column = "effective_date", sort = SORTABLE, filter = DATE_RANGE)
        @Schema(examples = "2026-01-01T00:00:00Z")
        Instant effectiveDate,

        @QueryField(column = "expiration_date", sort = DEFAULT, filter = DATE_RANGE)
        @Schema(description = "23:59:59 of the expiry day", examples = "2028-12-31T23:59:59Z")
        Instant expirationDate,

        @QueryField(column = "grace_end_date", sort = SORTABLE)
        @Schema(description = "expirationDate + the grace period")
        Instant graceEndDate,

        @QueryField(column = "status", sort = SORTABLE, filter = ENUMS, values = VALIDITY_STATUSES)
        @Schema(enumeration = {"FUTURE", "VALID", "EXPIRED"})
        String status,

        @QueryField(column = "trial", sort = SORTABLE, filter = BOOLEAN) @JsonProperty("isTrial")
        boolean isTrial,

        @QueryField(column = "trial", sort = SORTABLE)
        @Schema(description = "the same as isTrial (the UI reads either)")
        boolean tempLicense,

        @QueryField(column = "r1_sku", sort = SORTABLE) @JsonProperty("isR1SKU")
        boolean isR1SKU,

        @QueryField(column = "r1_sku", sort = SORTABLE) @Schema(description = "the same as isR1SKU")
        boolean r1Sku,

        @QueryField(column = "sku_tier", sort = SORTABLE) @Schema(nullable = true, examples = "Gold")
        String skuTier,

        @QueryField(column = "usage_type", sort = SORTABLE, filter = ENUMS, values = USAGE_TYPES)
        @Schema(enumeration = {"SELF", "ASSIGNED"})
        String usageType,
        // filtered under the name the UI sends; for a customer it is dropped (EntitlementQueryService)
        @QueryField(column = "assigned_license", sort = SORTABLE, filter = BOOLEAN, filterName = "isAssignedLicense")
        @Schema(description = "received from an MSP by assignment rather than bought")
        boolean assignedLicense,

        @QueryField(column = "courtesy", sort = SORTABLE)
        @Schema(description = "granted as courtesy, on top of purchases")
        boolean courtesy,

        @QueryField(column = "alm", sort = SORTABLE) boolean alm,

        @QueryField(column = "CASE WHEN alm THEN license_type END", sort = SORTABLE)
        @Schema(nullable = true, description = "the license type of an ALM entitlement", examples = "APSW")
        String almLicenseType,

        @QueryField(column = "alm_activation_id", sort = SORTABLE)
        @Schema(nullable = true, description = "only with alm")
        String almActivationId,

        @QueryField(column = "alm_so_ent_quantity", sort = SORTABLE)
        @Schema(nullable = true, description = "only with alm")
        Long almSoEntQuantity,

        @QueryField(column = "created_date", sort = SORTABLE) @Schema(examples = "2026-01-05T10:15:30.123Z")
        Instant createdDate,

        @QueryField(column = "updated_date", sort = SORTABLE) @Schema(examples = "2026-01-05T10:15:30.123Z")
        Instant updatedDate) {

    /** The vocabulary of {@code POST /entitlements/query} (spec E2, §2.2, docs/decisions.md Queries): these components. */
    public static final QueryFields<EntitlementItem> QUERY = QueryFields.of("entitlement", EntitlementItem.class);
}
