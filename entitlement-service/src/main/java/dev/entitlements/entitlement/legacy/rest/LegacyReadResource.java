package dev.entitlements.entitlement.legacy.rest;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecatedEndpoint;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.entitlement.banners.service.LegacyBanner;
import dev.entitlements.entitlement.entitlements.service.EntitlementQueryService;
import dev.entitlements.entitlement.entitlements.service.MspEntitlement;
import dev.entitlements.entitlement.legacy.service.EntitlementSummaries;
import dev.entitlements.entitlement.legacy.service.LegacyEntitlement;
import dev.entitlements.entitlement.legacy.service.LegacyFilter;
import dev.entitlements.entitlement.legacy.service.LegacyReadService;
import dev.entitlements.entitlement.legacy.service.MspEntitlementsRefreshData;
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
 * The deprecated reads of the vendor's API (spec D1–D5), each in the shape its old clients read,
 * with the deprecation headers and a successor. With {@code refresh=true} the gateway sends D2 and
 * D5 to the sync service instead, which starts a refresh.
 *
 * <p>One class at the root rather than one per path: RESTEasy Reactive picks a class by its path
 * first, so a class at {@code /mspEntitlements} would hide {@code /mspEntitlements/summaries}.
 */
@Path("/")
public class LegacyReadResource {

    private static final String TYPE = "A device type (spec §5); every type but ANALYTICS counts as APSW";
    private static final String LICENSE_TYPE = "A license type (spec §7.1)";
    private static final String REFRESH =
            "true: start a refresh (202, served by the sync service through the gateway); false or absent: read";

    private final LegacyReadService service;
    private final EntitlementQueryService entitlements;
    private final CallerContext caller;

    public LegacyReadResource(LegacyReadService service, EntitlementQueryService entitlements, CallerContext caller) {
        this.service = service;
        this.entitlements = entitlements;
        this.caller = caller;
    }

    @GET
    @Path("entitlements")
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/query")
    @Tag(name = "Entitlements")
    @Operation(
            operationId = "getEntitlements_1",
            deprecated = true,
            summary = "The tenant's entitlements, unpaged (deprecated: POST /entitlements/query)")
    public Uni<List<LegacyEntitlement>> entitlements(
            @Parameter(description = TYPE) @QueryParam("type") String type,
            @Parameter(description = LICENSE_TYPE) @QueryParam("licenseType") String licenseType) {
        LegacyFilter filter = LegacyFilter.of(type, licenseType);
        return caller.resolve().chain(c -> service.entitlements(c, filter));
    }

    @GET
    @Path("entitlements/summaries")
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/utilizations/query")
    @Tag(name = "Entitlements")
    @Operation(
            operationId = "getSummary_1",
            deprecated = true,
            summary = "Summaries of the valid licenses and legacy banners; refresh=true starts a refresh (deprecated: "
                    + "POST /entitlements/utilizations/query, PATCH /entitlements)")
    public Uni<EntitlementSummaries> summaries(
            @Parameter(description = REFRESH) @QueryParam("refresh") String refresh,
            @Parameter(description = TYPE) @QueryParam("type") String type,
            @Parameter(description = LICENSE_TYPE) @QueryParam("licenseType") String licenseType) {
        requireRead(refresh);
        LegacyFilter filter = LegacyFilter.of(type, licenseType);
        return caller.resolve().chain(c -> service.summaries(c, filter));
    }

    @GET
    @Path("banners")
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/banners/query")
    @Tag(name = "Banners")
    @Operation(
            operationId = "getBanners_1",
            deprecated = true,
            summary = "Expiry banners, legacy shape (deprecated: POST /entitlements/banners/query)")
    public Uni<List<LegacyBanner>> banners(
            @Parameter(description = TYPE) @QueryParam("type") String type,
            @Parameter(description = LICENSE_TYPE) @QueryParam("licenseType") String licenseType) {
        LegacyFilter filter = LegacyFilter.of(type, licenseType);
        return caller.resolve().chain(c -> service.legacyBanners(c, filter));
    }

    @GET
    @Path("mspEntitlements")
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/query")
    @Tag(name = "Entitlements")
    @Operation(
            operationId = "getMspEntitlements",
            deprecated = true,
            summary = "The MSP's bulk license pools (deprecated: POST /entitlements/query with usageType ASSIGNED)")
    public Uni<List<MspEntitlement>> mspPools() {
        return caller.resolve().chain(entitlements::mspPools);
    }

    @GET
    @Path("mspEntitlements/summaries")
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @DeprecatedEndpoint(since = "2026-01-01", successor = "/entitlements/utilizations/query")
    @Tag(name = "Entitlements")
    @Operation(
            operationId = "syncMspEntitlements",
            deprecated = true,
            summary = "The MSP's pools, their summaries and banners; refresh=true starts a refresh (deprecated: "
                    + "POST /entitlements/utilizations/query, POST /entitlements/query, PATCH /entitlements)")
    public Uni<MspEntitlementsRefreshData> mspSummaries(
            @Parameter(description = REFRESH) @QueryParam("refresh") String refresh) {
        requireRead(refresh);
        return caller.resolve().chain(service::mspSummaries);
    }

    /**
     * The {@code refresh} parameter of D2 and D5 as this service sees it. The gateway's route table
     * sends {@code refresh=true} in any case to the sync service (a query predicate; the HTTPRoute
     * lists true, True and TRUE); what reaches this service is a read. Anything else that is not
     * false (a mixed case past the edge, {@code 1}, {@code yes}) is refused rather than answered
     * with a read: the client asked for a refresh and must not be told it got one.
     */
    private static void requireRead(String refresh) {
        if (refresh == null || refresh.isBlank() || refresh.strip().equalsIgnoreCase("false")) {
            return;
        }
        throw new ApiException(
                ErrorCode.INVALID_VALUE,
                "'refresh' cannot be " + refresh + " here",
                "refresh=true (any case, through the gateway) starts a refresh; refresh=false or none reads");
    }
}
