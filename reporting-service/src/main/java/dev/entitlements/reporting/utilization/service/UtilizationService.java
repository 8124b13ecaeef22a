package dev.entitlements.reporting.utilization.service;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.tenant.TenantDirectory;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository.Holding;
import dev.entitlements.reporting.licenses.service.LicenseTimeline;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Kind;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Utilization summaries (spec E1, §2.4; docs/decisions.md, Reports): for each license type and trial
 * flag, what the tenant holds for itself (SELF: bought, courtesy, received by assignment; used = its
 * devices' latest reported usage) and, for an MSP, what its pools hold (ASSIGNED: used = assigned to
 * customers and to itself). Computed at read time from the time lines, so expiry needs no event.
 */
@ApplicationScoped
public class UtilizationService {

    /** The filters E1 takes, validated like every query's. */
    static final QueryDefinition FILTERS = QueryDefinition.builder("utilization")
            .fields("licenseType")
            .sortFields("licenseType")
            .filter("licenseType", Vocabulary.LICENSE_TYPES)
            .filter("isTrial", FilterType.BOOLEAN)
            .filter("status", Vocabulary.VALIDITY_STATUSES)
            .filter("isAssignedLicense", FilterType.BOOLEAN)
            .filter("usageType", Vocabulary.USAGE_TYPES)
            .build();

    /** An MSP's pools and what it assigned out of them: the ASSIGNED view. */
    private static final Set<Kind> POOL_SIDE = java.util.EnumSet.of(Kind.POOL, Kind.POOL_COURTESY, Kind.ASSIGNED);

    private final LicenseTimelineRepository timeline;
    private final DeviceUsageRepository usage;
    private final TenantDirectory directory;
    private final Clock clock;

