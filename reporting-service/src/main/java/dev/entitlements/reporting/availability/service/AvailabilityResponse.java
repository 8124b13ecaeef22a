package dev.entitlements.reporting.availability.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /entitlements/availabilityReports/query} (spec §2.7, docs/decisions.md
 * Reports): {@code filters.licenseType} given as a string answers {@link One}, as an array {@link Many}.
 */
public sealed interface AvailabilityResponse permits AvailabilityResponse.One, AvailabilityResponse.Many {

    static AvailabilityResponse of(AvailabilityService.Answer answer) {
        return answer.many()
                ? new Many(answer.results(), answer.message())
                : new One(answer.results().get(0), answer.message());
    }

    @Schema(name = "AvailabilityResult", description = "filters.licenseType was a string: one result")
    record One(
            Availability data,

            @Schema(nullable = true, description = "null, or why nothing is free")
            String message) implements AvailabilityResponse {}

    @Schema(name = "AvailabilityResults", description = "filters.licenseType was an array: one result per license type")
    record Many(
            List<Availability> data,

            @Schema(nullable = true, description = "null, or why nothing is free")
            String message)
            implements AvailabilityResponse {}
}
