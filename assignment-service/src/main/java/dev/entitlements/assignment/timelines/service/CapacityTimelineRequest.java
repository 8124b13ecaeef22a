package dev.entitlements.assignment.timelines.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /entitlements/capacityTimelines/query} (beyond the contract; docs/decisions.md). */
public record CapacityTimelineRequest(
        @Schema(
                description =
                        "licenseType (a string or an array), isTrial (both when absent), from (default now) and "
                                + "to (default open), dates as everywhere (a bare from is the start of its day, a bare to its end)",
                examples =
                        "{\"licenseType\": [\"APSW\"], \"isTrial\": false, \"from\": \"2026-12-01\", \"to\": \"2028-12-31\"}")
        Map<String, JsonNode> filters) {}
