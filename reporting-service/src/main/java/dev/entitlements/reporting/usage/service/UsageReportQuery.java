package dev.entitlements.reporting.usage.service;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.time.Dates;
import dev.entitlements.contract.error.ErrorCode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The validated parameters of a usage report (spec E9, R15; docs/decisions.md Reports): {@code month}
 * with {@code year} win over {@code startDate}/{@code endDate}; the default range is the previous
 * calendar month; {@code page} missing or 0 returns every day, else {@code pageSize} (default 5)
 * days per page.
 */
public record UsageReportQuery(
        String licenseType,
        LocalDate from,
        LocalDate to,
        Integer page,
        int pageSize,
        String mspEcTenantId,
        boolean deviceDetails) {

    public static final List<String> LICENSE_TYPES = dev.entitlements.contract.Vocabulary.USAGE_REPORT_LICENSE_TYPES;
    static final int DEFAULT_PAGE_SIZE = 5;
    static final int MAX_PAGE_SIZE = 1000;
    static final long MAX_DAYS = 366;

    public static UsageReportQuery of(
            String licenseType,
            String startDate,
            String endDate,
            String month,
            String year,
            Integer page,
            Integer pageSize,
            String mspEcTenantId,
            Boolean deviceDetails,
            Clock clock) {
        String type = licenseType == null ? "MSP_APSW" : licenseType.trim().toUpperCase(Locale.ROOT);
        if (!LICENSE_TYPES.contains(type)) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE, "'licenseType' cannot be " + licenseType, "one of " + LICENSE_TYPES);
        }
        LocalDate from;
        LocalDate to;
        if (month != null || year != null) {
            YearMonth ym = yearMonth(month, year);
            from = ym.atDay(1);
            to = ym.atEndOfMonth();
        } else if (startDate != null || endDate != null) {
            YearMonth previous = YearMonth.now(clock).minusMonths(1);
            from = startDate == null ? previous.atDay(1) : Dates.parseDate("startDate", startDate);
            to = endDate == null ? previous.atEndOfMonth() : Dates.parseDate("endDate", endDate);
        } else {
            YearMonth previous = YearMonth.now(clock).minusMonths(1);
            from = previous.atDay(1);
            to = previous.atEndOfMonth();
        }
        if (to.isBefore(from)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "'endDate' " + to + " is before 'startDate' " + from);
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "the range may cover at most " + MAX_DAYS + " days",
                    "ask for a shorter range or one month at a time");
        }
        if (page != null && page < 0) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE, "'page' cannot be " + page, "0 or missing for all days, else 1 or more");
        }
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE, "'pageSize' cannot be " + pageSize, "1 to " + MAX_PAGE_SIZE);
        }
        return new UsageReportQuery(
                type,
                from,
                to,
                page == null || page == 0 ? null : page,
                size,
                mspEcTenantId == null || mspEcTenantId.isBlank() ? null : mspEcTenantId.trim(),
                Boolean.TRUE.equals(deviceDetails));
    }

    private static YearMonth yearMonth(String month, String year) {
        if (month == null || year == null) {
            throw new ApiException(
                    ErrorCode.MISSING_VALUE, "'month' and 'year' go together", "give both, e.g. month=01&year=2024");
        }
        try {
            int m = Integer.parseInt(month.trim());
            int y = Integer.parseInt(year.trim());
            if (m < 1 || m > 12 || year.trim().length() != 4) {
                throw new NumberFormatException();
            }
            return YearMonth.of(y, m);
        } catch (NumberFormatException e) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE, "'month'/'year' cannot be " + month + "/" + year, "month MM, year YYYY");
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    public int offset() {
        return page == null ? 0 : (page - 1) * pageSize;
    }

    public int limit() {
        return page == null ? (int) days() : pageSize;
    }
}
