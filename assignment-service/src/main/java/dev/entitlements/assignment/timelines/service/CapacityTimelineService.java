package dev.entitlements.assignment.timelines.service;

import dev.entitlements.assignment.timelines.repository.TimelineRepository;
import dev.entitlements.assignment.timelines.repository.TimelineRepository.Bucket;
import dev.entitlements.assignment.timelines.repository.TimelineRepository.Entry;
import dev.entitlements.assignment.timelines.repository.TimelineRepository.Window;
import dev.entitlements.assignment.timelines.service.TimelineCalculator.Held;
import dev.entitlements.assignment.timelines.service.TimelineCalculator.PoolLine;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.time.Dates;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Capacity timelines (docs/decisions.md, Capacity timeline): for an MSP, its pools against
 * everything assigned out of them; for a customer (or an MSP acting for one), the licenses it
 * received. Read from this service's tables in one statement, computed by {@link TimelineCalculator}.
 */
@ApplicationScoped
public class CapacityTimelineService {

    /** The filters, validated like every query's (unknown keys ignored, enum values checked). */
    static final QueryDefinition FILTERS = QueryDefinition.builder("capacityTimeline")
            .fields("licenseType")
            .sortFields("licenseType")
            .filter("licenseType", Vocabulary.LICENSE_TYPES)
            .filter("isTrial", FilterType.BOOLEAN)
            .filter("from", FilterType.STRINGS)
            .filter("to", FilterType.STRINGS)
            .build();

    private static final Comparator<Bucket> ORDER = Comparator.comparing(
                    Bucket::licenseType, Vocabulary.LICENSE_TYPE_ORDER)
            .thenComparing(Bucket::trial);

    private final TimelineRepository repository;
    private final Clock clock;

    public CapacityTimelineService(TimelineRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Uni<CapacityTimelineResponse> timelines(Caller caller, CapacityTimelineRequest request) {
        ValidatedQuery q = FILTERS.validate(
                new QueryRequest(null, null, null, null, null, null, request == null ? null : request.filters(), null));
        Instant from = date(q, "from", Dates.Boundary.START_OF_DAY);
        from = from == null ? clock.instant() : from;
        Instant to = date(q, "to", Dates.Boundary.END_OF_DAY);
        if (to != null && to.isBefore(from)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "filters.to is before filters.from (default: now)");
        }
        Window window = new Window(q.strings().get("licenseType"), q.booleans().get("isTrial"), from, to);
        Uni<List<Entry>> entries;
        if (caller.isMsp()) {
            entries = repository.provider(caller.tenantId(), window);
        } else {
            // a customer's own view: every MSP's assignments to it; an MSP acting for it sees its own only
            entries = repository.received(
                    caller.tenantId(), caller.isDelegated() ? caller.actorTenantId() : null, window);
        }
        Instant start = from;
        return entries.map(rows -> new CapacityTimelineResponse(compute(rows, start, to)));
    }

    /** One timeline per bucket the rows name. */
    private static List<CapacityTimeline> compute(List<Entry> rows, Instant from, Instant to) {
        Map<Bucket, List<PoolLine>> pools = new TreeMap<>(ORDER);
        Map<Bucket, List<Held>> held = new TreeMap<>(ORDER);
        for (Entry e : rows) {
            pools.computeIfAbsent(e.bucket(), b -> new ArrayList<>());
            held.computeIfAbsent(e.bucket(), b -> new ArrayList<>());
            if (e.pool() != null) {
                pools.get(e.bucket()).add(e.pool());
            } else {
                held.get(e.bucket()).add(e.held());
            }
        }
        List<CapacityTimeline> timelines = new ArrayList<>(pools.size());
        pools.forEach((bucket, lines) -> timelines.add(
                TimelineCalculator.compute(bucket.licenseType(), bucket.trial(), lines, held.get(bucket), from, to)));
        return timelines;
    }

    /** A single date filter, read by the shared {@link Dates}; null when absent. */
    private static Instant date(ValidatedQuery q, String filter, Dates.Boundary bareDate) {
        Set<String> values = q.strings().get(filter);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiException(ErrorCode.INVALID_VALUE, "'filters." + filter + "' takes one date, got " + values);
        }
        return Dates.parseInstant("filters." + filter, values.iterator().next(), bareDate);
    }
}
