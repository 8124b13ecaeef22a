package dev.entitlements.reporting.utilization.rest;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecationHeaders;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.reporting.utilization.service.UtilizationRequest;
import dev.entitlements.reporting.utilization.service.UtilizationResponse;
import dev.entitlements.reporting.utilization.service.UtilizationService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /entitlements/utilizations/query} (spec E1) in its three media types: the same items,
 * except that v1 always lists the trial entry and v1.1 (and {@code application/json}) leave it out
 * for a license type without valid or used trial licenses (R11). v1 answers carry its deprecation.
 */
@Path("/entitlements/utilizations/query")
@Tag(name = "Utilization")
public class UtilizationResource {

    private final UtilizationService service;
    private final CallerContext caller;

    public UtilizationResource(UtilizationService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1, ApiMediaTypes.V1_1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1_1, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "getSummary",
            summary = "Purchased, courtesy, used and remaining licenses per license type and trial flag")
    @APIResponse(
            responseCode = "200",
            description = "{\"data\": [utilization]}: SELF items first, then an MSP's ASSIGNED (pool) items",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = UtilizationResponse.class)),
                @Content(mediaType = ApiMediaTypes.V1_1, schema = @Schema(implementation = UtilizationResponse.class)),
                @Content(mediaType = ApiMediaTypes.V1, schema = @Schema(implementation = UtilizationResponse.class))
            })
    @APIResponse(
            responseCode = "417",
            description =
                    "Neither the licensing system nor any MSP knows the tenant (a managed customer with nothing yet gets 200)")
    public Uni<Response> query(UtilizationRequest request, @Context HttpHeaders headers) {
        String type =
                ApiMediaTypes.negotiate(headers, MediaType.APPLICATION_JSON, ApiMediaTypes.V1_1, ApiMediaTypes.V1);
        boolean v1 = ApiMediaTypes.V1.equals(type);
        return caller.resolve().chain(c -> service.utilizations(c, request, v1)).map(items -> {
            Response.ResponseBuilder answer = Response.ok(new UtilizationResponse(items), type);
            if (v1) {
                // spec E1: v1.0 deprecated 07/2025; Sunset is our configured day (DeprecationHeaders)
                Response built = answer.build();
                DeprecationHeaders.add(built.getHeaders(), "2025-07-01", "");
                return built;
            }
            return answer.build();
        });
    }
}
