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
import dev.entitlements.entitlement.legacy.service.LegacyEntitlement;
import dev.entitlements.entitlement.legacy.service.LegacyFilter;
import dev.entitlements.entitlement.legacy.service.LegacyReadService;
import io.smallrye.mutiny.Uni;

/** Deprecated {@code GET /entitlements} (spec D1): the tenant's entitlements, unpaged, as a top-level array. */
@Path("/entitlements")
@Tag(name = "Entitlements")
public class LegacyEntitlementResource {

    private final LegacyReadService service;
    private final CallerContext caller;

    public LegacyEntitlementResource(LegacyReadService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY })
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/query")
    @Operation(operationId = "getEntitlements_1", deprecated = true,
            summary = "The tenant's entitlements, unpaged (deprecated: POST /entitlements/query)")
    public Uni<List<LegacyEntitlement>> entitlements(
            @Parameter(description = "A device type (spec §5); every type but ANALYTICS counts as APSW") @QueryParam("type") String type,
            @Parameter(description = "A license type (spec §7.1)") @QueryParam("licenseType") String licenseType) {
        LegacyFilter filter = LegacyFilter.of(type, licenseType);
        return caller.resolve().chain(c -> service.entitlements(c, filter));
    }
}
