package dev.entitlements.entitlement.entitlements.rest;

import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.entitlement.entitlements.service.EntitlementItem;
import dev.entitlements.entitlement.entitlements.service.EntitlementQueryService;
import io.smallrye.context.api.CurrentThreadContext;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.context.ThreadContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /entitlements/query} (spec E2). */
@Path("/entitlements/query")
@Tag(name = "Entitlements")
// no thread-context capture around each Mutiny step: the chain stays on the request's Vert.x
// context, where the caller and the request scope live (same reasoning and measurement as the
// assignment resources, BENCHMARKS.md)
@CurrentThreadContext(
        propagated = {},
        cleared = {},
        unchanged = ThreadContext.ALL_REMAINING)
public class EntitlementQueryResource {

    private final EntitlementQueryService service;
    private final CallerContext caller;

    public EntitlementQueryResource(EntitlementQueryService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "getEntitlements",
            summary = "The tenant's entitlements (SELF) or MSP pools (ASSIGNED): paged, sorted, filtered")
    public Uni<QueryResponse<EntitlementItem>> query(
            QueryRequest request,
            @Parameter(description = "true: only the counts, no data") @QueryParam("excludeContent")
                    String excludeContent) {
        return caller.resolve().chain(c -> service.query(c, request, excludeContent));
    }
}
