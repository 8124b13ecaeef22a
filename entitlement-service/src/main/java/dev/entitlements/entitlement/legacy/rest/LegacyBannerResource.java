package dev.entitlements.entitlement.legacy.rest;

import java.util.List;

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
import dev.entitlements.entitlement.banners.service.LegacyBanner;
import dev.entitlements.entitlement.legacy.service.LegacyFilter;
import dev.entitlements.entitlement.legacy.service.LegacyReadService;
import io.smallrye.mutiny.Uni;

/** Deprecated {@code GET /banners} (spec D3): the banners of {@code POST /entitlements/banners/query}, legacy shape, as an array. */
@Path("/banners")
@Tag(name = "Banners")
public class LegacyBannerResource {

    private final LegacyReadService service;
    private final CallerContext caller;

    public LegacyBannerResource(LegacyReadService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY })
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/banners/query")
    @Operation(operationId = "getBanners_1", deprecated = true, summary = "Expiry banners, legacy shape (deprecated: POST /entitlements/banners/query)")
    public Uni<List<LegacyBanner>> banners(
            @Parameter(description = "A device type (spec §5); every type but ANALYTICS counts as APSW") @QueryParam("type") String type,
            @Parameter(description = "A license type (spec §7.1)") @QueryParam("licenseType") String licenseType) {
        LegacyFilter filter = LegacyFilter.of(type, licenseType);
        return caller.resolve().chain(c -> service.legacyBanners(c, filter));
    }
}
