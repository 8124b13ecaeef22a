package dev.entitlements.reporting.utilization.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One item of {@code POST /entitlements/utilizations/query} (spec §2.4): a tenant's licenses of one
 * license type and trial flag, for its own use (SELF) or as an MSP's pools (ASSIGNED).
 */
@Schema(description = "Licenses of one license type and trial flag: held, used and left (docs/decisions.md, Reports)")
public record Utilization(
        @Schema(examples = "APSW") String licenseType,
        @JsonProperty("isTrial") boolean isTrial,
        @Schema(enumeration = {"SELF", "ASSIGNED"}) String usageType,

        @Schema(description = "purchased + courtesy (+ received by assignment, SELF)", examples = "20")
        long quantity,

        @Schema(
                description = "bought from the licensing system (SELF: for itself; ASSIGNED: the pools)",
                examples = "20")
        long purchasedQuantity,

        @Schema(description = "courtesy licenses granted on top of purchases", examples = "0")
        long courtesyQuantity,

        @Schema(
                description = "SELF: consumed by the tenant's devices; ASSIGNED: assigned to customers and to itself",
                examples = "2")
        long usedQuantity,

        @Schema(description = "ASSIGNED: the part of usedQuantity the MSP assigned to itself; SELF: 0", examples = "1")
        long usedQuantityForOwnAssignment,

        @Schema(description = "quantity - usedQuantity, never below 0", examples = "18")
        long remainingLicenses,

        @Schema(description = "the same figure as remainingLicenses (clients read either)", examples = "18")
        long remainingQuantity,

        @Schema(description = "SELF: received by assignment; ASSIGNED: assigned out (= usedQuantity)", examples = "0")
        long assignedQuantity) {

    static Utilization of(
            String licenseType,
            boolean trial,
            String usageType,
            long purchased,
            long courtesy,
            long received,
            long used,
            long usedForOwn,
            long assigned) {
        long quantity = purchased + courtesy + received;
        long remaining = Math.max(0, quantity - used);
        return new Utilization(
                licenseType,
                trial,
                usageType,
                quantity,
                purchased,
                courtesy,
                used,
                usedForOwn,
                remaining,
                remaining,
                assigned);
    }
}
