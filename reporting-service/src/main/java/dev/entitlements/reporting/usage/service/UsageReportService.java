package dev.entitlements.reporting.usage.service;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.tenant.TenantDirectory;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import dev.entitlements.reporting.usage.service.DailyUsage.DeviceUsage;
import dev.entitlements.reporting.usage.service.DailyUsage.TenantUsage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daily license-usage report (spec E9, R15; docs/decisions.md Reports): for an MSP, its own
 * devices' use and its customers' (from the tenant directory), day by day, with a per-customer
 * break-down, or one customer's ({@code mspEcTenantId}); devices per type on request.
 */
@ApplicationScoped
public class UsageReportService {

    private final DeviceUsageRepository repository;
    private final TenantDirectory directory;

    public UsageReportService(DeviceUsageRepository repository, TenantDirectory directory) {
        this.repository = repository;
        this.directory = directory;
    }

    /** The report of the caller's tenant. Only MSPs get usage reports (docs/decisions.md). */
    public Uni<UsageReport> report(Caller caller, UsageReportQuery query) {
        if (!caller.isMsp()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.FORBIDDEN, "usage reports are for MSP tenants"));
        }
        return Uni.combine()
                .all()
                .unis(directory.customersOf(caller.tenantId()), directory.find(caller.tenantId()))
                .asTuple()
                .chain(t -> {
                    List<TenantDirectory.Tenant> customers = t.getItem1();
                    Map<String, String> tenants = new LinkedHashMap<>(); // id -> name, the MSP first
                    if (query.mspEcTenantId() == null) {
                        tenants.put(
                                caller.tenantId(),
                                t.getItem2().map(TenantDirectory.Tenant::name).orElse(null));
                        customers.forEach(c -> tenants.put(c.tenantId(), c.name()));
                    } else {
                        TenantDirectory.Tenant one = customers.stream()
                                .filter(c -> c.tenantId().equals(query.mspEcTenantId()))
                                .findFirst()
                                .orElseThrow(() -> new ApiException(
                                        ErrorCode.NOT_FOUND,
                                        "tenant " + query.mspEcTenantId() + " is not a customer of "
                                                + caller.tenantId()));
                        tenants.put(one.tenantId(), one.name());
                    }
                    boolean breakDown = query.mspEcTenantId() != null || !customers.isEmpty();
                    // only the page's days are read
                    LocalDate first = query.from().plusDays(query.offset());
                    LocalDate last =
                            query.from().plusDays(Math.min(query.days(), (long) query.offset() + query.limit()) - 1);
                    if (first.isAfter(query.to()) || last.isBefore(first)) {
                        return Uni.createFrom().item(report(query, List.of()));
                    }
                    return repository
                            .days(tenants.keySet(), Vocabulary.baseLicenseType(query.licenseType()), first, last)
                            .map(rows ->
                                    report(query, days(first, last, rows, tenants, breakDown, query.deviceDetails())));
                });
    }

    private static UsageReport report(UsageReportQuery query, List<DailyUsage> days) {
        return new UsageReport(
                query.licenseType(),
                query.from(),
                query.to(),
                query.page(),
                query.page() == null ? null : query.pageSize(),
                query.days(),
                days);
    }

    /** Every day of [first, last] (a day without a report counts zero), oldest first. */
    static List<DailyUsage> days(
            LocalDate first,
            LocalDate last,
            List<DeviceUsageRepository.Row> rows,
            Map<String, String> tenants,
            boolean breakDown,
            boolean deviceDetails) {
        Map<LocalDate, List<DeviceUsageRepository.Row>> byDay = new HashMap<>();
        rows.forEach(
                r -> byDay.computeIfAbsent(r.date(), d -> new ArrayList<>()).add(r));
        List<DailyUsage> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            List<DeviceUsageRepository.Row> day = byDay.getOrDefault(d, List.of());
            long used = 0;
            long devices = 0;
            Map<String, List<DeviceUsageRepository.Row>> byTenant = new LinkedHashMap<>();
            for (DeviceUsageRepository.Row r : day) {
                used += r.usedQuantity();
                devices += r.deviceCount();
                byTenant.computeIfAbsent(r.tenantId(), t -> new ArrayList<>()).add(r);
            }
            List<TenantUsage> customers = null;
            if (breakDown) {
                customers = new ArrayList<>();
                for (String tenant : tenants.keySet()) { // the MSP first, then its customers by id
                    List<DeviceUsageRepository.Row> mine = byTenant.get(tenant);
                    if (mine != null) {
                        customers.add(new TenantUsage(
                                tenant,
                                tenants.get(tenant),
                                mine.stream()
                                        .mapToLong(DeviceUsageRepository.Row::usedQuantity)
                                        .sum(),
                                mine.stream()
                                        .mapToLong(DeviceUsageRepository.Row::deviceCount)
                                        .sum(),
                                deviceDetails ? devices(mine) : null));
                    }
                }
            }
            days.add(new DailyUsage(d, used, devices, customers, deviceDetails ? devices(day) : null));
        }
        return days;
    }

    private static List<DeviceUsage> devices(List<DeviceUsageRepository.Row> rows) {
        Map<String, long[]> byType = new TreeMap<>();
        for (DeviceUsageRepository.Row r : rows) {
            long[] v = byType.computeIfAbsent(r.deviceType(), k -> new long[2]);
            v[0] += r.deviceCount();
            v[1] += r.usedQuantity();
        }
        return byType.entrySet().stream()
                .map(e -> new DeviceUsage(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .toList();
    }
}
