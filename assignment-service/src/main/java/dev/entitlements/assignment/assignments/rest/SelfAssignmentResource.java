package dev.entitlements.assignment.assignments.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.entitlements.assignment.assignments.service.AssignmentQueryService;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import io.smallrye.mutiny.Uni;

@Path("/tenants/self/entitlements/assignments")
@Tag(name = "Assignments")
public class SelfAssignmentResource {

    private final AssignmentQueryService queries;
    private final CallerContext caller;

    public SelfAssignmentResource(AssignmentQueryService queries, CallerContext caller) {
        this.queries = queries;
        this.caller = caller;
    }

    @POST
    @Path("/query")
    @Consumes({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @Produces({ MediaType.APPLICATION_JSON, ApiMediaTypes.V1 })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY })
    @Operation(operationId = "getSelfEntitlementAssignments", summary = "The MSP's self assignments, paged, sorted and filtered")
    public Uni<QueryResponse> query(QueryRequest request) {
        return queries.self(caller.current(), request);
    }
}
