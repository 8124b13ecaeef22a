package dev.entitlements.sync.request.rest;

import java.net.URI;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.sync.request.service.SyncJobs;
import io.smallrye.mutiny.Uni;

/** {@code PATCH /entitlements}: refresh the caller tenant's entitlements from the licensing system (spec E8). */
@Path("/entitlements")
@Tag(name = "Synchronization")
public class SyncResource {

    /** The request body (spec {@code Entitlements_SyncEntitlementRequestDto}); every field optional. */
    public record SyncEntitlementRequest(String refreshType, String status, String usageType) {
    }

    /** The 202 body (spec {@code Entitlements_AcceptedDto}). */
    public record Accepted(String link, String desc, String requestId) {
    }

    private final SyncJobs jobs;
    private final CallerContext caller;

    public SyncResource(SyncJobs jobs, CallerContext caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @PATCH
    @Consumes({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @Produces({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN })
    @Operation(operationId = "syncEntitlements", summary = "Start a full refresh from the licensing system; 202 with the request to poll")
    @APIResponse(responseCode = "202", description = "Accepted: poll the link (also in Location)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    public Uni<RestResponse<Accepted>> sync(SyncEntitlementRequest body, @Context UriInfo uri) {
        String refreshType = body == null || body.refreshType() == null ? "FULL" : body.refreshType().trim().toUpperCase(Locale.ROOT);
        if (!refreshType.equals("FULL")) {
            throw new ApiException(ErrorCode.INVALID_VALUE, "'refreshType' cannot be " + body.refreshType(), "FULL");
        }
        Caller c = caller.current();
        return jobs.request(c).map(id -> accepted(id, uri));
    }

    /** 202 with the request to poll: also the answer of the deprecated refreshes (D2, D5 with {@code refresh=true}). */
    static RestResponse<Accepted> accepted(Object requestId, UriInfo uri) {
        // absolute, as the spec's example link is, and the same in the body and the Location header
        URI link = uri.getBaseUriBuilder().path("entitlements/syncRequests").path(requestId.toString()).build();
        return RestResponse.ResponseBuilder.<Accepted>create(RestResponse.Status.ACCEPTED)
                .entity(new Accepted(link.toString(), "full refresh from the licensing system", requestId.toString()))
                .location(link)
                .build();
    }
}
