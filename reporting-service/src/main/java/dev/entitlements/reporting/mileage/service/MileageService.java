package dev.entitlements.reporting.mileage.service;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository.StepRow;
import dev.entitlements.reporting.licenses.service.CalculatorFilters;
import dev.entitlements.reporting.licenses.service.LicenseTimeline;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Cause;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Kind;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mileage report (spec E3, §2.6; docs/decisions.md, Reports): one entry per calendar month from the
 * tenant's first license month to the current one, newest first (the UI's {@code page: 1, pageSize:
 * 24} is the latest two years), paged; every figure a sum over the
 * same time lines the other reports read, so history needs no separate store.
 */
@ApplicationScoped
public class MileageService {

    private final LicenseTimelineRepository timeline;
    private final DeviceUsageRepository usage;
    private final Clock clock;

    public MileageService(LicenseTimelineRepository timeline, DeviceUsageRepository usage, Clock clock) {
        this.timeline = timeline;
        this.usage = usage;
        this.clock = clock;
    }

    /** A page of months and how many there are. */
    public record Page(int page, int pageSize, long totalCount, List<Mileage> data) {}

    public Uni<Page> report(Caller caller, MileageRequest request) {
        if (request == null || request.filters() == null) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "'filters' with usageType and licenseType is required");
        }
        ValidatedQuery q = CalculatorFilters.DEFINITION.validate(
                new QueryRequest(null, request.page(), request.pageSize(), null, null, null, request.filters(), null));
        String usageType = q.requiredOne("usageType");
        String licenseType = q.requiredOne("licenseType");
        boolean trial = Boolean.TRUE.equals(q.booleans().get("isTrial"));
        Instant now = clock.instant();
        if (usageType.equals("UNKNOWN")) {
            return Uni.createFrom().item(new Page(q.page(), q.pageSize(), 0, List.of()));
        }
        boolean assigned = usageType.equals("ASSIGNED");
        Set<Kind> quantityKinds = assigned ? LicenseTimeline.POOL : LicenseTimeline.HELD;
        Set<Kind> kinds = EnumSet.copyOf(quantityKinds);
        if (assigned) {
            kinds.add(Kind.ASSIGNED);
        }
        return timeline.steps(caller.tenantId(), List.of(licenseType), kinds).chain(all -> {
            List<StepRow> steps = all.stream().filter(s -> s.trial() == trial).toList();
            YearMonth current = YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
            YearMonth first = steps.stream()
                    .map(s -> YearMonth.from(LocalDate.ofInstant(s.at(), ZoneOffset.UTC)))
                    .filter(m -> !m.isAfter(current))
                    .min(YearMonth::compareTo)
                    .orElse(null);
            if (first == null) {
                return Uni.createFrom().item(new Page(q.page(), q.pageSize(), 0, List.of()));
            }
            long months = first.until(current, java.time.temporal.ChronoUnit.MONTHS) + 1;
            // the page's months only, newest first: month i of the report is i months before the current one
            if (q.offset() >= months) {
                return Uni.createFrom().item(new Page(q.page(), q.pageSize(), months, List.of()));
            }
            YearMonth newest = current.minusMonths(q.offset());
            YearMonth oldest = current.minusMonths(Math.min(months, (long) q.offset() + q.pageSize()) - 1);
            return usage.monthly(caller.tenantId(), licenseType, oldest.atDay(1), newest.atEndOfMonth())
                    .map(used -> {
                        Map<LocalDate, DeviceUsageRepository.Month> byMonth = new HashMap<>();
                        used.forEach(m -> byMonth.put(m.month(), m));
                        List<Mileage> data = new ArrayList<>();
                        for (YearMonth m = newest; !m.isBefore(oldest); m = m.minusMonths(1)) {
                            data.add(month(
                                    licenseType, m, steps, quantityKinds, assigned, byMonth.get(m.atDay(1)), now));
                        }
                        return new Page(q.page(), q.pageSize(), months, data);
                    });
        });
    }

    /** One month: the figures at its end (or now), and what moved inside it. */
    static Mileage month(
            String licenseType,
            YearMonth m,
            List<StepRow> steps,
            Set<Kind> quantityKinds,
            boolean assigned,
            DeviceUsageRepository.Month used,
            Instant now) {
        Instant start = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant next = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = next.isAfter(now) ? now : next.minusNanos(1_000);
        long quantity = 0;
        long assignedOut = 0;
        TreeMap<LocalDate, Long> released = new TreeMap<>();
        Map<String, Long> in = new LinkedHashMap<>();
        Map<String, Long> out = new LinkedHashMap<>();
        for (StepRow s : steps) {
            if (s.at().isAfter(end)) {
                continue;
            }
            if (!quantityKinds.contains(s.kind())) { // ASSIGNED: the pools' licenses handed out
                assignedOut += s.delta();
                continue;
            }
            quantity += s.delta();
            if (s.at().isBefore(start)) {
                continue;
            }
            if (s.cause() == Cause.EXPIRY) {
                released.merge(LocalDate.ofInstant(s.at(), ZoneOffset.UTC), -s.delta(), Long::sum);
            }
            String cause = switch (s.cause()) {
                case START -> s.kind() == Kind.RECEIVED ? "ASSIGNMENT" : "PURCHASE";
                case EXPIRY -> "EXPIRY";
                case CANCEL -> "CANCELLATION";
                case REVOKE -> "REVOCATION";
            };
            (s.delta() > 0 ? in : out).merge(cause, Math.abs(s.delta()), Long::sum);
        }
        List<Mileage.Release> breakUp = new ArrayList<>();
        released.forEach((day, q) -> {
            if (q != 0) {
                breakUp.add(new Mileage.Release(q, day));
            }
        });
        return new Mileage(
                licenseType,
                m.atEndOfMonth(),
                used == null ? 0 : used.deviceCount(),
                assigned ? assignedOut : (used == null ? 0 : used.usedQuantity()),
                quantity,
                breakUp,
                changes(in),
                changes(out));
    }

    private static List<Mileage.Change> changes(Map<String, Long> byCause) {
        return byCause.entrySet().stream()
                .filter(e -> e.getValue() != 0)
                .map(e -> new Mileage.Change(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparing(Mileage.Change::cause))
                .toList();
    }
}
