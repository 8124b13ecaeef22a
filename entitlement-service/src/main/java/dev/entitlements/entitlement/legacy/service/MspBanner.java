package dev.entitlements.entitlement.legacy.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.entitlements.entitlement.banners.service.Banner;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item of {@code mspEntitlementBanners} in the deprecated {@code GET /mspEntitlements/summaries}
 * (spec §2.8, MSP banner): a banner of the MSP's pools as {@code POST /entitlements/banners/query}
 * computes it. The devices that would lose coverage are not known to this read model: null.
 */
@Schema(description = "An expiry banner of the MSP's pools (deprecated)")
public record MspBanner(
        @Schema(nullable = true, description = "Not known to this read model: null")
        Long affectedDeviceCount,

        @Schema(description = "ALM licensing: false (not offered)")
        boolean alm,

        @Schema(examples = "APSW") String licenseType,

        @Schema(description = "Pool licenses concerned", examples = "100")
        long licenseCount,

        Instant effectDate,

        @Schema(description = "Days from today until effectDate; 0 once it has passed")
        long effectiveDays,

        boolean multipleLicense,

        @Schema(enumeration = {"INITIAL", "CLOSE_TO_EXPIRATION", "GRACE_PERIOD", "AFTER_GRACE_PERIOD"})
        String type,

        @JsonProperty("isTrial") boolean isTrial) {

    static MspBanner of(Banner b) {
        return new MspBanner(
                null,
                false,
                b.licenseType(),
                b.licenseCount(),
                b.effectDate(),
                b.effectiveDays(),
                b.multipleLicense(),
                b.type(),
                b.isTrial());
    }
}
