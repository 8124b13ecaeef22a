package dev.entitlements.entitlement.banners.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /entitlements/banners/query} (spec E5); {@code filters} is optional (docs/decisions.md). */
public record BannerRequest(
        @Schema(
                description = "licenseType (string or array), usageType (string or array), isTrial (boolean)",
                examples = "{\"licenseType\": [\"APSW\"], \"usageType\": \"SELF\"}")
        Map<String, JsonNode> filters) {}
