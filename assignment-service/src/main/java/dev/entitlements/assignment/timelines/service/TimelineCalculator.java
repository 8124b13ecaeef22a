package dev.entitlements.assignment.timelines.service;

import dev.entitlements.assignment.timelines.service.CapacityTimeline.Cliff;
import dev.entitlements.assignment.timelines.service.CapacityTimeline.IdleTail;
import dev.entitlements.assignment.timelines.service.CapacityTimeline.RenewalQuarter;
import dev.entitlements.assignment.timelines.service.CapacityTimeline.Segment;
import dev.entitlements.assignment.timelines.service.CapacityTimeline.TenantRenewal;
import dev.entitlements.common.capacity.CapacityRule.Span;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The capacity timeline of one bucket as a step function, computed from its pool lines and
 * assignments alone (no I/O: {@code TimelineCalculatorProperties} holds it to a brute-force
 * reference). Spans are the capacity rule's ({@link Span}): inclusive at both ends, so a span
 * counts at its start and stops counting 1 ns after its end; the steps are found by one sweep over
 * those instants rather than by evaluating every span at every step (a busy pool has thousands).
 */
public final class TimelineCalculator {

    /** A pool line: the order line's external id, its SKU (null when unknown) and its licenses over time. */
    public record PoolLine(String externalId, String sku, Span span) {}

    /** An assignment's licenses over time and the tenant that received them. */
    public record Held(String tenantId, boolean self, Span span) {}

    private TimelineCalculator() {}

    /**
     * The timeline from {@code from} to {@code to}.
     *
     * @param to null: open; the last segment is then the empty one after everything has ended
     */
    public static CapacityTimeline compute(
            String licenseType, boolean trial, List<PoolLine> pools, List<Held> held, Instant from, Instant to) {
        List<Segment> segments = segments(pools, held, from, to);
        return new CapacityTimeline(
                licenseType,
                trial,
                from,
                to,
                segments,
                cliffs(segments, pools),
                idleTail(segments),
                renewals(held, from, to));
    }

    /** Capacity and commitment change by these amounts at an instant. */
    private static final class Change {
        long capacity;
        long committed;
    }

    private static List<Segment> segments(List<PoolLine> pools, List<Held> held, Instant from, Instant to) {
        TreeMap<Instant, Change> changes = new TreeMap<>();
        for (PoolLine p : pools) {
            change(changes, p.span().from(), p.span().quantity(), 0);
            change(changes, justAfter(p.span()), -p.span().quantity(), 0);
        }
        for (Held h : held) {
            change(changes, h.span().from(), 0, h.span().quantity());
            change(changes, justAfter(h.span()), 0, -h.span().quantity());
        }
        long capacity = 0;
        long committed = 0;
        // what holds at `from`: every change up to it
        for (Change c : changes.headMap(from, true).values()) {
            capacity += c.capacity;
            committed += c.committed;
        }
        List<Segment> segments = new ArrayList<>();
        Instant start = from;
        var later = to == null ? changes.tailMap(from, false) : changes.subMap(from, false, to, true);
        for (Map.Entry<Instant, Change> e : later.entrySet()) {
            long nextCapacity = capacity + e.getValue().capacity;
            long nextCommitted = committed + e.getValue().committed;
            if (nextCapacity == capacity && nextCommitted == committed) {
                continue; // a span ends as another of the same size starts: no step
            }
            segments.add(segment(start, e.getKey().minusNanos(1), capacity, committed));
            start = e.getKey();
            capacity = nextCapacity;
            committed = nextCommitted;
        }
        segments.add(segment(start, to, capacity, committed));
        return segments;
    }

    /** The first instant a span no longer counts. */
    static Instant justAfter(Span s) {
        return s.to().plusNanos(1);
    }

    private static void change(TreeMap<Instant, Change> changes, Instant at, long capacity, long committed) {
        Change c = changes.computeIfAbsent(at, k -> new Change());
        c.capacity += capacity;
        c.committed += committed;
    }

    private static Segment segment(Instant start, Instant end, long capacity, long committed) {
        return new Segment(start, end, capacity, committed, capacity - committed);
    }

    /** Each step down of the capacity, with the pool lines whose last instant is just before it. */
    private static List<Cliff> cliffs(List<Segment> segments, List<PoolLine> pools) {
        List<Cliff> cliffs = new ArrayList<>();
        for (int i = 1; i < segments.size(); i++) {
            Segment before = segments.get(i - 1);
            Segment after = segments.get(i);
            if (after.capacity() >= before.capacity()) {
                continue;
            }
            TreeSet<String> skus = new TreeSet<>();
            TreeSet<String> externalIds = new TreeSet<>();
            for (PoolLine p : pools) {
                if (p.span().to().equals(before.end())) {
                    externalIds.add(p.externalId());
                    if (p.sku() != null) {
                        skus.add(p.sku());
                    }
                }
            }
            cliffs.add(new Cliff(
                    before.end(),
                    before.capacity() - after.capacity(),
                    after.capacity(),
                    List.copyOf(skus),
                    List.copyOf(externalIds)));
        }
        return cliffs;
    }

    /**
     * The first segment with capacity after the last one with commitments (from the start when
     * nothing is committed), and the end of the last segment with capacity.
     */
    private static IdleTail idleTail(List<Segment> segments) {
        int first = 0;
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).committed() > 0) {
                first = i + 1;
                break;
            }
        }
        Segment tail = null;
        Instant until = null;
        for (int i = first; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.capacity() > 0) {
                tail = tail == null ? s : tail;
                until = s.end();
            }
        }
        return tail == null ? null : new IdleTail(tail.start(), tail.capacity(), until);
    }

    /** Assignments whose last instant falls within from..to, summed per calendar quarter (UTC) and tenant. */
    private static List<RenewalQuarter> renewals(List<Held> held, Instant from, Instant to) {
        TreeMap<LocalDate, TreeMap<String, long[]>> quarters = new TreeMap<>();
        TreeMap<String, Boolean> self = new TreeMap<>();
        for (Held h : held) {
            Instant end = h.span().to();
            if (end.isBefore(from) || (to != null && end.isAfter(to))) {
                continue;
            }
            quarters.computeIfAbsent(quarterStart(end), k -> new TreeMap<>())
                            .computeIfAbsent(h.tenantId(), k -> new long[1])[0] +=
                    h.span().quantity();
            self.put(h.tenantId(), h.self());
        }
        List<RenewalQuarter> renewals = new ArrayList<>();
        quarters.forEach((start, tenants) -> {
            List<TenantRenewal> rows = new ArrayList<>();
            long total = 0;
            for (Map.Entry<String, long[]> t : tenants.entrySet()) {
                rows.add(new TenantRenewal(t.getKey(), self.get(t.getKey()), t.getValue()[0]));
                total += t.getValue()[0];
            }
            renewals.add(new RenewalQuarter(
                    start.getYear() + "-Q" + (1 + (start.getMonthValue() - 1) / 3),
                    start,
                    start.plusMonths(3).minusDays(1),
                    total,
                    rows));
        });
        return renewals;
    }

    private static LocalDate quarterStart(Instant t) {
        LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return LocalDate.of(day.getYear(), 1 + 3 * ((day.getMonthValue() - 1) / 3), 1);
    }
}
