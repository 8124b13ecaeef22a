package dev.entitlements.sync.request.rest;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.sync.request.service.SyncRequestService;
import dev.entitlements.sync.request.service.SyncRequestStatus;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/entitlements/syncRequests")
@Tag(name = "Synchronization")
public class SyncRequestResource {

    private final SyncRequestService service;
    private final CallerContext caller;

    public SyncRequestResource(SyncRequestService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/{requestId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "getSyncRequest",
            summary = "State and counts of a synchronization request of the caller's tenant")
    public Uni<SyncRequestStatus> status(@PathParam("requestId") String requestId) {
        return service.status(caller.current(), requestId);
    }
}
