package dev.entitlements.reporting.availability.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.entitlements.common.capacity.CapacityRule;
import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.time.Dates;
import dev.entitlements.common.time.StartRule;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository.StepRow;
import dev.entitlements.reporting.licenses.service.CalculatorFilters;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The availability calculator (spec E6, R16; docs/decisions.md, Reports), on the shared
 * {@link CapacityRule} that assignment-service enforces: ASSIGNED asks what an MSP's pools still
 * have free for new assignments; SELF what a tenant's own licenses (bought and received) still have
 * free beside what its devices use today. The time lines are read as the rule's spans.
 */
@ApplicationScoped
public class AvailabilityService {

    public static final String MAX_QUANTITY = "MAX_QUANTITY";
    public static final String MAX_PERIOD = "MAX_PERIOD";
    /** After every pool has ended: the open end of "used from now on". */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");

    private final LicenseTimelineRepository timeline;
    private final DeviceUsageRepository usage;
    private final Clock clock;

    public AvailabilityService(LicenseTimelineRepository timeline, DeviceUsageRepository usage, Clock clock) {
        this.timeline = timeline;
        this.usage = usage;
        this.clock = clock;
    }

    /** The answer: one result per license type asked for; {@code message} says which had nothing free, or null. */
    public record Answer(List<Availability> results, boolean many, String message) {}

    private record Ask(
            String operator,
            Instant from,
            Instant to,
            long quantity,
            String usageType,
            List<String> licenseTypes,
            boolean many,
            boolean trial) {}

    public Uni<Answer> calculate(Caller caller, AvailabilityRequest request) {
        Instant now = clock.instant();
        Ask ask = validate(request, now);
        if (ask.usageType().equals("UNKNOWN")) {
            List<Availability> none = ask.licenseTypes().stream()
                    .map(t -> result(ask, t, List.of(), List.of()))
                    .toList();
            return Uni.createFrom()
                    .item(new Answer(none, ask.many(), "usage type UNKNOWN has no licenses to calculate with"));
        }
        boolean self = ask.usageType().equals("SELF");
        Set<Kind> kinds = EnumSet.copyOf(self ? LicenseTimeline.HELD : LicenseTimeline.POOL);
        if (!self) {
            kinds.add(Kind.ASSIGNED);
        }
        Uni<Map<String, DeviceUsageRepository.Current>> used = self
                ? usage.current(caller.tenantId(), LocalDate.ofInstant(now, ZoneOffset.UTC))
                : Uni.createFrom().item(Map.of());
        return Uni.combine()
                .all()
                .unis(timeline.steps(caller.tenantId(), ask.licenseTypes(), kinds), used)
                .asTuple()
                .map(t -> {
                    List<Availability> results = new ArrayList<>();
                    List<String> empty = new ArrayList<>();
                    for (String type : ask.licenseTypes()) {
                        List<StepRow> steps = t.getItem1().stream()
                                .filter(s -> s.licenseType().equals(type))
                                .toList();
                        List<Span> pools =
                                spans(steps, ask.trial(), self ? LicenseTimeline.HELD : LicenseTimeline.POOL);
                        List<Span> taken;
                        if (self) {
                            // what the devices use today stays used from now on
                            long use = t.getItem2().containsKey(type)
                                    ? t.getItem2().get(type).usedQuantity()
                                    : 0;
                            long share = LicenseTimeline.splitUse(
                                    use, heldAt(steps, false, now), heldAt(steps, true, now))[ask.trial() ? 1 : 0];
                            taken = share > 0 ? List.of(new Span(now, END_OF_TIME, share)) : List.of();
                        } else {
                            taken = spans(steps, ask.trial(), EnumSet.of(Kind.ASSIGNED));
                        }
                        Availability a = result(ask, type, pools, taken);
                        results.add(a);
                        if (ask.operator().equals(MAX_QUANTITY) ? a.quantity() == 0 : a.expirationDate() == null) {
                            empty.add(type);
                        }
                    }
                    String message = empty.isEmpty()
                            ? null
                            : (ask.operator().equals(MAX_QUANTITY)
                                    ? "no licenses free over the whole window for " + String.join(", ", empty)
                                    : ask.quantity() + " licenses are not free on "
                                            + LocalDate.ofInstant(ask.from(), ZoneOffset.UTC) + " for "
                                            + String.join(", ", empty));
                    return new Answer(results, ask.many(), message);
                });
    }

    private static Availability result(Ask ask, String type, List<Span> pools, List<Span> taken) {
        LocalDate start = LocalDate.ofInstant(ask.from(), ZoneOffset.UTC);
        if (ask.operator().equals(MAX_QUANTITY)) {
            long max = CapacityRule.maxQuantity(pools, taken, ask.from(), ask.to());
            return new Availability(start, LocalDate.ofInstant(ask.to(), ZoneOffset.UTC), max, type, ask.trial(), max);
        }
        Instant end = CapacityRule.maxPeriodEnd(pools, taken, ask.from(), ask.quantity());
        return new Availability(
                start,
                lastWholeDay(end, start),
                ask.quantity(),
                type,
                ask.trial(),
                CapacityRule.maxQuantity(pools, taken, ask.from(), ask.from()));
    }

