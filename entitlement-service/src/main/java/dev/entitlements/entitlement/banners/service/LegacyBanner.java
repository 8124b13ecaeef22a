package dev.entitlements.entitlement.banners.service;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A banner in the legacy shape ({@code application/vnd.ruckus.v1+json}; spec §2.8, legacy banner).
 * The device fields the legacy shape carries are not known to this read model: null.
 */
@Schema(description = "A license-expiry banner, legacy (v1) shape")
public record LegacyBanner(
        boolean alm,

        @Schema(nullable = true, description = "ALM data; ALM licenses are not offered, so null")
        AlmExtraInfo almExtraInfo,

        @Schema(description = "Licenses concerned") long deviceCount,
        @Schema(nullable = true) String deviceSubType,

        @Schema(description = "The license type the banner is about", examples = "APSW")
        String deviceType,

        Instant effectDate,
        long effectDays,
        boolean multipleLicense,

        @Schema(nullable = true, description = "not known to this read model: null")
        Long totalActiveDevices,

        @Schema(nullable = true, description = "not known to this read model: null")
        Long totalRALicense,

        @Schema(enumeration = {"INITIAL", "CLOSE_TO_EXPIRATION", "GRACE_PERIOD", "AFTER_GRACE_PERIOD"})
        String type) {

    /** The legacy banner's ALM block (spec §2.8). */
    public record AlmExtraInfo(String licenseType, long remainingQuantity, long soEntQuantity) {}

    public static LegacyBanner of(Banner b) {
        return new LegacyBanner(
                false,
                null,
                b.licenseCount(),
                null,
                b.licenseType(),
                b.effectDate(),
                b.effectiveDays(),
                b.multipleLicense(),
                null,
                null,
                b.type());
    }
}
