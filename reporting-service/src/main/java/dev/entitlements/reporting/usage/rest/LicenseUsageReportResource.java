package dev.entitlements.reporting.usage.rest;

import java.time.Clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.entitlements.common.query.Params;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.reporting.usage.service.UsageReport;
import dev.entitlements.reporting.usage.service.UsageReportQuery;
import dev.entitlements.reporting.usage.service.UsageReportService;
import io.smallrye.mutiny.Uni;

@Path("/entitlements/licenseUsageReports")
@Tag(name = "Usage reports")
public class LicenseUsageReportResource {

    private final UsageReportService service;
    private final CallerContext caller;
    private final Clock clock;

    public LicenseUsageReportResource(UsageReportService service, CallerContext caller, Clock clock) {
        this.service = service;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, "application/vnd.ruckus.v1+json" })
    @RolesAllowed({ Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY })
    @Operation(operationId = "getUsageReport", summary = "Daily license usage of the MSP for a date range or a month")
    public Uni<UsageReport> report(
            @QueryParam("licenseType") String licenseType,
            @QueryParam("startDate") String startDate,
            @QueryParam("endDate") String endDate,
            @QueryParam("month") String month,
            @QueryParam("year") String year,
            @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize) {
        UsageReportQuery query = UsageReportQuery.of(licenseType, startDate, endDate, month, year,
                Params.integer("page", page), Params.integer("pageSize", pageSize), clock);
        return service.report(caller.current(), query);
    }
}
