package dev.entitlements.reporting.utilization.service;

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

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository.Holding;
import dev.entitlements.reporting.licenses.service.LicenseTimeline;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Kind;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import io.smallrye.mutiny.Uni;

/**
 * Utilization summaries (spec E1, §2.4; DECISIONS.md, Reports): for each license type and trial
 * flag, what the tenant holds for itself (SELF: bought, courtesy, received by assignment; used = its
 * devices' latest reported usage) and, for an MSP, what its pools hold (ASSIGNED: used = assigned to
 * customers and to itself). Computed at read time from the time lines, so expiry needs no event.
 */
@ApplicationScoped
public class UtilizationService {

    /** The filters E1 takes, validated like every query's. */
    static final QueryDefinition FILTERS = QueryDefinition.builder("utilization")
            .fields("licenseType").sortFields("licenseType")
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
    private final Clock clock;

    public UtilizationService(LicenseTimelineRepository timeline, DeviceUsageRepository usage, Clock clock) {
        this.timeline = timeline;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * @param alwaysTrial v1: every license type listed has its trial entry; v1.1 drops it when the
     *                    tenant has no valid and no used trial licenses of the type (R11)
     */
    public Uni<List<Utilization>> utilizations(Caller caller, UtilizationRequest request, boolean alwaysTrial) {
        ValidatedQuery q = FILTERS.validate(new QueryRequest(null, request == null ? null : request.page(),
                request == null ? null : request.pageSize(), null, null, null, request == null ? null : request.filters(), null));
        boolean paged = request != null && request.page() != null;
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return Uni.combine().all().unis(timeline.holdings(caller.tenantId(), now), usage.current(caller.tenantId(), today)).asTuple()
                .map(t -> {
                    if (t.getItem1().isEmpty() && t.getItem2().isEmpty()) {
                        throw new ApiException(ErrorCode.NO_ENTITLEMENT_ACCOUNT, "tenant " + caller.tenantId()
                                + " has no licenses and no reported usage yet");
                    }
                    List<Utilization> items = items(t.getItem1(), t.getItem2(), q, alwaysTrial);
                    return paged ? items.subList(Math.min(items.size(), q.offset()), Math.min(items.size(), q.offset() + q.pageSize()))
                            : items;
                });
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

    static List<Utilization> items(List<Holding> holdings, Map<String, DeviceUsageRepository.Current> used, ValidatedQuery q,
            boolean alwaysTrial) {
        Set<String> statuses = q.strings().getOrDefault("status", Set.of("VALID"));
        // license type -> [paid, trial]
        Map<String, Bucket[]> byType = new TreeMap<>(Vocabulary.LICENSE_TYPE_ORDER);
        for (Holding h : holdings) {
            Bucket b = byType.computeIfAbsent(h.licenseType(), k -> new Bucket[] { new Bucket(), new Bucket() })[h.trial() ? 1 : 0];
            long counted = (statuses.contains("VALID") ? h.valid() : 0) + (statuses.contains("FUTURE") ? h.future() : 0)
                    + (statuses.contains("EXPIRED") ? h.expired() : 0);
            b.counted().merge(h.kind(), counted, Long::sum);
            b.valid().merge(h.kind(), h.valid(), Long::sum);
        }
        for (String licenseType : used.keySet()) {
            byType.computeIfAbsent(licenseType, k -> new Bucket[] { new Bucket(), new Bucket() });
        }
        Boolean assignedOnly = q.booleans().get("isAssignedLicense");
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
            long[] selfUse = LicenseTimeline.splitUse(used.containsKey(type) ? used.get(type).usedQuantity() : 0,
                    paid.valid(LicenseTimeline.HELD), trial.valid(LicenseTimeline.HELD));
            boolean selfListed = used.containsKey(type) || paid.has(LicenseTimeline.HELD)
                    || trial.has(LicenseTimeline.HELD);
            boolean poolListed = paid.has(POOL_SIDE) || trial.has(POOL_SIDE);
            for (int i = 0; i < 2; i++) {
                boolean isTrial = i == 1;
                if (trialFilter != null && trialFilter != isTrial) {
                    continue;
                }
                Bucket b = e.getValue()[i];
                if (selfListed && usageTypes.contains("SELF")
                        && (!isTrial || alwaysTrial || b.valid(LicenseTimeline.HELD) > 0 || selfUse[1] > 0)) {
                    boolean receivedOnly = Boolean.TRUE.equals(assignedOnly);
                    boolean purchasedOnly = Boolean.FALSE.equals(assignedOnly);
                    long received = purchasedOnly ? 0 : b.counted(Kind.RECEIVED);
                    self.add(Utilization.of(type, isTrial, "SELF", receivedOnly ? 0 : b.counted(Kind.OWN),
                            receivedOnly ? 0 : b.counted(Kind.OWN_COURTESY), received, selfUse[i], 0, received));
                }
                if (poolListed && usageTypes.contains("ASSIGNED") && !Boolean.TRUE.equals(assignedOnly)
                        && (!isTrial || alwaysTrial || b.valid(POOL_SIDE) > 0)) {
                    long out = b.counted(Kind.ASSIGNED);
                    assigned.add(Utilization.of(type, isTrial, "ASSIGNED", b.counted(Kind.POOL), b.counted(Kind.POOL_COURTESY), 0, out,
                            b.counted(Kind.SELF_ASSIGNED), out));
                }
            }
        }
        self.addAll(assigned);
        return self;
    }
}
