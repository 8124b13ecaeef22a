package dev.entitlements.entitlement.banners.service;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A banner in the current shape ({@code application/json}, v1.1; spec §2.8). */
@Schema(description = "A license-expiry banner")
public record Banner(
        @Schema(description = "Licenses concerned (sum of their quantities)", examples = "120")
        long licenseCount,

        @Schema(examples = "APSW") String licenseType,

        @Schema(
                description =
                        "When the condition takes effect: the expiry (INITIAL, CLOSE_TO_EXPIRATION) or the end of grace",
                examples = "2026-12-31T23:59:59Z")
        Instant effectDate,

        @Schema(description = "Days from today until effectDate; 0 once it has passed", examples = "38")
        long effectiveDays,

        @Schema(description = "More than one license line is concerned")
        boolean multipleLicense,

        @Schema(enumeration = {"INITIAL", "CLOSE_TO_EXPIRATION", "GRACE_PERIOD", "AFTER_GRACE_PERIOD"})
        String type,

        @Schema(description = "Trial licenses (banners of trial and paid licenses are separate)")
        boolean isTrial,

        @Schema(enumeration = {"SELF", "ASSIGNED"}) String usageType) {}
