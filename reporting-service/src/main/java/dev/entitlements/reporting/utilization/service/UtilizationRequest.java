package dev.entitlements.reporting.utilization.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /entitlements/utilizations/query} (spec E1). {@code page}/{@code pageSize}
 * are optional (clients send them): without {@code page} every item is returned.
 */
public record UtilizationRequest(
        @Schema(
                description =
                        "licenseType (string or array), isTrial, status (array: VALID, FUTURE, EXPIRED; default VALID), "
                                + "isAssignedLicense, usageType (SELF or ASSIGNED; both when absent)",
                examples = "{\"licenseType\": [\"APSW\"], \"isTrial\": false, \"usageType\": \"Self\"}")
        Map<String, JsonNode> filters,

        @Schema(description = "1-based; absent: all items", minimum = "1")
        Integer page,

        @Schema(minimum = "1", maximum = "1000", defaultValue = "20")
        Integer pageSize) {}
