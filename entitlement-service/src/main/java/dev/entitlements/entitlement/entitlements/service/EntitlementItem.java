package dev.entitlements.entitlement.entitlements.service;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An item of {@code POST /entitlements/query} (spec §2.2): every documented field, whatever
 * {@code fields} asked for (docs/decisions.md, Queries). Examples are the demo MSP's first pool.
 */
@Schema(description = "A license the tenant holds (SELF) or an MSP pool (ASSIGNED)")
public record EntitlementItem(
        @Schema(examples = "4f1c2a9e-0d1b-4c55-9f57-6a1d1c0e2b11") String id,
        @Schema(description = "The tenant that holds it (the UI's MSP table reads it)", examples = "msp-demo") String tenantId,
        @Schema(description = "Id of the line in the licensing system", examples = "so-1001-1") String externalId,
        @Schema(nullable = true, description = "null for a license received by assignment (it has no part number)",
                examples = "APSW-MSP100-001") String sku,
        @Schema(examples = "APSW") String licenseType,
        @Schema(examples = "AP/Switch subscription") String licenseName,
        @Schema(nullable = true, description = "null for a license type without a description") String licenseDesc,
        @Schema(nullable = true, examples = "MSP_APSW") String deviceType,
        @Schema(nullable = true) String deviceSubType,
        @Schema(examples = "100") int quantity,
        @Schema(examples = "2026-01-01T00:00:00Z") Instant effectiveDate,
        @Schema(description = "23:59:59 of the expiry day", examples = "2028-12-31T23:59:59Z") Instant expirationDate,
        @Schema(description = "expirationDate + the grace period") Instant graceEndDate,
        @Schema(enumeration = { "FUTURE", "VALID", "EXPIRED" }) String status,
        @JsonProperty("isTrial") boolean isTrial,
        @Schema(description = "the same as isTrial (the UI reads either)") boolean tempLicense,
        @JsonProperty("isR1SKU") boolean isR1SKU,
        @Schema(description = "the same as isR1SKU") boolean r1Sku,
        @Schema(nullable = true, examples = "Gold") String skuTier,
        @Schema(enumeration = { "SELF", "ASSIGNED" }) String usageType,
        @Schema(description = "received from an MSP by assignment rather than bought") boolean assignedLicense,
        @Schema(description = "granted as courtesy, on top of purchases") boolean courtesy,
        boolean alm,
        @Schema(nullable = true, description = "only with alm") String almActivationId,
        @Schema(nullable = true, description = "only with alm") Long almSoEntQuantity,
        @Schema(examples = "2026-01-05T10:15:30.123Z") Instant createdDate,
        @Schema(examples = "2026-01-05T10:15:30.123Z") Instant updatedDate) {

    /** From a row of the entitlement read model (its field names are these components' names). */
    public static EntitlementItem of(Map<String, Object> row) {
        return new EntitlementItem((String) row.get("id"), (String) row.get("tenantId"), (String) row.get("externalId"), (String) row.get("sku"),
                (String) row.get("licenseType"), (String) row.get("licenseName"), (String) row.get("licenseDesc"),
                (String) row.get("deviceType"), (String) row.get("deviceSubType"), (Integer) row.get("quantity"),
                (Instant) row.get("effectiveDate"), (Instant) row.get("expirationDate"), (Instant) row.get("graceEndDate"),
                (String) row.get("status"), (Boolean) row.get("isTrial"), (Boolean) row.get("tempLicense"), (Boolean) row.get("isR1SKU"),
                (Boolean) row.get("r1Sku"), (String) row.get("skuTier"), (String) row.get("usageType"),
                (Boolean) row.get("assignedLicense"), (Boolean) row.get("courtesy"), (Boolean) row.get("alm"),
                (String) row.get("almActivationId"), (Long) row.get("almSoEntQuantity"), (Instant) row.get("createdDate"),
                (Instant) row.get("updatedDate"));
    }
}
