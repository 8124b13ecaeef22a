package dev.entitlements.reporting.mileage.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /entitlements/mileageReports/query} (spec E3, R17). */
public record MileageRequest(
        @Schema(description = "1-based", minimum = "1", defaultValue = "1")
        Integer page,

        @Schema(minimum = "1", maximum = "1000", defaultValue = "20")
        Integer pageSize,

        @Schema(
                required = true,
                description =
                        "usageType (SELF, ASSIGNED or UNKNOWN) and licenseType (a string) are required; isTrial (default false)",
                examples = "{\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\", \"isTrial\": false}")
        Map<String, JsonNode> filters) {}
