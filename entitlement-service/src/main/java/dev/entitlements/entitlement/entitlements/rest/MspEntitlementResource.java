package dev.entitlements.entitlement.entitlements.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecatedEndpoint;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.entitlement.entitlements.service.EntitlementQueryService;
import dev.entitlements.entitlement.entitlements.service.MspEntitlement;
import io.smallrye.mutiny.Uni;

/** Deprecated {@code GET /mspEntitlements} (spec D4): the caller's bulk pools as a top-level array. */
@Path("/mspEntitlements")
@Tag(name = "Entitlements")
public class MspEntitlementResource {

    private final EntitlementQueryService service;
    private final CallerContext caller;

    public MspEntitlementResource(EntitlementQueryService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY })
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/query")
    @Operation(operationId = "getMspEntitlements", deprecated = true,
            summary = "The MSP's bulk license pools (deprecated: POST /entitlements/query with usageType ASSIGNED)")
    public Uni<List<MspEntitlement>> pools() {
        return caller.resolve().chain(service::mspPools);
    }
}
