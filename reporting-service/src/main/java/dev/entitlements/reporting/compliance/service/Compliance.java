package dev.entitlements.reporting.compliance.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.entitlements.common.rest.OpenApiResponseSchemas;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One license type of {@code POST /entitlements/compliances/query} (spec §2.5): the caller's own
 * account ({@code self}, always there) and, for an MSP-kind tenant, the MSP-wide view
 * ({@code mspEcSummary}: everything it bought against the devices of the MSP and all its customers).
 */
public record Compliance(
        @Schema(examples = "APSW") String licenseType,
        Data self,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                extensions = @Extension(name = OpenApiResponseSchemas.OPTIONAL, value = "true"),
                description =
                        "every MSP-kind tenant, customers or not (unless complianceType is SELF): its whole active pool against the devices of the MSP and all its customers; absent for a customer")
        Data mspEcSummary) {

    /** ComplianceData (spec §2.5), plus the status and, in a summary, the customers out of line. */
    @Schema(name = "ComplianceData")
    public record Data(
            @Schema(examples = "APSW") String licenseType,

            @Schema(description = "the tenant; in a summary the MSP")
            String tenantId,

            @Schema(nullable = true, examples = "Demo MSP") String tenantName,
            List<DeviceCompliance> deviceCompliances,
            long totalActivePaidLicenseCount,
            long totalActiveTrialLicenseCount,

            @Schema(nullable = true, description = "null when no paid license is active")
            LocalDate nextPaidExpirationDate,

            long nextTotalPaidExpiringLicenseCount,

            @Schema(nullable = true, description = "null when no trial license is active")
            LocalDate nextTrialExpirationDate,

            long nextTotalTrialExpiringLicenseCount,

            @Schema(
                    description =
                            "self: of the active licenses, those received by assignment (an MSP: assigned to itself); mspEcSummary: assigned out of the pool")
            long totalActivePaidAssignedLicenseCount,

            long totalActiveTrialAssignedLicenseCount,
            long licensesUsed,

            @Schema(description = "active licenses - licenses used; negative = shortfall")
            long licenseGap,

            @Schema(enumeration = {"OVER_USED", "UNDERUTILIZED", "COMPLIANT"})
            String complianceStatus,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(
                    extensions = @Extension(name = OpenApiResponseSchemas.OPTIONAL, value = "true"),
                    description = "summary only: customers using more than they hold")
            List<TenantStatus> overUsedTenants,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(
                    extensions = @Extension(name = OpenApiResponseSchemas.OPTIONAL, value = "true"),
                    description = "summary only: customers using less than the configured share")
            List<TenantStatus> underutilizedTenants) {}

    public record DeviceCompliance(
            @Schema(examples = "WIFI") String deviceType, long installedDeviceCount, long usedLicenseCount) {}

    public record TenantStatus(
            String tenantId, @Schema(nullable = true) String tenantName, long licenseGap, String complianceStatus) {}
}