    public UtilizationService(
            LicenseTimelineRepository timeline, DeviceUsageRepository usage, TenantDirectory directory, Clock clock) {
        this.timeline = timeline;
        this.usage = usage;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * @param alwaysTrial v1: every license type listed has its trial entry; v1.1 drops it when the
     *                    tenant has no valid and no used trial licenses of the type (R11)
     */
    public Uni<List<Utilization>> utilizations(Caller caller, UtilizationRequest request, boolean alwaysTrial) {
        ValidatedQuery q = FILTERS.validate(new QueryRequest(
                null,
                request == null ? null : request.page(),
                request == null ? null : request.pageSize(),
                null,
                null,
                null,
                request == null ? null : request.filters(),
                null));
        boolean paged = request != null && request.page() != null;
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // a customer's received licenses are its own whatever isAssignedLicense says: the filter narrows only an MSP's
        // view
        boolean msp = caller.isMsp();
        return Uni.combine()
                .all()
                .unis(timeline.holdings(caller.tenantId(), now), usage.current(caller.tenantId(), today))
                .asTuple()
                .chain(t -> {
                    List<Utilization> items = items(t.getItem1(), t.getItem2(), q, alwaysTrial, msp);
                    List<Utilization> answer = paged
                            ? items.subList(
                                    Math.min(items.size(), q.offset()),
                                    Math.min(items.size(), q.offset() + q.pageSize()))
                            : items;
                    if (!t.getItem1().isEmpty() || !t.getItem2().isEmpty()) {
                        return Uni.createFrom().item(answer);
                    }
                    return knownWithoutLicenses(caller).map(known -> {
                        if (!known) {
                            throw new ApiException(
                                    ErrorCode.NO_ENTITLEMENT_ACCOUNT,
                                    "tenant " + caller.tenantId()
                                            + " has no licenses, no reported usage and no MSP yet");
                        }
                        return answer;
                    });
                });
    }

    /**
     * Whether a tenant with no time line and no usage still has an entitlement account: a customer
     * some MSP manages (an MSP acting for it proved that already) is known before it holds a license;
     * 417 is left for a tenant neither the licensing system nor any MSP knows.
     */
    private Uni<Boolean> knownWithoutLicenses(Caller caller) {
        return caller.isDelegated() ? Uni.createFrom().item(true) : directory.isManaged(caller.tenantId());
    }

    /** Quantities per kind of one license type and trial flag. */
    private record Bucket(Map<Kind, Long> counted, Map<Kind, Long> valid) {
        Bucket() {
            this(new EnumMap<>(Kind.class), new EnumMap<>(Kind.class));
        }

        long counted(Kind k) {
            return counted.getOrDefault(k, 0L);
        }

        long valid(Set<Kind> kinds) {
            long sum = 0;
            for (Kind k : kinds) {
                sum += valid.getOrDefault(k, 0L);
            }
            return sum;
        }

        boolean has(Set<Kind> kinds) {
            for (Kind k : kinds) {
                if (valid.containsKey(k)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param msp whether the tenant is an MSP: only then does {@code isAssignedLicense} narrow the
     *            view (true: only the ASSIGNED items, what it assigned out of its pools; false or
     *            absent: every item). A customer's received licenses always count as its own.
     */
    static List<Utilization> items(
            List<Holding> holdings,
            Map<String, DeviceUsageRepository.Current> used,
            ValidatedQuery q,
            boolean alwaysTrial,
            boolean msp) {
        Set<String> statuses = q.strings().getOrDefault("status", Set.of("VALID"));
        // license type -> [paid, trial]
        Map<String, Bucket[]> byType = new TreeMap<>(Vocabulary.LICENSE_TYPE_ORDER);
        for (Holding h : holdings) {
            Bucket b = byType.computeIfAbsent(h.licenseType(), k -> new Bucket[] {new Bucket(), new Bucket()})[
                    h.trial() ? 1 : 0];
            long counted = (statuses.contains("VALID") ? h.valid() : 0)
                    + (statuses.contains("FUTURE") ? h.future() : 0)
                    + (statuses.contains("EXPIRED") ? h.expired() : 0);
            b.counted().merge(h.kind(), counted, Long::sum);
            b.valid().merge(h.kind(), h.valid(), Long::sum);
        }
        for (String licenseType : used.keySet()) {
            byType.computeIfAbsent(licenseType, k -> new Bucket[] {new Bucket(), new Bucket()});
        }
        boolean assignedOutOnly = msp && Boolean.TRUE.equals(q.booleans().get("isAssignedLicense"));
        Set<String> usageTypes = q.strings().getOrDefault("usageType", Set.of("SELF", "ASSIGNED"));
        Set<String> licenseTypes = q.strings().get("licenseType");
        Boolean trialFilter = q.booleans().get("isTrial");

        List<Utilization> self = new ArrayList<>();
        List<Utilization> assigned = new ArrayList<>();
        for (Map.Entry<String, Bucket[]> e : byType.entrySet()) {
            String type = e.getKey();
            if (licenseTypes != null && !licenseTypes.contains(type)) {
                continue;
            }
            Bucket paid = e.getValue()[0];
            Bucket trial = e.getValue()[1];
            long[] selfUse = LicenseTimeline.splitUse(
                    used.containsKey(type) ? used.get(type).usedQuantity() : 0,
                    paid.valid(LicenseTimeline.HELD),
                    trial.valid(LicenseTimeline.HELD));
            boolean selfListed =
                    used.containsKey(type) || paid.has(LicenseTimeline.HELD) || trial.has(LicenseTimeline.HELD);
            boolean poolListed = paid.has(POOL_SIDE) || trial.has(POOL_SIDE);
            for (int i = 0; i < 2; i++) {
                boolean isTrial = i == 1;
                if (trialFilter != null && trialFilter != isTrial) {
                    continue;
                }
                Bucket b = e.getValue()[i];
                if (selfListed
                        && usageTypes.contains("SELF")
                        && !assignedOutOnly
                        && (!isTrial || alwaysTrial || b.valid(LicenseTimeline.HELD) > 0 || selfUse[1] > 0)) {
                    long received = b.counted(Kind.RECEIVED);
                    self.add(Utilization.of(
                            type,
                            isTrial,
                            "SELF",
                            b.counted(Kind.OWN),
                            b.counted(Kind.OWN_COURTESY),
                            received,
                            selfUse[i],
                            0,
                            received));
                }
                if (poolListed
                        && usageTypes.contains("ASSIGNED")
                        && (!isTrial || alwaysTrial || b.valid(POOL_SIDE) > 0)) {
                    long out = b.counted(Kind.ASSIGNED);
                    assigned.add(Utilization.of(
                            type,
                            isTrial,
                            "ASSIGNED",
                            b.counted(Kind.POOL),
                            b.counted(Kind.POOL_COURTESY),
                            0,
                            out,
                            b.counted(Kind.SELF_ASSIGNED),
                            out));
                }
            }
        }
        self.addAll(assigned);
        return self;
    }
}
