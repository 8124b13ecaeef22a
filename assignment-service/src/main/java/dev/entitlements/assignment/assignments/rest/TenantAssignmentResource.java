package dev.entitlements.assignment.assignments.rest;

import dev.entitlements.assignment.assignments.service.AssignmentCommandService;
import dev.entitlements.assignment.assignments.service.AssignmentQueryService;
import dev.entitlements.assignment.assignments.service.AssignmentView;
import dev.entitlements.assignment.assignments.service.CreateAssignmentRequest;
import dev.entitlements.assignment.assignments.service.IdempotencyProtocol;
import dev.entitlements.assignment.assignments.service.UpdateAssignmentRequest;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.common.tenant.TenantDirectory;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.error.ErrorCode;
import io.smallrye.context.api.CurrentThreadContext;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.context.ThreadContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Assignments from an MSP's pools to a customer tenant it manages (docs/decisions.md: beyond the docs,
 * the same rules as self assignments; the pools are shared). The path names the customer.
 */
@Path("/tenants/{tenantId}/entitlements/assignments")
@Tag(name = "Assignments")
// no thread-context capture: see SelfAssignmentResource
@CurrentThreadContext(
        propagated = {},
        cleared = {},
        unchanged = ThreadContext.ALL_REMAINING)
public class TenantAssignmentResource {

    private final AssignmentQueryService queries;
    private final AssignmentCommandService commands;
    private final CallerContext caller;
    private final TenantDirectory directory;

    public TenantAssignmentResource(
            AssignmentQueryService queries,
            AssignmentCommandService commands,
            CallerContext caller,
            TenantDirectory directory) {
        this.queries = queries;
        this.commands = commands;
        this.caller = caller;
        this.directory = directory;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(
            operationId = "createTenantAssignment",
            summary = "Assigns licenses of the MSP's pools to a customer it manages")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = AssignmentView.Response.class)))
    public Uni<RestResponse<AssignmentView.Response>> create(
            @PathParam("tenantId") String tenantId,
            @HeaderParam(CallerContext.TENANT_HEADER) String header,
            @HeaderParam(IdempotencyProtocol.HEADER) String idempotencyKey,
            CreateAssignmentRequest request) {
        return customer(tenantId, header)
                .chain(c -> commands.create(c, tenantId, request, idempotencyKey))
                .map(SelfAssignmentResource::created);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(
            operationId = "updateTenantAssignment",
            summary = "Replaces a customer's assignment (revoke and re-create)")
    public Uni<AssignmentView.Response> update(
            @PathParam("tenantId") String tenantId,
            @PathParam("id") String id,
            @HeaderParam(CallerContext.TENANT_HEADER) String header,
            UpdateAssignmentRequest request) {
        return customer(tenantId, header)
                .chain(c -> commands.update(c, tenantId, SelfAssignmentResource.id(id), request))
                .map(AssignmentView.Response::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(
            operationId = "deleteTenantAssignment",
            summary = "Revokes a customer's assignment; the row stays, REVOKED")
    public Uni<RestResponse<Void>> delete(
            @PathParam("tenantId") String tenantId,
            @PathParam("id") String id,
            @HeaderParam(CallerContext.TENANT_HEADER) String header) {
        return customer(tenantId, header)
                .chain(c -> commands.revoke(c, tenantId, SelfAssignmentResource.id(id)))
                .map(v -> RestResponse.noContent());
    }

    @POST
    @Path("/query")
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "getEntitlementAssignments",
            summary = "What the MSP assigned to one customer it manages, paged, sorted and filtered")
    @APIResponse(responseCode = "200", description = "A page of assignments")
    public Uni<QueryResponse<AssignmentView>> query(
            @PathParam("tenantId") String tenantId,
            @HeaderParam(CallerContext.TENANT_HEADER) String header,
            QueryRequest request) {
        return customer(tenantId, header).chain(c -> queries.query(c, tenantId, request));
    }

    /**
     * The caller, an MSP, when the path's tenant is itself or a customer it manages (else 404, the
     * customer's existence is not told); a header naming another tenant than the path is a 400.
     */
    private Uni<Caller> customer(String tenantId, String header) {
        Caller c = caller.authenticated();
        // before the directory lookup: a non-MSP is refused whatever tenant it names
        AssignmentCommandService.requireMsp(c);
        if (header != null && !header.isBlank() && !header.equals(tenantId)) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "the path names tenant " + tenantId + " but " + CallerContext.TENANT_HEADER + " names " + header,
                    "leave the header out, or name the same tenant");
        }
        if (tenantId.equals(c.tenantId())) {
            return Uni.createFrom().item(c);
        }
        return directory.find(tenantId).map(found -> {
            if (found.filter(t -> t.isManagedBy(c.tenantId())).isEmpty()) {
                throw ApiException.notFound("tenant " + tenantId);
            }
            return c;
        });
    }
}
