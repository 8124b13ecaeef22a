package dev.entitlements.entitlement.banners.rest;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.DeprecationHeaders;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.entitlement.banners.service.BannerRequest;
import dev.entitlements.entitlement.banners.service.BannerResponse;
import dev.entitlements.entitlement.banners.service.BannerService;
import dev.entitlements.entitlement.banners.service.LegacyBanner;
import dev.entitlements.entitlement.banners.service.LegacyBannerResponse;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /entitlements/banners/query} (spec E5) in its three media types: {@code v1} answers
 * the legacy banner shape, {@code v1.1} and {@code application/json} the current one.
 */
@Path("/entitlements/banners/query")
@Tag(name = "Banners")
public class BannerResource {

    private final BannerService service;
    private final CallerContext caller;

    public BannerResource(BannerService service, CallerContext caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, ApiMediaTypes.V1, ApiMediaTypes.V1_1})
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1_1, ApiMediaTypes.V1})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "getBanners",
            summary = "Banners for licenses about to expire or expired, per license type")
    @APIResponse(
            responseCode = "200",
            description =
                    "{\"data\": [banner]}: the current shape for application/json and v1.1, the legacy shape for v1",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = BannerResponse.class)),
                @Content(mediaType = ApiMediaTypes.V1_1, schema = @Schema(implementation = BannerResponse.class)),
                @Content(mediaType = ApiMediaTypes.V1, schema = @Schema(implementation = LegacyBannerResponse.class))
            })
    public Uni<Response> query(BannerRequest request, @Context HttpHeaders headers) {
        String type =
                ApiMediaTypes.negotiate(headers, MediaType.APPLICATION_JSON, ApiMediaTypes.V1_1, ApiMediaTypes.V1);
        return caller.resolve().chain(c -> service.banners(c, request)).map(banners -> {
            if (!ApiMediaTypes.V1.equals(type)) {
                return Response.ok(new BannerResponse(banners), type).build();
            }
            Response legacy = Response.ok(
                            new LegacyBannerResponse(
                                    banners.stream().map(LegacyBanner::of).toList()),
                            type)
                    .build();
            // spec E5: v1 deprecated with the spec's 2026-01 changes; Sunset is our configured day (DeprecationHeaders)
            DeprecationHeaders.add(legacy.getHeaders(), "2026-01-01", "");
            return legacy;
        });
    }
}
