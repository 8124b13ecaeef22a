package dev.entitlements.entitlement.entitlements.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An MSP bulk license pool, item of the deprecated {@code GET /mspEntitlements} (spec §2.3, exactly its fields). */
@Schema(description = "An MSP bulk license pool (deprecated shape)")
public record MspEntitlement(
        boolean alm,

        @Schema(nullable = true, description = "only with alm", examples = "ALM-ACT-123456")
        String almActivationId,

        @Schema(nullable = true, description = "only with alm", examples = "500")
        Long almSoEntQuantity,

        @Schema(nullable = true) String deviceSubType,
        @Schema(nullable = true, examples = "MSP_APSW") String deviceType,
        @Schema(examples = "2024-01-01T00:00:00Z") Instant effectiveDate,
        @Schema(examples = "2024-12-31T23:59:59Z") Instant expirationDate,
        String id,
        // the spec types it as a string but shows a boolean; docs/decisions.md (24): a boolean
        @JsonProperty("isR1Sku") @Schema(examples = "true") boolean isR1Sku,
        @JsonProperty("isTrial") boolean isTrial,

        @Schema(
                nullable = true,
                description = "Date of the last expiry notification; no notifications are sent yet, so null")
        LocalDate lastNotificationDate,

        @Schema(examples = "1000") int quantity,
        boolean r1Sku,
        @Schema(examples = "APSW-MSP100-001") String sku,
        @Schema(nullable = true, examples = "Gold") String skuTier,

        @Schema(enumeration = {"FUTURE", "VALID", "EXPIRED"})
        String status) {

    /** From an entitlement of the read model. */
    static MspEntitlement of(EntitlementItem e) {
        return new MspEntitlement(
                e.alm(),
                e.almActivationId(),
                e.almSoEntQuantity(),
                e.deviceSubType(),
                e.deviceType(),
                e.effectiveDate(),
                e.expirationDate(),
                e.id(),
                e.r1Sku(),
                e.isTrial(),
                null,
                e.quantity(),
                e.r1Sku(),
                e.sku(),
                e.skuTier(),
                e.status());
    }
}
