package dev.entitlements.entitlement.legacy.service;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item of {@code mspEntitlementSummaries} in the deprecated {@code GET /mspEntitlements/summaries}
 * (spec §2.12): one valid or future pool of the MSP. How many of a pool's licenses are left is not
 * a property of one pool (assignments draw on the license type's pools together, docs/decisions.md
 * capacity rule), so {@code remainingLicenses} is null here; the per-type figure is
 * {@code remainingLicenses} of {@code POST /entitlements/utilizations/query} (usageType ASSIGNED).
 */
@Schema(description = "An MSP pool, summarised (deprecated, spec §2.12)")
public record MspEntitlementSummary(
        @Schema(nullable = true, examples = "MSP_APSW") String deviceType,
        @Schema(nullable = true) String deviceSubType,

        @Schema(description = "The license type of the pool", examples = "APSW")
        String derivedLicenseType,

        @Schema(examples = "100") long quantity,

        @Schema(description = "quantity when the pool is a courtesy grant, else 0", examples = "0")
        long courtesyQuantity,

        Instant effectiveDate,
        @Schema(description = "23:59:59 of the expiry day") Instant expirationDate,

        @Schema(description = "Days from today to the expiry day", examples = "300")
        long remainingDays,

        @Schema(
                nullable = true,
                description = "Not a per-pool figure: null (see POST /entitlements/utilizations/query)")
        Long remainingLicenses,

        boolean trial) {}
