package dev.entitlements.entitlement.legacy.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One entry of {@code summaries} in the deprecated {@code GET /entitlements/summaries} (spec D2):
 * the valid licenses of one license type, trial flag and usage type, summed from the items of
 * {@code POST /entitlements/query}. What devices use of them is a utilization figure: its own
 * endpoint, {@code POST /entitlements/utilizations/query} (the successor the Link header names).
 */
@Schema(description = "Valid licenses of one license type, trial flag and usage type (deprecated)")
public record EntitlementSummary(
        @Schema(examples = "APSW") String licenseType,
        @JsonProperty("isTrial") boolean isTrial,

        @Schema(
                enumeration = {"SELF", "ASSIGNED"},
                description = "SELF: the tenant's own; ASSIGNED: an MSP's pools")
        String usageType,

        @Schema(description = "purchased + courtesy + received, valid today", examples = "20")
        long quantity,

        @Schema(description = "bought from the licensing system, courtesy aside", examples = "20")
        long purchasedQuantity,

        @Schema(description = "courtesy licenses", examples = "0")
        long courtesyQuantity,

        @Schema(description = "received from an MSP by assignment", examples = "0")
        long receivedQuantity,

        @Schema(description = "valid license lines summed", examples = "1")
        long licenses,

        @Schema(description = "the earliest expiry among them (23:59:59 of the day)", examples = "2027-06-30T23:59:59Z")
        Instant nextExpirationDate) {}
