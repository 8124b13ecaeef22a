package dev.entitlements.reporting.compliance.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.tenant.TenantDirectory;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.reporting.compliance.service.Compliance.Data;
import dev.entitlements.reporting.compliance.service.Compliance.DeviceCompliance;
import dev.entitlements.reporting.compliance.service.Compliance.TenantStatus;
import dev.entitlements.reporting.config.ReportingConfig;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository.Expiry;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository.Holding;
import dev.entitlements.reporting.licenses.service.LicenseTimeline;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Kind;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository.Devices;
import io.smallrye.mutiny.Uni;

/**
 * Compliance (spec E4, §2.5; DECISIONS.md, Reports): per license type, the licenses a tenant holds
 * against what its devices use, its next expirations and the gap; for an MSP, the same summed over
 * the customers it manages, with the ones over-used or under-used named.
 */
@ApplicationScoped
public class ComplianceService {

    /** A tenant's own licenses: bought for itself (courtesy included) and received by assignment. */

    static final QueryDefinition FILTERS = QueryDefinition.builder("compliance")
            .fields("licenseType").sortFields("licenseType")
            .filter("licenseType", Vocabulary.LICENSE_TYPES)
            .filter("complianceType", List.of("SELF", "MSP_SUMMARY"))
            .build();

    private final LicenseTimelineRepository timeline;
    private final DeviceUsageRepository usage;
    private final TenantDirectory directory;
    private final ReportingConfig config;
    private final Clock clock;

