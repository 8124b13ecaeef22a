package dev.entitlements.entitlement.legacy.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecatedEndpoint;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.entitlement.legacy.service.EntitlementSummaries;
import dev.entitlements.entitlement.legacy.service.LegacyFilter;
import dev.entitlements.entitlement.legacy.service.LegacyReadService;
import io.smallrye.mutiny.Uni;

/**
 * Deprecated {@code GET /entitlements/summaries} (spec D2) without {@code refresh}: the summaries
 * and banners. With {@code refresh=true} the gateway sends it to the sync service instead.
 */
@Path("/entitlements/summaries")
@Tag(name = "Entitlements")
public class LegacySummaryResource {

    private final LegacyReadService service;
    private final CallerContext caller;

    public LegacySummaryResource(LegacyReadService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY })
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/utilizations/query")
    @Operation(operationId = "getSummary_1", deprecated = true,
            summary = "Summaries of the valid licenses and legacy banners; refresh=true starts a refresh (deprecated: "
                    + "POST /entitlements/utilizations/query, PATCH /entitlements)")
    public Uni<EntitlementSummaries> summaries(
            @Parameter(description = "true: start a refresh (202, served by the sync service through the gateway); false or absent: read")
            @QueryParam("refresh") String refresh,
            @Parameter(description = "A device type (spec §5); every type but ANALYTICS counts as APSW") @QueryParam("type") String type,
            @Parameter(description = "A license type (spec §7.1)") @QueryParam("licenseType") String licenseType) {
        LegacyRefreshParameter.requireRead(refresh);
        LegacyFilter filter = LegacyFilter.of(type, licenseType);
        return caller.resolve().chain(c -> service.summaries(c, filter));
    }
}
