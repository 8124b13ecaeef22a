package dev.entitlements.reporting.mileage.service;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One month of a mileage report (spec §2.6, docs/decisions.md Reports): what was available and used at
 * its end (the current month: now), what expired in it, and what came and went by cause.
 */
public record Mileage(
        @Schema(examples = "APSW") String licenseType,

        @Schema(description = "the month's last day", examples = "2026-09-30")
        LocalDate lastDate,

        @Schema(description = "devices on the month's last reported day", examples = "350")
        long device,

        @Schema(
                description =
                        "SELF: licenses the devices used on the month's last reported day; ASSIGNED: licenses assigned at its end",
                examples = "350")
        long usedQuantity,

        @Schema(description = "licenses held at the month's end (the current month: now)", examples = "400")
        long quantity,

        @Schema(description = "licenses released by expiry in the month, per day")
        List<Release> availableBreakUp,

        @Schema(description = "licenses that came in the month, by cause (PURCHASE, ASSIGNMENT)")
        List<Change> increases,

        @Schema(description = "licenses that went in the month, by cause (EXPIRY, CANCELLATION, REVOCATION)")
        List<Change> decreases) {

    @Schema(name = "MileageRelease")
    public record Release(long quantity, LocalDate expirationDate) {}

    @Schema(name = "MileageChange")
    public record Change(String cause, long quantity) {}
}
