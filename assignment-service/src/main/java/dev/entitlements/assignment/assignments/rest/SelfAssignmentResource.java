package dev.entitlements.assignment.assignments.rest;

import dev.entitlements.assignment.assignments.service.AssignmentCommandService;
import dev.entitlements.assignment.assignments.service.AssignmentQueryService;
import dev.entitlements.assignment.assignments.service.AssignmentView;
import dev.entitlements.assignment.assignments.service.CreateAssignmentRequest;
import dev.entitlements.assignment.assignments.service.CreateOutcome;
import dev.entitlements.assignment.assignments.service.IdempotencyProtocol;
import dev.entitlements.assignment.assignments.service.UpdateAssignmentRequest;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
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
import java.util.function.BiFunction;
import org.eclipse.microprofile.context.ThreadContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/tenants/self/entitlements/assignments")
@Tag(name = "Assignments")
// The chains of this resource stay on the request's Vert.x context (caller, security identity and
// request scope live there), so capturing thread contexts around every Mutiny step buys nothing and
// costs about a tenth of a create's CPU (JFR, BENCHMARKS.md): the Quarkus guide's way to skip it.
@CurrentThreadContext(
        propagated = {},
        cleared = {},
        unchanged = ThreadContext.ALL_REMAINING)
public class SelfAssignmentResource {

    private final AssignmentQueryService queries;
    private final AssignmentCommandService commands;
    private final CallerContext caller;

    public SelfAssignmentResource(
            AssignmentQueryService queries, AssignmentCommandService commands, CallerContext caller) {
        this.queries = queries;
        this.commands = commands;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(
            operationId = "createEntitlementAssignment",
            summary =
                    "Assigns licenses of the MSP's pools to its own account; 402 when the pools cannot cover the whole window")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = AssignmentView.Response.class)))
    @APIResponse(
            responseCode = "402",
            description =
                    "Not enough licenses free over the window; the suggestion names the largest quantity that fits")
    @APIResponse(
            responseCode = "422",
            description =
                    "Dates out of order or in the past, quantity out of range, or an Idempotency-Key sent before with another request")
    public Uni<RestResponse<AssignmentView.Response>> create(
            @HeaderParam(IdempotencyProtocol.HEADER) String idempotencyKey, CreateAssignmentRequest request) {
        return forRecipient((msp, tenant) -> commands.create(msp, tenant, request, idempotencyKey))
                .map(SelfAssignmentResource::created);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(
            operationId = "updateEntitlementAssignment",
            summary =
                    "Replaces an assignment: the old one is revoked, a new one (new id) holds the new quantity and end")
    @APIResponse(
            responseCode = "200",
            description = "The new assignment",
            content = @Content(schema = @Schema(implementation = AssignmentView.Response.class)))
    @APIResponse(responseCode = "402", description = "Not enough licenses free over the new window")
    @APIResponse(responseCode = "409", description = "The assignment is already revoked or expired")
    public Uni<AssignmentView.Response> update(@PathParam("id") String id, UpdateAssignmentRequest request) {
        return forRecipient((msp, tenant) -> commands.update(msp, tenant, id(id), request))
                .map(AssignmentView.Response::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(operationId = "deleteEntitlementAssignment", summary = "Revokes an assignment; the row stays, REVOKED")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "409", description = "The assignment is already revoked or expired")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return forRecipient((msp, tenant) -> commands.revoke(msp, tenant, id(id)))
                .map(v -> RestResponse.noContent());
    }

    /**
     * Runs an action of the MSP on the assignments of a recipient: its own account, or the customer
     * it acts for through {@code x-rks-tenantid} (docs/decisions.md, Client compatibility: the UI sends
     * that header on a customer's pages). The MSP's pools are drawn on either way.
     */
    private <T> Uni<T> forRecipient(BiFunction<Caller, String, Uni<T>> action) {
        Caller self = caller.authenticated();
        return caller.resolve().chain(c -> action.apply(self, c.tenantId()));
    }

    /** Header of an answer repeated for a retried {@code Idempotency-Key}. */
    static final String REPLAYED = "Idempotent-Replayed";

    /** 201 with the assignment; a retry's answer says it is one. */
    static RestResponse<AssignmentView.Response> created(CreateOutcome outcome) {
        var response = RestResponse.ResponseBuilder.create(
                RestResponse.Status.CREATED, AssignmentView.Response.of(outcome.assignment()));
        return (outcome.replayed() ? response.header(REPLAYED, "true") : response).build();
    }

    /** Assignment ids are int64; anything else names no assignment. */
    static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw dev.entitlements.common.error.ApiException.notFound("assignment " + id);
        }
    }

    @POST
    @Path("/query")
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "getSelfEntitlementAssignments",
            summary = "The MSP's self assignments, paged, sorted and filtered")
    public Uni<QueryResponse<AssignmentView>> query(QueryRequest request) {
        return forRecipient((msp, tenant) -> queries.query(msp, tenant, request));
    }
}
