package dev.entitlements.sync.request.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecatedEndpoint;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.sync.request.rest.SyncResource.Accepted;
import io.smallrye.mutiny.Uni;

/** Deprecated {@code GET /mspEntitlements/summaries?refresh=true} (spec D5): starts a refresh like {@code PATCH /entitlements} ({@link LegacyRefresh}). */
@Path("/mspEntitlements/summaries")
@Tag(name = "Synchronization")
public class MspSummariesRefreshResource {

    private final LegacyRefresh refresh;

    public MspSummariesRefreshResource(LegacyRefresh refresh) {
        this.refresh = refresh;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN })
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements")
    @Operation(operationId = "syncMspEntitlements_refresh", deprecated = true,
            summary = "refresh=true: start a full refresh of the MSP's pools from the licensing system (deprecated: PATCH /entitlements)")
    @APIResponse(responseCode = "202", description = "The refresh request to poll (also in Location)",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    public Uni<RestResponse<Accepted>> refresh(
            @Parameter(description = "true (the gateway's route table sends only that here)") @QueryParam("refresh") String value,
            @Context UriInfo uri) {
        return refresh.start(value, uri);
    }
}
