package dev.entitlements.entitlement.banners.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /entitlements/banners/query} for the deprecated v1 media type (spec §2.8, legacy banner). */
@Schema(description = "Expiry banners in the legacy (v1) shape")
public record LegacyBannerResponse(List<LegacyBanner> data) {}
