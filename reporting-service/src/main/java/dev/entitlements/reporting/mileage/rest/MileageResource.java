package dev.entitlements.reporting.mileage.rest;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.reporting.mileage.service.MileageRequest;
import dev.entitlements.reporting.mileage.service.MileageResponse;
import dev.entitlements.reporting.mileage.service.MileageService;
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

/** {@code POST /entitlements/mileageReports/query} (spec E3): {@code Entitlements_MileageResponseDto}, one entry per month. */
@Path("/entitlements/mileageReports/query")
@Tag(name = "Mileage")
public class MileageResource {

    private final MileageService service;
    private final CallerContext caller;

    public MileageResource(MileageService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "licenseMileageReports",
            summary = "Month by month: licenses available, used and released, and what came and went")
    @APIResponse(
            responseCode = "200",
            description =
                    "{\"status\": \"success\", \"message\", \"page\", \"pageSize\", \"totalCount\" (months), \"data\": [month]}",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MileageResponse.class)))
    public Uni<MileageResponse> query(MileageRequest request) {
        return caller.resolve()
                .chain(c -> service.report(c, request))
                .map(page -> new MileageResponse(
                        "success",
                        page.totalCount() == 0 ? "no licenses of this type yet" : "one entry per month, oldest first",
                        page.page(),
                        page.pageSize(),
                        page.totalCount(),
                        page.data()));
    }
}
