package dev.entitlements.entitlement.banners.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /entitlements/banners/query} for {@code application/json} and v1.1 (spec §2.8). */
@Schema(description = "Expiry banners")
public record BannerResponse(List<Banner> data) {}
