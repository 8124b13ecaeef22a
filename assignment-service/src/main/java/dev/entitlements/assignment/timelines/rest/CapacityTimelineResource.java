package dev.entitlements.assignment.timelines.rest;

import dev.entitlements.assignment.timelines.service.CapacityTimelineRequest;
import dev.entitlements.assignment.timelines.service.CapacityTimelineResponse;
import dev.entitlements.assignment.timelines.service.CapacityTimelineService;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
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
 * {@code POST /entitlements/capacityTimelines/query}, beyond the contract (issue 21): served here
 * because this service holds both the pools and the assignments; an MSP may ask for a customer it
 * manages ({@code x-rks-tenantid}), as on the assignment queries.
 */
@Path("/entitlements/capacityTimelines/query")
@Tag(name = "Capacity timeline")
public class CapacityTimelineResource {

    private final CapacityTimelineService service;
    private final CallerContext caller;

    public CapacityTimelineResource(CapacityTimelineService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "queryCapacityTimelines",
            summary = "When capacity drops below what is assigned, and who must renew when: per license type and "
                    + "trial flag, the pools' capacity against the assignments over time (beyond the vendor's API)")
    @APIResponse(
            responseCode = "200",
            description = "{\"data\": [timeline]}: an MSP's pools against its assignments (self and customers); "
                    + "for a customer, the licenses it received",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CapacityTimelineResponse.class)))
    @APIResponse(responseCode = "422", description = "filters.to before filters.from (or now, when from is absent)")
    public Uni<CapacityTimelineResponse> query(CapacityTimelineRequest request) {
        return caller.resolve().chain(c -> service.timelines(c, request));
    }
}
