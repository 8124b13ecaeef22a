package dev.entitlements.entitlement.legacy.service;

import dev.entitlements.entitlement.banners.service.LegacyBanner;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 200 body of the deprecated {@code GET /entitlements/summaries} (spec D2, {@code Entitlements_InternalRefreshLicensesResponse}). */
@Schema(description = "Summaries of the tenant's valid licenses and its expiry banners (deprecated)")
public record EntitlementSummaries(
        List<EntitlementSummary> summaries,

        @Schema(description = "Legacy banners (spec §2.8), as GET /banners")
        List<LegacyBanner> banners) {}
