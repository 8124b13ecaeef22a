package dev.entitlements.entitlement.legacy.service;

import dev.entitlements.entitlement.entitlements.service.MspEntitlement;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 200 body of the deprecated {@code GET /mspEntitlements/summaries} (spec D5, {@code Entitlements_MspEntitlementsRefreshData}). */
@Schema(description = "The MSP's pools, their summaries and expiry banners (deprecated)")
public record MspEntitlementsRefreshData(
        @Schema(description = "As GET /mspEntitlements (spec §2.3)")
        List<MspEntitlement> mspEntitlements,

        @Schema(description = "Valid and future pools (spec §2.12)")
        List<MspEntitlementSummary> mspEntitlementSummaries,

        List<MspBanner> mspEntitlementBanners) {}
