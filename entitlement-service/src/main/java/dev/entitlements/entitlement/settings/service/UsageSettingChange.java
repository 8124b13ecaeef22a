package dev.entitlements.entitlement.settings.service;

import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One item of {@code PATCH /entitlements/settings} (spec E16): a feature and the values to change.
 * An omitted value keeps the tenant's current one (or the feature's default).
 */
@Schema(description = "A change of one feature's setting; omitted values stay as they are")
public record UsageSettingChange(
        @Schema(required = true, examples = "SLTN_PI_NET") String featureType,
        @Schema(minimum = "0", examples = "50") Integer maxQuantity,
        @Schema(examples = "true") Boolean enabled,
        @Schema(examples = "true") Boolean capped) {

    /** The feature named, as it is stored: case and surrounding blanks do not matter. */
    public String feature() {
        return featureType.trim().toUpperCase(Locale.ROOT);
    }
}
