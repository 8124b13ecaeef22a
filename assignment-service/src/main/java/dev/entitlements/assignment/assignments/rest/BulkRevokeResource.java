package dev.entitlements.assignment.assignments.rest;

import dev.entitlements.assignment.assignments.service.AssignmentView;
import dev.entitlements.assignment.assignments.service.BulkRevocation;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecatedEndpoint;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Deprecated {@code DELETE /assignments} (spec D7): revokes every listed assignment of the MSP, all or
 * none, and answers 200 with them (the spec's 204 with a body is not possible in HTTP).
 */
@Path("/assignments")
@Tag(name = "Assignments")
public class BulkRevokeResource {

    /** An item of the body (spec D7). */
    public record RevokeItem(
            @Schema(required = true, examples = "231") Long assignmentId) {}

    /** The answer ({@code Entitlements_AssignmentOperationResponse}). */
    public record AssignmentOperationResponse(
            @Schema(description = "The revoked assignments, in the order listed")
            List<AssignmentView> assignments) {}

    private final BulkRevocation revocation;
    private final CallerContext caller;

    public BulkRevokeResource(BulkRevocation revocation, CallerContext caller) {
        this.revocation = revocation;
        this.caller = caller;
    }

    @DELETE
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/tenants/self/entitlements/assignments")
    @Operation(
            operationId = "revokeBulkAssignment",
            deprecated = true,
            summary =
                    "Revokes several assignments at once, all or none (deprecated: DELETE /tenants/self/entitlements/assignments/{id})")
    @APIResponse(
            responseCode = "200",
            description = "All revoked",
            content = @Content(schema = @Schema(implementation = AssignmentOperationResponse.class)))
    @APIResponse(
            responseCode = "404",
            description = "An id that is not an assignment of the MSP (named); nothing was revoked")
    @APIResponse(responseCode = "409", description = "An assignment already revoked or expired; nothing was revoked")
    public Uni<AssignmentOperationResponse> revoke(List<RevokeItem> body) {
        List<Long> ids = ids(body);
        // the MSP's own assignments (to itself and its customers); acting for a customer
        // (x-rks-tenantid), only those to that customer
        Caller msp = caller.authenticated();
        return caller.resolve()
                .chain(c -> revocation.revokeAll(msp, c.isDelegated() ? c.tenantId() : null, ids))
                .map(AssignmentOperationResponse::new);
    }

    private static List<Long> ids(List<RevokeItem> body) {
        if (body == null) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "a body is required: an array of {\"assignmentId\": n}");
        }
        List<Long> ids = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            RevokeItem item = body.get(i);
            if (item == null || item.assignmentId() == null) {
                throw new ApiException(ErrorCode.MISSING_VALUE, "'assignmentId' is required (item " + i + ")");
            }
            ids.add(item.assignmentId());
        }
        return ids;
    }
}
