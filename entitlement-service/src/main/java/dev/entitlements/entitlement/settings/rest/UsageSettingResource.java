package dev.entitlements.entitlement.settings.rest;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.entitlement.settings.service.UsageSetting;
import dev.entitlements.entitlement.settings.service.UsageSettingChange;
import dev.entitlements.entitlement.settings.service.UsageSettingService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/entitlements/settings")
@Tag(name = "Usage settings")
public class UsageSettingResource {

    private final UsageSettingService service;
    private final CallerContext caller;

    public UsageSettingResource(UsageSettingService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(operationId = "getUsageSettings", summary = "The caller tenant's solution-token feature settings")
    public Uni<List<UsageSetting>> list() {
        return caller.resolve().chain(service::list);
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN})
    @Operation(
            operationId = "updateUsageSettings",
            summary = "Changes the tenant's feature settings (all or none) and answers the updated list")
    public Uni<List<UsageSetting>> update(List<UsageSettingChange> changes) {
        return caller.resolve().chain(c -> service.update(c, changes));
    }
}