    /**
     * The last day the quantity is free to its end (23:59:59, how an assignment's end date is read),
     * or null when that is before the first day.
     */
    static LocalDate lastWholeDay(Instant end, LocalDate start) {
        if (end == null) {
            return null;
        }
        LocalDate day = LocalDate.ofInstant(end, ZoneOffset.UTC);
        if (end.isBefore(day.atTime(Dates.END_OF_DAY).toInstant(ZoneOffset.UTC))) {
            day = day.minusDays(1);
        }
        return day.isBefore(start) ? null : day;
    }

    /** The time line of these kinds (summed) as the rule's spans. */
    private static List<Span> spans(List<StepRow> steps, boolean trial, Set<Kind> kinds) {
        TreeMap<Instant, Long> deltas = new TreeMap<>();
        for (StepRow s : steps) {
            if (s.trial() == trial && kinds.contains(s.kind())) {
                deltas.merge(s.at(), s.delta(), Long::sum);
            }
        }
        List<Instant> at = new ArrayList<>(deltas.size());
        List<Long> held = new ArrayList<>(deltas.size());
        long sum = 0;
        for (Map.Entry<Instant, Long> d : deltas.entrySet()) {
            sum += d.getValue();
            at.add(d.getKey());
            held.add(sum);
        }
        return CapacityRule.spans(at, held, END_OF_TIME);
    }

    private static long heldAt(List<StepRow> steps, boolean trial, Instant now) {
        long sum = 0;
        for (StepRow s : steps) {
            if (s.trial() == trial && LicenseTimeline.HELD.contains(s.kind()) && !s.at().isAfter(now)) {
                sum += s.delta();
            }
        }
        return sum;
    }

    /** R16 and docs/decisions.md: 400 for what is missing or malformed, 422 for a window the rules refuse. */
    private static Ask validate(AvailabilityRequest r, Instant now) {
        if (r == null) {
            throw new ApiException(
                    ErrorCode.MISSING_VALUE, "a body with operator, effectiveDate and filters is required");
        }
        String operator = require("operator", r.operator()).trim().toUpperCase(Locale.ROOT);
        if (!operator.equals(MAX_QUANTITY) && !operator.equals(MAX_PERIOD)) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "'operator' cannot be " + r.operator(),
                    "one of [MAX_QUANTITY, MAX_PERIOD]");
        }
        // the start an assignment asked for now would get (the shared rule: the UI's local dates count as now)
        Instant from = StartRule.start("effectiveDate", require("effectiveDate", r.effectiveDate()), now);
        Instant to = null;
        long quantity = 0;
        if (operator.equals(MAX_QUANTITY)) {
            to = Dates.parseInstant(
                    "expirationDate", require("expirationDate", r.expirationDate()), Dates.Boundary.END_OF_DAY);
            if (!to.isAfter(from)) {
                throw new ApiException(
                        ErrorCode.UNPROCESSABLE,
                        "'expirationDate' " + r.expirationDate() + " must be after 'effectiveDate'");
            }
        } else {
            if (r.quantity() == null) {
                throw new ApiException(ErrorCode.MISSING_VALUE, "'quantity' is required for MAX_PERIOD");
            }
            if (r.quantity() < 1 || r.quantity() > Integer.MAX_VALUE) {
                throw new ApiException(
                        ErrorCode.UNPROCESSABLE,
                        "'quantity' must be 1 to " + Integer.MAX_VALUE + ", was " + r.quantity());
            }
            quantity = r.quantity();
        }
        if (r.filters() == null) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "'filters' with usageType and licenseType is required");
        }
        ValidatedQuery q = CalculatorFilters.DEFINITION.validate(
                new QueryRequest(null, null, null, null, null, null, r.filters(), null));
        String usageType = q.requiredOne("usageType");
        q.required("licenseType");
        JsonNode licenseType = r.filters().get("licenseType");
        // in the order asked (an array), each once
        List<String> ordered = new ArrayList<>();
        for (JsonNode n : licenseType.isArray() ? licenseType : List.of(licenseType)) {
            String t = n.asText().trim().toUpperCase(Locale.ROOT);
            if (!ordered.contains(t)) {
                ordered.add(t);
            }
        }
        return new Ask(
                operator,
                from,
                to,
                quantity,
                usageType,
                ordered,
                licenseType.isArray(),
                Boolean.TRUE.equals(q.booleans().get("isTrial")));
    }

    private static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "'" + field + "' is required");
        }
        return value;
    }
}
