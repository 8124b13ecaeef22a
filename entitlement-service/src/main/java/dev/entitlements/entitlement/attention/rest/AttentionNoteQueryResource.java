package dev.entitlements.entitlement.attention.rest;

import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.entitlement.attention.service.AttentionNote;
import dev.entitlements.entitlement.attention.service.AttentionNoteQueryService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /entitlements/attentionNotes/query} (spec E7). */
@Path("/entitlements/attentionNotes/query")
@Tag(name = "Attention notes")
public class AttentionNoteQueryResource {

    private final AttentionNoteQueryService service;
    private final CallerContext caller;

    public AttentionNoteQueryResource(AttentionNoteQueryService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "queryAttentionNote",
            summary =
                    "Notices for the tenant's administrators: paged, sorted, filtered by type, tenant type, status, license type, licenseCheck")
    public Uni<QueryResponse<AttentionNote>> query(
            QueryRequest request,
            @Parameter(description = "true: only the counts, no data") @QueryParam("excludeContent")
                    String excludeContent) {
        return caller.resolve().chain(c -> service.query(c, request, excludeContent));
    }
}
