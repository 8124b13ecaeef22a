package dev.entitlements.reporting.usage.service;

import java.time.LocalDate;
import java.util.List;

/**
 * The daily license-usage report ({@code GET /entitlements/licenseUsageReports}).
 *
 * @param page       the page returned, or null when all days were asked for
 * @param totalCount the number of days in the range
 */
public record UsageReport(
        String licenseType,
        LocalDate startDate,
        LocalDate endDate,
        Integer page,
        Integer pageSize,
        long totalCount,
        List<DailyUsage> data) {
}
