package dev.entitlements.reporting.usage.service;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The daily license-usage report ({@code GET /entitlements/licenseUsageReports}).
 *
 * @param page       the page returned, or null when all days were asked for
 * @param totalCount the number of days in the range
 */
public record UsageReport(
        @Schema(examples = "APSW") String licenseType,
        LocalDate startDate,
        LocalDate endDate,

        @Schema(nullable = true, description = "null when all days were asked for")
        Integer page,

        @Schema(nullable = true, description = "null when all days were asked for")
        Integer pageSize,

        long totalCount,
        List<DailyUsage> data) {}
