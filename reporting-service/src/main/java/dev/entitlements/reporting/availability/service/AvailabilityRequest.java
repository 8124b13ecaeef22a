package dev.entitlements.reporting.availability.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /entitlements/availabilityReports/query} (spec E6, R16). */
public record AvailabilityRequest(
        @Schema(
                required = true,
                enumeration = {"MAX_QUANTITY", "MAX_PERIOD"})
        String operator,

        @Schema(required = true, description = "start of the window, today or later", examples = "2026-12-05")
        String effectiveDate,

        @Schema(description = "end of the window; required for MAX_QUANTITY", examples = "2027-01-04")
        String expirationDate,

        @Schema(description = "licenses wanted; required for MAX_PERIOD", examples = "50")
        Long quantity,

        @Schema(
                required = true,
                description =
                        "usageType (SELF, ASSIGNED or UNKNOWN), licenseType (a string: one result; an array: one per type), isTrial",
                examples = "{\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\", \"isTrial\": false}")
        Map<String, JsonNode> filters) {}
