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
import dev.entitlements.entitlement.legacy.service.LegacyReadService;
import dev.entitlements.entitlement.legacy.service.MspEntitlementsRefreshData;
import io.smallrye.mutiny.Uni;

/**
 * Deprecated {@code GET /mspEntitlements/summaries} (spec D5) without {@code refresh}: the MSP's
 * pools, their summaries and banners. With {@code refresh=true} the gateway sends it to the sync
 * service instead.
 */
@Path("/mspEntitlements/summaries")
@Tag(name = "Entitlements")
public class MspSummaryResource {

    private final LegacyReadService service;
    private final CallerContext caller;

    public MspSummaryResource(LegacyReadService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY })
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/utilizations/query")
    @Operation(operationId = "syncMspEntitlements", deprecated = true,
            summary = "The MSP's pools, their summaries and banners; refresh=true starts a refresh (deprecated: "
                    + "POST /entitlements/utilizations/query, POST /entitlements/query, PATCH /entitlements)")
    public Uni<MspEntitlementsRefreshData> summaries(
            @Parameter(description = "true: start a refresh (202, served by the sync service through the gateway); false or absent: read")
            @QueryParam("refresh") String refresh) {
        LegacyRefreshParameter.requireRead(refresh);
        return caller.resolve().chain(service::mspSummaries);
    }
}
