package dev.entitlements.reporting.compliance.service;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One license type of {@code POST /entitlements/compliances/query} (spec §2.5): the caller's own
 * account ({@code self}, always there) and, for an MSP with customers, their summary.
 */
public record Compliance(
        @Schema(examples = "APSW") String licenseType,
        Data self,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "only for an MSP with customers") Data mspEcSummary) {

    /** ComplianceData (spec §2.5), plus the status and, in a summary, the customers out of line. */
    public record Data(
            @Schema(examples = "APSW") String licenseType,
            @Schema(description = "the tenant; in a summary the MSP") String tenantId,
            String tenantName,
            List<DeviceCompliance> deviceCompliances,
            long totalActivePaidLicenseCount,
            long totalActiveTrialLicenseCount,
            LocalDate nextPaidExpirationDate,
            long nextTotalPaidExpiringLicenseCount,
            LocalDate nextTrialExpirationDate,
            long nextTotalTrialExpiringLicenseCount,
            @Schema(description = "of the active licenses, those received by assignment") long totalActivePaidAssignedLicenseCount,
            long totalActiveTrialAssignedLicenseCount,
            long licensesUsed,
            @Schema(description = "active licenses - licenses used; negative = shortfall") long licenseGap,
            @Schema(enumeration = { "OVER_USED", "UNDERUTILIZED", "COMPLIANT" }) String complianceStatus,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "summary only: customers using more than they hold")
            List<TenantStatus> overUsedTenants,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "summary only: customers using less than the configured share")
            List<TenantStatus> underutilizedTenants) {
    }

    public record DeviceCompliance(@Schema(examples = "WIFI") String deviceType, long installedDeviceCount, long usedLicenseCount) {
    }

    public record TenantStatus(String tenantId, String tenantName, long licenseGap, String complianceStatus) {
    }
}
