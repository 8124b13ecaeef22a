package dev.entitlements.reporting.compliance.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /entitlements/compliances/query} (spec E4); {@code filters} may be empty or absent. */
public record ComplianceRequest(
        @Schema(
                description = "licenseType (string or array); complianceType SELF (no customer summary) or MSP_SUMMARY",
                examples = "{\"licenseType\": [\"APSW\"], \"complianceType\": \"MSP_SUMMARY\"}")
        Map<String, JsonNode> filters) {}