    public ComplianceService(LicenseTimelineRepository timeline, DeviceUsageRepository usage, TenantDirectory directory,
            ReportingConfig config, Clock clock) {
        this.timeline = timeline;
        this.usage = usage;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    public Uni<List<Compliance>> compliances(Caller caller, ComplianceRequest request) {
        ValidatedQuery q = FILTERS.validate(new QueryRequest(null, null, null, null, null, null, request == null ? null : request.filters(),
                null));
        boolean summary = !q.strings().getOrDefault("complianceType", Set.of("MSP_SUMMARY")).equals(Set.of("SELF")) && caller.isMsp();
        Set<String> types = q.strings().get("licenseType");
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Uni<List<TenantDirectory.Tenant>> customers = summary ? directory.customersOf(caller.tenantId()) : Uni.createFrom().item(List.of());
        Uni<java.util.Optional<TenantDirectory.Tenant>> me = directory.find(caller.tenantId());
        return Uni.combine().all().unis(customers, me).asTuple().chain(t -> {
            List<TenantDirectory.Tenant> managed = t.getItem1();
            Map<String, String> names = new HashMap<>();
            managed.forEach(c -> names.put(c.tenantId(), c.name()));
            t.getItem2().ifPresent(self -> names.put(self.tenantId(), self.name()));
            List<String> tenants = new ArrayList<>();
            tenants.add(caller.tenantId());
            managed.forEach(c -> tenants.add(c.tenantId()));
            int days = config.compliance().underutilizedDays();
            return Uni.combine().all().unis(timeline.holdings(tenants, now), timeline.nextExpiries(tenants, LicenseTimeline.HELD, now),
                    usage.latest(tenants, today), usage.peak(tenants, today, days)).asTuple()
                    .map(f -> {
                        Facts facts = new Facts(f.getItem1(), f.getItem2(), f.getItem3(), f.getItem4());
                        List<Compliance> result = new ArrayList<>();
                        for (String type : facts.licenseTypes()) {
                            if (types != null && !types.contains(type)) {
                                continue;
                            }
                            Data self = data(type, caller.tenantId(), names.get(caller.tenantId()), List.of(caller.tenantId()), facts, false, names);
                            Data ec = managed.isEmpty() ? null
                                    : data(type, caller.tenantId(), null, managed.stream().map(TenantDirectory.Tenant::tenantId).toList(), facts,
                                            true, names);
                            result.add(new Compliance(type, self, ec));
                        }
                        return result;
                    });
        });
    }

    /** What was read for the tenants, indexed. */
    private record Facts(List<Holding> holdings, List<Expiry> expiries, List<Devices> devices, Map<List<String>, Long> peaks) {

        /** License types the tenants (the caller and its customers) hold, held or use, in the vocabulary's order. */
        Set<String> licenseTypes() {
            Set<String> mine = new TreeSet<>(Vocabulary.LICENSE_TYPE_ORDER);
            holdings.stream().filter(h -> LicenseTimeline.HELD.contains(h.kind())).forEach(h -> mine.add(h.licenseType()));
            devices.forEach(d -> mine.add(d.licenseType()));
            return mine;
        }
    }

    /** The figures of one license type over {@code tenants} (one: a tenant's own; several: a summary). */
    private Data data(String type, String tenantId, String tenantName, List<String> tenants, Facts facts, boolean summary,
            Map<String, String> names) {
        Set<String> in = new java.util.HashSet<>(tenants);
        Map<String, long[]> perTenant = new TreeMap<>(); // paid, trial, paid received, trial received, used
        for (String t : tenants) {
            perTenant.put(t, new long[5]);
        }
        for (Holding h : facts.holdings()) {
            if (in.contains(h.tenantId()) && h.licenseType().equals(type) && LicenseTimeline.HELD.contains(h.kind())) {
                long[] v = perTenant.get(h.tenantId());
                v[h.trial() ? 1 : 0] += h.valid();
                if (h.kind() == Kind.RECEIVED) {
                    v[h.trial() ? 3 : 2] += h.valid();
                }
            }
        }
        Map<String, long[]> byDevice = new TreeMap<>();
        for (Devices d : facts.devices()) {
            if (in.contains(d.tenantId()) && d.licenseType().equals(type)) {
                perTenant.get(d.tenantId())[4] += d.usedQuantity();
                long[] dv = byDevice.computeIfAbsent(d.deviceType(), k -> new long[2]);
                dv[0] += d.deviceCount();
                dv[1] += d.usedQuantity();
            }
        }
        long[] total = new long[5];
        List<TenantStatus> over = new ArrayList<>();
        List<TenantStatus> under = new ArrayList<>();
        for (Map.Entry<String, long[]> e : perTenant.entrySet()) {
            long[] v = e.getValue();
            for (int i = 0; i < 5; i++) {
                total[i] += v[i];
            }
            String status = status(v[0] + v[1], v[4], facts.peaks().getOrDefault(List.of(e.getKey(), type), 0L));
            if (!status.equals("COMPLIANT")) {
                (status.equals("OVER_USED") ? over : under).add(new TenantStatus(e.getKey(), names.get(e.getKey()), v[0] + v[1] - v[4], status));
            }
        }
        long peak = 0;
        for (String t : tenants) {
            peak += facts.peaks().getOrDefault(List.of(t, type), 0L);
        }
        Expiry paid = next(facts.expiries(), in, type, false);
        Expiry trial = next(facts.expiries(), in, type, true);
        List<DeviceCompliance> devices = byDevice.entrySet().stream()
                .map(d -> new DeviceCompliance(d.getKey(), d.getValue()[0], d.getValue()[1])).toList();
        long active = total[0] + total[1];
        return new Data(type, tenantId, tenantName, devices, total[0], total[1], paid == null ? null : paid.day(),
                paid == null ? 0 : paid.quantity(), trial == null ? null : trial.day(), trial == null ? 0 : trial.quantity(), total[2], total[3],
                total[4], active - total[4], status(active, total[4], peak), summary ? over : null, summary ? under : null);
    }

    /** OVER_USED: more used than held; UNDERUTILIZED: the window's busiest day below the share of what is held. */
    private String status(long active, long used, long peak) {
        if (active - used < 0) {
            return "OVER_USED";
        }
        if (active > 0 && peak < config.compliance().underutilizedShare() * active) {
            return "UNDERUTILIZED";
        }
        return "COMPLIANT";
    }

    /** The earliest next expiry among the tenants, with every tenant's licenses expiring that day. */
    private static Expiry next(List<Expiry> expiries, Set<String> tenants, String type, boolean trial) {
        LocalDate first = null;
        long quantity = 0;
        for (Expiry e : expiries) {
            if (!tenants.contains(e.tenantId()) || !e.licenseType().equals(type) || e.trial() != trial) {
                continue;
            }
            if (first == null || e.day().isBefore(first)) {
                first = e.day();
                quantity = e.quantity();
            } else if (e.day().equals(first)) {
                quantity += e.quantity();
            }
        }
        return first == null ? null : new Expiry(null, type, trial, first, quantity);
    }
}
