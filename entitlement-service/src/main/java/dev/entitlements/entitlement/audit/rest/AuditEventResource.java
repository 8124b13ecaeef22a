package dev.entitlements.entitlement.audit.rest;

import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.entitlement.audit.service.AuditEvent;
import dev.entitlements.entitlement.audit.service.AuditEventQuery;
import dev.entitlements.entitlement.audit.service.AuditEventQueryService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /audit/events}: the audit trail of the caller's tenant, or of a customer its MSP acts
 * for through {@code x-rks-tenantid}, for administrators (ADR 0015). Query parameters, not a body;
 * parameters it does not know are ignored.
 */
@Path("/audit/events")
@Tag(name = "Audit")
public class AuditEventResource {

    private static final String DATE = "yyyy-MM-dd, yyyy-MM-dd HH:mm:ssZ or ISO-8601 (UTC)";

    private final AuditEventQueryService service;
    private final CallerContext caller;

    public AuditEventResource(AuditEventQueryService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(
            operationId = "getAuditEvents",
            summary = "The tenant's audit trail, newest first: who changed what and when, paged, filtered by actor"
                    + " and time")
    public Uni<QueryResponse<AuditEvent>> events(
            @Parameter(description = "Only entries of this subject (user or service account); repeat for several")
                    @QueryParam("actor")
                    List<String> actor,
            @Parameter(description = "Entries at or after this time: " + DATE + "; a date means its start")
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Entries at or before this time: " + DATE
                                    + "; a date means the whole day; before from: 422")
                    @QueryParam("to")
                    String to,
            @Parameter(description = "1-based; below 1 reads as 1") @QueryParam("page") String page,
            @Parameter(description = "Below 1 reads as 20, above 10000 as 10000") @QueryParam("pageSize")
                    String pageSize) {
        QueryRequest request = AuditEventQuery.of(actor, from, to, page, pageSize);
        return caller.resolve().chain(c -> service.query(c, request));
    }
}
