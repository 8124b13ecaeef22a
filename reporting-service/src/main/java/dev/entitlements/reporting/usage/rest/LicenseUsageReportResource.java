package dev.entitlements.reporting.usage.rest;

import dev.entitlements.common.query.Params;
import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.common.rest.CsvCells;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.reporting.usage.service.DailyUsage;
import dev.entitlements.reporting.usage.service.UsageReport;
import dev.entitlements.reporting.usage.service.UsageReportQuery;
import dev.entitlements.reporting.usage.service.UsageReportService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /entitlements/licenseUsageReports} (spec E9): JSON, or a CSV download with {@code Accept: text/csv}. */
@Path("/entitlements/licenseUsageReports")
@Tag(name = "Usage reports")
public class LicenseUsageReportResource {

    static final String CSV = "text/csv";

    private final UsageReportService service;
    private final CallerContext caller;
    private final Clock clock;

    public LicenseUsageReportResource(UsageReportService service, CallerContext caller, Clock clock) {
        this.service = service;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, ApiMediaTypes.V1, CSV})
    @RolesAllowed({Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY})
    @Operation(
            operationId = "getUsageReport",
            summary = "Daily license usage of the MSP and its customers for a date range or a month")
    @APIResponse(
            responseCode = "200",
            description =
                    "The report; with Accept: text/csv a CSV file (one line per day, then per customer and device type)",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageReport.class)),
                @Content(
                        mediaType = CSV,
                        schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))
            })
    public Uni<Response> report(
            @QueryParam("licenseType") String licenseType,
            @QueryParam("startDate") String startDate,
            @QueryParam("endDate") String endDate,
            @QueryParam("month") String month,
            @QueryParam("year") String year,
            @Parameter(description = "only this customer of the MSP") @QueryParam("mspEcTenantId") String mspEcTenantId,
            @Parameter(description = "true: devices per type for each day") @QueryParam("deviceDetails")
                    String deviceDetails,
            @QueryParam("page") String page,
            @QueryParam("pageSize") String pageSize,
            @Context HttpHeaders headers) {
        UsageReportQuery query = UsageReportQuery.of(
                licenseType,
                startDate,
                endDate,
                month,
                year,
                Params.integer("page", page),
                Params.integer("pageSize", pageSize),
                mspEcTenantId,
                Params.bool("deviceDetails", deviceDetails),
                clock);
        String type = ApiMediaTypes.negotiate(headers, MediaType.APPLICATION_JSON, ApiMediaTypes.V1, CSV);
        return service.report(caller.current(), query)
                .map(report -> CSV.equals(type)
                        ? Response.ok(csv(report), CSV)
                                .header(
                                        "Content-Disposition",
                                        "attachment; filename=\"license-usage-" + report.licenseType() + "-"
                                                + report.startDate() + "-" + report.endDate() + ".csv\"")
                                .build()
                        : Response.ok(report, type).build());
    }

    /**
     * RFC 4180: a header, a line per day (its total), then per customer and device type when the
     * report has them. Cells through {@link CsvCells}: a customer's name is the customer's to choose.
     */
    static String csv(UsageReport report) {
        StringBuilder out = new StringBuilder("date,tenantId,tenantName,deviceType,usedQuantity,deviceCount\r\n");
        for (DailyUsage d : report.data()) {
            line(out, d.date().toString(), "", "", "", d.usedQuantity(), d.deviceCount());
            if (d.devices() != null && d.customers() == null) {
                d.devices()
                        .forEach(x -> line(
                                out, d.date().toString(), "", "", x.deviceType(), x.usedQuantity(), x.deviceCount()));
            }
            if (d.customers() != null) {
                for (DailyUsage.TenantUsage t : d.customers()) {
                    String name = t.tenantName() == null ? "" : t.tenantName();
                    line(out, d.date().toString(), t.tenantId(), name, "", t.usedQuantity(), t.deviceCount());
                    if (t.devices() != null) {
                        t.devices()
                                .forEach(x -> line(
                                        out,
                                        d.date().toString(),
                                        t.tenantId(),
                                        name,
                                        x.deviceType(),
                                        x.usedQuantity(),
                                        x.deviceCount()));
                    }
                }
            }
        }
        return out.toString();
    }

    private static void line(
            StringBuilder out, String date, String tenant, String name, String device, long used, long devices) {
        out.append(CsvCells.text(date))
                .append(',')
                .append(CsvCells.text(tenant))
                .append(',')
                .append(CsvCells.text(name))
                .append(',')
                .append(CsvCells.text(device))
                .append(',')
                .append(CsvCells.number(used))
                .append(',')
                .append(CsvCells.number(devices))
                .append("\r\n");
    }
}
