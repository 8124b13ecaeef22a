package dev.entitlements.reporting.compliance.service;

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
import jakarta.enterprise.context.ApplicationScoped;
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

/**
 * Compliance (spec E4, §2.5; docs/decisions.md, Reports): per license type, the licenses a tenant holds
 * against what its devices use, its next expirations and the gap; for an MSP, the same summed over
 * the customers it manages, with the ones over-used or under-used named.
 */
@ApplicationScoped
public class ComplianceService {

    static final QueryDefinition FILTERS = QueryDefinition.builder("compliance")
            .fields("licenseType")
            .sortFields("licenseType")
            .filter("licenseType", Vocabulary.LICENSE_TYPES)
            .filter("complianceType", List.of("SELF", "MSP_SUMMARY"))
            .build();

    /**
     * What an MSP bought from the licensing system: its pools and any licenses it bought for itself
     * outside them (courtesy included). Received licenses are left out: they came out of a pool.
     */
    private static final Set<Kind> BOUGHT = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(Kind.POOL, Kind.POOL_COURTESY, Kind.OWN, Kind.OWN_COURTESY));

    private final LicenseTimelineRepository timeline;
    private final DeviceUsageRepository usage;
    private final TenantDirectory directory;
    private final ReportingConfig config;
    private final Clock clock;

    public ComplianceService(
            LicenseTimelineRepository timeline,
            DeviceUsageRepository usage,
            TenantDirectory directory,
            ReportingConfig config,
            Clock clock) {
        this.timeline = timeline;
        this.usage = usage;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    /**
     * {@code self} for every tenant; {@code mspEcSummary} too for an MSP-kind tenant (customers or
     * not) unless {@code complianceType} is only {@code SELF}. A customer (or an MSP acting for one)
     * gets only {@code self}: the licenses it holds, received ones included, against its devices.
     */
    public Uni<List<Compliance>> compliances(Caller caller, ComplianceRequest request) {
        ValidatedQuery q = FILTERS.validate(
                new QueryRequest(null, null, null, null, null, null, request == null ? null : request.filters(), null));
        Set<String> asked = q.strings().get("complianceType");
        boolean summary = caller.isMsp() && (asked == null || asked.isEmpty() || asked.contains("MSP_SUMMARY"));
        Set<String> types = q.strings().get("licenseType");
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String me = caller.tenantId();
        Uni<List<TenantDirectory.Tenant>> customers =
                summary ? directory.customersOf(me) : Uni.createFrom().item(List.of());
        return Uni.combine().all().unis(customers, directory.find(me)).asTuple().chain(t -> {
            List<TenantDirectory.Tenant> managed = t.getItem1();
            Map<String, String> names = new HashMap<>();
            managed.forEach(c -> names.put(c.tenantId(), c.name()));
            t.getItem2().ifPresent(self -> names.put(self.tenantId(), self.name()));
            List<String> tenants = new ArrayList<>();
            tenants.add(me);
            managed.forEach(c -> tenants.add(c.tenantId()));
            int days = config.compliance().underutilizedDays();
            Uni<List<Expiry>> poolExpiries = summary
                    ? timeline.nextExpiries(List.of(me), BOUGHT, now)
                    : Uni.createFrom().item(List.of());
            return Uni.combine()
                    .all()
                    .unis(
                            timeline.holdings(tenants, now),
                            timeline.nextExpiries(tenants, LicenseTimeline.HELD, now),
                            poolExpiries,
                            usage.latest(tenants, today),
                            usage.peak(tenants, today, days))
                    .asTuple()
                    .map(f -> {
                        Facts facts = new Facts(f.getItem1(), f.getItem2(), f.getItem3(), f.getItem4(), f.getItem5());
                        List<String> customerIds = managed.stream()
                                .map(TenantDirectory.Tenant::tenantId)
                                .toList();
                        List<Compliance> result = new ArrayList<>();
                        for (String type : facts.licenseTypes()) {
                            if (types != null && !types.contains(type)) {
                                continue;
                            }
                            Data self = self(type, me, names.get(me), facts);
                            Data ec = summary ? mspWide(type, me, names.get(me), customerIds, facts, names) : null;
                            result.add(new Compliance(type, self, ec));
                        }
                        return result;
                    });
        });
    }

    /**
     * What was read for the tenants, indexed.
     *
     * @param expiries     next expiries of the licenses each tenant holds for itself
     * @param poolExpiries next expiries of what the MSP bought (only for a summary)
     */
    private record Facts(
            List<Holding> holdings,
            List<Expiry> expiries,
            List<Expiry> poolExpiries,
            List<Devices> devices,
            Map<List<String>, Long> peaks) {

        /** License types the tenants (the caller and its customers) hold, held, have in a pool or use, in the vocabulary's order. */
        Set<String> licenseTypes() {
            Set<String> mine = new TreeSet<>(Vocabulary.LICENSE_TYPE_ORDER);
            holdings.stream().filter(h -> h.kind() != Kind.SELF_ASSIGNED).forEach(h -> mine.add(h.licenseType()));
            devices.forEach(d -> mine.add(d.licenseType()));
            return mine;
        }

        /** Valid licenses of these kinds a tenant has of one license type: [paid, trial]. */
        long[] valid(String tenant, String type, Set<Kind> kinds) {
            long[] v = new long[2];
            for (Holding h : holdings) {
                if (h.tenantId().equals(tenant) && h.licenseType().equals(type) && kinds.contains(h.kind())) {
                    v[h.trial() ? 1 : 0] += h.valid();
                }
            }
            return v;
        }

        /** The licenses a tenant's devices use today of one license type. */
        long used(String tenant, String type) {
            long used = 0;
            for (Devices d : devices) {
                if (d.tenantId().equals(tenant) && d.licenseType().equals(type)) {
                    used += d.usedQuantity();
                }
            }
            return used;
        }

        long peak(String tenant, String type) {
            return peaks.getOrDefault(List.of(tenant, type), 0L);
        }

        /** The latest day's devices of these tenants by device type, summed. */
        List<DeviceCompliance> devices(Set<String> tenants, String type) {
            Map<String, long[]> byDevice = new TreeMap<>();
            for (Devices d : devices) {
                if (tenants.contains(d.tenantId()) && d.licenseType().equals(type)) {
                    long[] dv = byDevice.computeIfAbsent(d.deviceType(), k -> new long[2]);
                    dv[0] += d.deviceCount();
                    dv[1] += d.usedQuantity();
                }
            }
            return byDevice.entrySet().stream()
                    .map(d -> new DeviceCompliance(d.getKey(), d.getValue()[0], d.getValue()[1]))
                    .toList();
        }
    }

    /**
     * A tenant's own account: the licenses it holds for itself (bought for itself and received by
     * assignment; for an MSP, those it assigned to itself) against its own devices.
     */
    private Data self(String type, String tenantId, String tenantName, Facts facts) {
        long[] held = facts.valid(tenantId, type, LicenseTimeline.HELD);
        long[] received = facts.valid(tenantId, type, Set.of(Kind.RECEIVED));
        long used = facts.used(tenantId, type);
        long active = held[0] + held[1];
        Expiry paid = next(facts.expiries(), Set.of(tenantId), type, false);
        Expiry trial = next(facts.expiries(), Set.of(tenantId), type, true);
        return new Data(
                type,
                tenantId,
                tenantName,
                facts.devices(Set.of(tenantId), type),
                held[0],
                held[1],
                paid == null ? null : paid.day(),
                paid == null ? 0 : paid.quantity(),
                trial == null ? null : trial.day(),
                trial == null ? 0 : trial.quantity(),
                received[0],
                received[1],
                used,
                active - used,
                status(active, used, facts.peak(tenantId, type)),
                null,
                null);
    }

    /**
     * The MSP-wide view (how the live API answers it): everything the MSP bought against the devices
     * of the MSP and of every customer it manages; the assigned counts are what it assigned out of
     * its pools (to itself included); the customers out of line are named, each by its own account.
     */
    private Data mspWide(
            String type, String mspId, String mspName, List<String> customers, Facts facts, Map<String, String> names) {
        long[] bought = facts.valid(mspId, type, BOUGHT);
        long[] assignedOut = facts.valid(mspId, type, Set.of(Kind.ASSIGNED));
        Set<String> everyone = new java.util.HashSet<>(customers);
        everyone.add(mspId);
        long used = 0;
        long peak = 0;
        for (String t : everyone) {
            used += facts.used(t, type);
            peak += facts.peak(t, type);
        }
        List<TenantStatus> over = new ArrayList<>();
        List<TenantStatus> under = new ArrayList<>();
        for (String c : customers) {
            long[] held = facts.valid(c, type, LicenseTimeline.HELD);
            long cUsed = facts.used(c, type);
            String status = status(held[0] + held[1], cUsed, facts.peak(c, type));
            if (!status.equals("COMPLIANT")) {
                (status.equals("OVER_USED") ? over : under)
                        .add(new TenantStatus(c, names.get(c), held[0] + held[1] - cUsed, status));
            }
        }
        long active = bought[0] + bought[1];
        Expiry paid = next(facts.poolExpiries(), Set.of(mspId), type, false);
        Expiry trial = next(facts.poolExpiries(), Set.of(mspId), type, true);
        return new Data(
                type,
                mspId,
                mspName,
                facts.devices(everyone, type),
                bought[0],
                bought[1],
                paid == null ? null : paid.day(),
                paid == null ? 0 : paid.quantity(),
                trial == null ? null : trial.day(),
                trial == null ? 0 : trial.quantity(),
                assignedOut[0],
                assignedOut[1],
                used,
                active - used,
                status(active, used, peak),
                over,
                under);
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
