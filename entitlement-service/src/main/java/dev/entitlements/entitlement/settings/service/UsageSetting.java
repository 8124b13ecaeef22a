package dev.entitlements.entitlement.settings.service;

/** A tenant's setting of one solution-token feature (spec §2.10). */
public record UsageSetting(
        String featureType,
        String featureName,
        int maxQuantity,
        boolean enabled,
        boolean capped,
        int licenseToken,
        String featureCostUnit,
        String featureUnit) {}
