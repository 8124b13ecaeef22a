package dev.entitlements.reporting.usage.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.entitlements.common.rest.OpenApiResponseSchemas;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A day of a usage report: the licenses used and devices counted, over the MSP and the customers
 * it manages (or the one customer asked for).
 *
 * @param customers per tenant with a report that day (an MSP with customers, or one customer asked for)
 * @param devices   per device type, when {@code deviceDetails=true}
 */
public record DailyUsage(
        @Schema(examples = "2026-11-02") LocalDate date,
        long usedQuantity,
        long deviceCount,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(extensions = @Extension(name = OpenApiResponseSchemas.OPTIONAL, value = "true"))
        List<TenantUsage> customers,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(extensions = @Extension(name = OpenApiResponseSchemas.OPTIONAL, value = "true"))
        List<DeviceUsage> devices) {

    /** One tenant's part of a day. */
    public record TenantUsage(
            String tenantId,
            @Schema(nullable = true) String tenantName,
            long usedQuantity,
            long deviceCount,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(extensions = @Extension(name = OpenApiResponseSchemas.OPTIONAL, value = "true"))
            List<DeviceUsage> devices) {}

    /** One device type's part of a day. */
    public record DeviceUsage(@Schema(examples = "WIFI") String deviceType, long deviceCount, long usedQuantity) {}
}
