package dev.entitlements.reporting.availability.rest;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.reporting.availability.service.AvailabilityRequest;
import dev.entitlements.reporting.availability.service.AvailabilityResponse;
import dev.entitlements.reporting.availability.service.AvailabilityService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /entitlements/availabilityReports/query} (spec E6): {@code filters.licenseType} as a
 * string answers {@code {"data": {...}, "message": ...}}, as an array {@code {"data": [...], "message": ...}}.
 */
@Path("/entitlements/availabilityReports/query")
@Tag(name = "Availability")
public class AvailabilityResource {

    private final AvailabilityService service;
    private final CallerContext caller;

    public AvailabilityResource(AvailabilityService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "licenseAvailabilityReports",
            summary =
                    "How many licenses are free over a window (MAX_QUANTITY), or until when a quantity is (MAX_PERIOD)")
    @APIResponse(
            responseCode = "200",
            description = "{\"data\": result or [result], \"message\": null or why nothing is free}",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema =
                                    @Schema(oneOf = {AvailabilityResponse.One.class, AvailabilityResponse.Many.class})))
    @APIResponse(
            responseCode = "422",
            description = "effectiveDate before today (ENTITLEMENT-10200), or a window the rules refuse")
    public Uni<AvailabilityResponse> query(AvailabilityRequest request) {
        return caller.resolve().chain(c -> service.calculate(c, request)).map(AvailabilityResponse::of);
    }
}
