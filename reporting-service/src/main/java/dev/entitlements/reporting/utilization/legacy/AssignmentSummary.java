package dev.entitlements.reporting.utilization.legacy;

import dev.entitlements.reporting.utilization.service.Utilization;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item of the deprecated {@code GET /assignments/summaries} (spec §2.11): an ASSIGNED item of
 * {@code POST /entitlements/utilizations/query} (the MSP's pools of one license type and trial flag)
 * under the old names.
 */
@Schema(
        description =
                "The MSP's pools of one license type and trial flag and what is assigned of them (deprecated, spec §2.11)")
public record AssignmentSummary(
        @Schema(description = "Courtesy licenses of the pools are drawn on: more is assigned than was purchased")
        boolean courtesyMspEntitlementsUsed,

        @Schema(nullable = true, description = "Not kept per license type: null")
        String deviceSubType,

        @Schema(
                enumeration = {"MSP_WIFI", "MSP_SWITCH", "MSP_EDGE", "MSP_APSW", "MSP_SLTN_TOKEN"},
                examples = "MSP_APSW")
        String deviceType,

        @Schema(description = "MSP_ + the license type, _TEMP for trial (spec §7.4)", examples = "MSP_APSW")
        String licenseType,

        @Schema(description = "Assigned to the MSP's own account (usedQuantityForOwnAssignment)", examples = "5")
        long myAssignments,

        @Schema(description = "The pools: purchased + courtesy (quantity)", examples = "104")
        long quantity,

        @Schema(description = "Left to assign (remainingLicenses)", examples = "69")
        long remainingDevices,

        boolean trial) {

    static AssignmentSummary of(Utilization u) {
        return new AssignmentSummary(
                u.courtesyQuantity() > 0 && u.usedQuantity() > u.purchasedQuantity(),
                null,
                deviceType(u.licenseType()),
                "MSP_" + u.licenseType() + (u.isTrial() ? "_TEMP" : ""),
                u.usedQuantityForOwnAssignment(),
                u.quantity(),
                u.remainingLicenses(),
                u.isTrial());
    }

    /** The MSP device type of a license type's pools, as sync-service's SKU catalogue gives it to MSP SKUs. */
    static String deviceType(String licenseType) {
        return switch (licenseType) {
            case "EDGE_SECS", "EDGE_SECL" -> "MSP_EDGE";
            case "SLTN_TOKEN" -> "MSP_SLTN_TOKEN";
            default -> "MSP_APSW"; // APSW, URLF (an AP/switch license) and the device-agnostic rest
        };
    }
}
