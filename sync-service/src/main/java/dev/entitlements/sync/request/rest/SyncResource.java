package dev.entitlements.sync.request.rest;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecatedEndpoint;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.sync.request.service.SyncJobs;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Starting a full refresh of the caller tenant's entitlements from the licensing system:
 * {@code PATCH /entitlements} (spec E8), and the refresh half of the deprecated
 * {@code GET /entitlements/summaries} (D2) and {@code GET /mspEntitlements/summaries} (D5), which
 * with {@code refresh=true} start the same refresh and answer the same 202. The gateway's route table
 * sends only {@code refresh=true} here (a query predicate); those reads themselves are the
 * entitlement service's. A refresh acts for the caller's own account only.
 *
 * <p>One class at the root rather than one per path: RESTEasy Reactive picks the class by its path
 * first, so a second class under {@code /entitlements} would hide {@code /entitlements/summaries}.
 */
@Path("/")
@Tag(name = "Synchronization")
public class SyncResource {

    /** The request body (spec {@code Entitlements_SyncEntitlementRequestDto}); every field optional. */
    public record SyncEntitlementRequest(String refreshType, String status, String usageType) {}

    /** The 202 body (spec {@code Entitlements_AcceptedDto}). */
    public record Accepted(String link, String desc, String requestId) {}

    private final SyncJobs jobs;
    private final CallerContext caller;

    public SyncResource(SyncJobs jobs, CallerContext caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @PATCH
    @Path("entitlements")
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(
            operationId = "syncEntitlements",
            summary = "Start a full refresh from the licensing system; 202 with the request to poll")
    @APIResponse(
            responseCode = "202",
            description = "Accepted: poll the link (also in Location)",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    public Uni<RestResponse<Accepted>> sync(SyncEntitlementRequest body, @Context UriInfo uri) {
        String refreshType = body == null || body.refreshType() == null
                ? "FULL"
                : body.refreshType().trim().toUpperCase(Locale.ROOT);
        if (!refreshType.equals("FULL")) {
            throw new ApiException(ErrorCode.INVALID_VALUE, "'refreshType' cannot be " + body.refreshType(), "FULL");
        }
        Caller c = caller.current();
        return jobs.request(c).map(id -> accepted(id, uri));
    }

    @GET
    @Path("entitlements/summaries")
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements")
    @Operation(
            operationId = "getSummary_1_refresh",
            deprecated = true,
            summary = "refresh=true: start a full refresh from the licensing system (deprecated: PATCH /entitlements)")
    @APIResponse(
            responseCode = "202",
            description = "The refresh request to poll (also in Location)",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    public Uni<RestResponse<Accepted>> summaries(
            @Parameter(description = "true (the gateway's route table sends only that here)") @QueryParam("refresh")
                    String refresh,
            @Context UriInfo uri) {
        return start(refresh, uri);
    }

    @GET
    @Path("mspEntitlements/summaries")
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements")
    @Operation(
            operationId = "syncMspEntitlements_refresh",
            deprecated = true,
            summary =
                    "refresh=true: start a full refresh of the MSP's pools from the licensing system (deprecated: PATCH /entitlements)")
    @APIResponse(
            responseCode = "202",
            description = "The refresh request to poll (also in Location)",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    public Uni<RestResponse<Accepted>> mspSummaries(
            @Parameter(description = "true (the gateway's route table sends only that here)") @QueryParam("refresh")
                    String refresh,
            @Context UriInfo uri) {
        return start(refresh, uri);
    }

    private Uni<RestResponse<Accepted>> start(String refresh, UriInfo uri) {
        if (refresh == null || !refresh.equalsIgnoreCase("true")) {
            // only reachable past the gateway: the reads without refresh are the entitlement service's
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "this service only starts refreshes: 'refresh' must be true, is " + refresh,
                    "call without refresh (or refresh=false) through the gateway for the summaries");
        }
        // like E8: the caller's own account only (a delegated x-rks-tenantid is 403)
        return jobs.request(caller.current()).map(id -> accepted(id, uri));
    }

    /** 202 with the request to poll: also the answer of the deprecated refreshes (D2, D5 with {@code refresh=true}). */
    private static RestResponse<Accepted> accepted(Object requestId, UriInfo uri) {
        // absolute, as the spec's example link is, and the same in the body and the Location header
        URI link = uri.getBaseUriBuilder()
                .path("entitlements/syncRequests")
                .path(requestId.toString())
                .build();
        return RestResponse.ResponseBuilder.<Accepted>create(RestResponse.Status.ACCEPTED)
                .entity(new Accepted(link.toString(), "full refresh from the licensing system", requestId.toString()))
                .location(link)
                .build();
    }
}
