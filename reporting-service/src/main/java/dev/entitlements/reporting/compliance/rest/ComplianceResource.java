package dev.entitlements.reporting.compliance.rest;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.reporting.compliance.service.ComplianceRequest;
import dev.entitlements.reporting.compliance.service.ComplianceResponse;
import dev.entitlements.reporting.compliance.service.ComplianceService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /entitlements/compliances/query} (spec E4): {@code {"compliances": [...]}}, one entry per license type, never null. */
@Path("/entitlements/compliances/query")
@Tag(name = "Compliance")
public class ComplianceResource {

    private final ComplianceService service;
    private final CallerContext caller;

    public ComplianceResource(ComplianceService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "getCompliances",
            summary = "Licenses held against licenses used, per license type: the caller and an MSP's customers")
    @APIResponse(responseCode = "200", description = "{\"compliances\": [compliance]}")
    public Uni<ComplianceResponse> query(ComplianceRequest request) {
        return caller.resolve().chain(c -> service.compliances(c, request)).map(ComplianceResponse::new);
    }
}
