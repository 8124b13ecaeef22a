package dev.entitlements.reporting.utilization.legacy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecatedEndpoint;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.reporting.utilization.service.UtilizationRequest;
import dev.entitlements.reporting.utilization.service.UtilizationService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Deprecated {@code GET /assignments/summaries} (spec D6): the MSP's assignment totals per license
 * type and trial flag, read through {@code POST /entitlements/utilizations/query} (usageType ASSIGNED,
 * the pools' side), which is what replaces it.
 */
@Path("/assignments/summaries")
@Tag(name = "Utilization")
public class AssignmentSummaryResource {

    private final UtilizationService service;
    private final CallerContext caller;

    public AssignmentSummaryResource(UtilizationService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/utilizations/query")
    @Operation(
            operationId = "getAssignmentsSummary",
            deprecated = true,
            summary =
                    "Pools, own assignments and what is left to assign, per license type (deprecated: POST /entitlements/utilizations/query)")
    public Uni<List<AssignmentSummary>> summaries() {
        // trial entries only where the tenant has trial pools (the v1.1 rule): this list never had fixed entries
        UtilizationRequest pools =
                new UtilizationRequest(Map.of("usageType", TextNode.valueOf("ASSIGNED")), null, null);
        return caller.resolve()
                .chain(c -> service.utilizations(c, pools, false))
                .map(items -> items.stream().map(AssignmentSummary::of).toList())
                // a tenant without pools has no summaries; this endpoint never answered 417 (spec D6)
                .onFailure(e -> e instanceof ApiException a && a.code() == ErrorCode.NO_ENTITLEMENT_ACCOUNT)
                .recoverWithItem(List.of());
    }
}
