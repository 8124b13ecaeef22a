package dev.entitlements.entitlement.legacy.service;

import dev.entitlements.entitlement.entitlements.service.EntitlementItem;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item of the deprecated {@code GET /entitlements} (spec D1): the fields §2.2 lists for it, from
 * the same item {@code POST /entitlements/query} answers, plus {@code licenseType}, {@code status}
 * and {@code usageType}, which the current item has and a reader of the old one can use. Fields of
 * the old shape this read model does not keep are null (or false for the flags).
 */
@Schema(description = "A license of the tenant, deprecated shape (spec §2.2)")
public record LegacyEntitlement(
        String id,
        Instant createdDate,
        Instant updatedDate,

        @Schema(description = "Id of the line in the licensing system")
        String externalId,

        @Schema(nullable = true, examples = "APSW") String deviceType,
        Instant effectiveDate,
        @Schema(description = "23:59:59 of the expiry day") Instant expirationDate,
        @Schema(examples = "20") long quantity,
        @Schema(nullable = true, examples = "CLD-APSW-1Y") String sku,
        String licenseName,
        @Schema(nullable = true) String licenseDesc,

        @Schema(nullable = true, description = "No expiry e-mails are sent: null")
        String emailStage,

        @Schema(nullable = true) String deviceSubType,
        boolean alm,

        @Schema(nullable = true, description = "The license type, for an ALM license")
        String almLicenseType,

        @Schema(nullable = true) String almActivationId,
        @Schema(nullable = true) Long almSoEntQuantity,

        @Schema(
                nullable = true,
                description =
                        "Not known to this read model (consumption is in POST /entitlements/utilizations/query): null")
        Long almUsedQuantity,

        @Schema(description = "Not used by this platform: false")
        boolean extendedLicensesAssignment,

        boolean r1Sku,
        @Schema(description = "A trial license") boolean tempLicense,

        @Schema(description = "Received from an MSP by assignment rather than bought")
        boolean assignedLicense,

        @Schema(examples = "APSW") String licenseType,

        @Schema(enumeration = {"FUTURE", "VALID", "EXPIRED"})
        String status,

        @Schema(enumeration = {"SELF", "ASSIGNED"}) String usageType) {

    static LegacyEntitlement of(EntitlementItem e) {
        return new LegacyEntitlement(
                e.id(),
                e.createdDate(),
                e.updatedDate(),
                e.externalId(),
                e.deviceType(),
                e.effectiveDate(),
                e.expirationDate(),
                e.quantity(),
                e.sku(),
                e.licenseName(),
                e.licenseDesc(),
                null,
                e.deviceSubType(),
                e.alm(),
                e.almLicenseType(),
                e.almActivationId(),
                e.almSoEntQuantity(),
                null,
                false,
                e.r1Sku(),
                e.tempLicense(),
                e.assignedLicense(),
                e.licenseType(),
                e.status(),
                e.usageType());
    }
}
