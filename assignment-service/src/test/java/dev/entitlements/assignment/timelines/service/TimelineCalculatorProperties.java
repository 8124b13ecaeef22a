package dev.entitlements.assignment.timelines.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.assignment.timelines.service.CapacityTimeline.Cliff;
import dev.entitlements.assignment.timelines.service.CapacityTimeline.IdleTail;
import dev.entitlements.assignment.timelines.service.CapacityTimeline.RenewalQuarter;
import dev.entitlements.assignment.timelines.service.CapacityTimeline.Segment;
import dev.entitlements.assignment.timelines.service.CapacityTimeline.TenantRenewal;
import dev.entitlements.assignment.timelines.service.TimelineCalculator.Held;
import dev.entitlements.assignment.timelines.service.TimelineCalculator.PoolLine;
import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.infra.test.Seeds;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The capacity timeline against brute force. Spans start on whole days and end either on a whole
 * day (inclusive) or 1 ns before one, so spans touch (one ends 1 ns before the next starts), overlap
 * by a single instant, or leave a gap of one day; the reference evaluates capacity and commitment
 * span by span at every boundary instant and 1 ns before and after each, and checks that the
 * segment covering each such instant says the same, and that cliffs, idle tail and renewals are
 * what those values imply.
 */
class TimelineCalculatorProperties {

    private static final Instant EPOCH =
            LocalDate.of(2027, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final long DAY = 86_400L;

    static LongStream seeds() {
        return Seeds.of(0x71_3E11_7EL, 1000);
    }

    /** Up to 5 pool lines and 7 assignments on days 0..400 (quarters apart), to within a nanosecond. */
    private record Case(List<PoolLine> pools, List<Held> held, Instant from, Instant to) {

        static Case draw(SplittableRandom r) {
            List<PoolLine> pools = new ArrayList<>();
            for (int n = r.nextInt(6); n > 0; n--) {
                pools.add(new PoolLine("line-" + n, r.nextInt(3) == 0 ? null : "SKU-" + r.nextInt(3), span(r, 50)));
            }
            List<Held> held = new ArrayList<>();
            for (int n = r.nextInt(8); n > 0; n--) {
                String tenant = r.nextInt(3) == 0 ? "msp" : "ec-" + r.nextInt(3);
                held.add(new Held(tenant, tenant.equals("msp"), span(r, 20)));
            }
            Instant from = instant(r, r.nextInt(401));
            Instant to = r.nextInt(3) == 0 ? null : instant(r, r.nextInt(401));
            if (to != null && to.isBefore(from)) {
                Instant t = from;
                from = to;
                to = t;
            }
            return new Case(pools, held, from, to);
        }

        private static Span span(SplittableRandom r, int maxQuantity) {
            int start = r.nextInt(401);
            int end = Math.min(400, start + r.nextInt(200));
            Instant to = day(end);
            // an end 1 ns before a day (when that is not before the start) touches a span starting that day
            if (end > start && r.nextBoolean()) {
                to = to.minusNanos(1);
            }
            return new Span(day(start), to, 1 + r.nextInt(maxQuantity));
        }

        /** A day, or 1 ns around it. */
        private static Instant instant(SplittableRandom r, int day) {
            return day(day).plusNanos(r.nextInt(3) - 1);
        }

        long capacity(Instant t) {
            long sum = 0;
            for (PoolLine p : pools) {
                sum += covers(p.span(), t) ? p.span().quantity() : 0;
            }
            return sum;
        }

        long committed(Instant t) {
            long sum = 0;
            for (Held h : held) {
                sum += covers(h.span(), t) ? h.span().quantity() : 0;
            }
            return sum;
        }

        /** Every instant the values may change at, 1 ns on either side, and the window's ends: those within it. */
        TreeSet<Instant> points() {
            TreeSet<Instant> points = new TreeSet<>();
            List<Span> spans = new ArrayList<>();
            pools.forEach(p -> spans.add(p.span()));
            held.forEach(h -> spans.add(h.span()));
            List<Instant> boundaries = new ArrayList<>(List.of(from));
            if (to != null) {
                boundaries.add(to);
            }
            for (Span s : spans) {
                boundaries.add(s.from());
                boundaries.add(s.to());
            }
            for (Instant b : boundaries) {
                for (int d = -1; d <= 1; d++) {
                    Instant t = b.plusNanos(d);
                    if (!t.isBefore(from) && (to == null || !t.isAfter(to))) {
                        points.add(t);
                    }
                }
            }
            return points;
        }

        private static boolean covers(Span s, Instant t) {
            return !t.isBefore(s.from()) && !t.isAfter(s.to());
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void segmentsAreTheStepFunctionAtEveryBoundaryInstant(long seed) {
        Case c = Case.draw(new SplittableRandom(seed));
        String at = "seed=" + seed + " " + c;
        CapacityTimeline t = TimelineCalculator.compute("APSW", false, c.pools(), c.held(), c.from(), c.to());
        List<Segment> segments = t.segments();

        // the segments tile from..to: the first starts at from, each next 1 ns after the one before, the last ends at
        // to
        assertEquals(c.from(), segments.get(0).start(), at);
        assertEquals(c.to(), segments.get(segments.size() - 1).end(), at);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            assertEquals(s.capacity() - s.committed(), s.headroom(), at);
            if (i + 1 < segments.size()) {
                Segment next = segments.get(i + 1);
                assertTrue(!s.end().isBefore(s.start()), "a segment ends before it starts, " + at);
                assertEquals(s.end().plusNanos(1), next.start(), "segments " + i + " and " + (i + 1) + ", " + at);
                assertTrue(
                        s.capacity() != next.capacity() || s.committed() != next.committed(),
                        "two neighbouring segments say the same, " + at);
            }
        }
        for (Instant p : c.points()) {
            Segment s = covering(segments, p, at);
            assertEquals(c.capacity(p), s.capacity(), "capacity at " + p + ", " + at);
            assertEquals(c.committed(p), s.committed(), "committed at " + p + ", " + at);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void cliffsAreWhereAPoolEndsAndTheCapacityFalls(long seed) {
        Case c = Case.draw(new SplittableRandom(seed));
        String at = "seed=" + seed + " " + c;
        CapacityTimeline t = TimelineCalculator.compute("APSW", false, c.pools(), c.held(), c.from(), c.to());

        // reference: each pool end whose next instant is in the window and holds less
        TreeMap<Instant, Cliff> expected = new TreeMap<>();
        for (PoolLine p : c.pools()) {
            Instant end = p.span().to();
            Instant after = end.plusNanos(1);
            if (end.isBefore(c.from()) || (c.to() != null && after.isAfter(c.to()))) {
                continue;
            }
            long lost = c.capacity(end) - c.capacity(after);
            if (lost <= 0) {
                continue;
            }
            TreeSet<String> skus = new TreeSet<>();
            TreeSet<String> ids = new TreeSet<>();
            for (PoolLine q : c.pools()) {
                if (q.span().to().equals(end)) {
                    ids.add(q.externalId());
                    if (q.sku() != null) {
                        skus.add(q.sku());
                    }
                }
            }
            expected.put(end, new Cliff(end, lost, c.capacity(after), List.copyOf(skus), List.copyOf(ids)));
        }
        assertEquals(List.copyOf(expected.values()), t.cliffs(), at);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void theIdleTailIsThePoolCapacityThatOutlivesEveryAssignment(long seed) {
        Case c = Case.draw(new SplittableRandom(seed));
        String at = "seed=" + seed + " " + c;
        CapacityTimeline t = TimelineCalculator.compute("APSW", false, c.pools(), c.held(), c.from(), c.to());

        TreeSet<Instant> points = c.points();
        // beyond the spans' boundaries nothing changes: after the last point, the open window holds what is past it
        Instant lastCommitted = null;
        for (Instant p : points) {
            if (c.committed(p) > 0) {
                lastCommitted = p;
            }
        }
        Instant tailFrom = null;
        Instant until = null;
        for (Instant p : points) {
            if ((lastCommitted == null || p.isAfter(lastCommitted)) && c.capacity(p) > 0) {
                tailFrom = tailFrom == null ? p : tailFrom;
                until = p;
            }
        }
        if (tailFrom == null) {
            assertNull(t.idleTail(), at);
            return;
        }
        assertEquals(new IdleTail(tailFrom, c.capacity(tailFrom), until), t.idleTail(), at);
        assertNotEquals(0, t.idleTail().quantity(), at);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void renewalsSumTheAssignmentsEndingInEachQuarterByTenant(long seed) {
        Case c = Case.draw(new SplittableRandom(seed));
        String at = "seed=" + seed + " " + c;
        CapacityTimeline t = TimelineCalculator.compute("APSW", false, c.pools(), c.held(), c.from(), c.to());

        TreeMap<String, TreeMap<String, Long>> expected = new TreeMap<>();
        for (Held h : c.held()) {
            Instant end = h.span().to();
            if (end.isBefore(c.from()) || (c.to() != null && end.isAfter(c.to()))) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(end, ZoneOffset.UTC);
            String quarter = day.getYear() + "-Q" + day.get(IsoFields.QUARTER_OF_YEAR);
            expected.computeIfAbsent(quarter, k -> new TreeMap<>())
                    .merge(h.tenantId(), h.span().quantity(), Long::sum);
        }
        TreeMap<String, TreeMap<String, Long>> actual = new TreeMap<>();
        for (RenewalQuarter q : t.renewals()) {
            long total = 0;
            for (TenantRenewal r : q.tenants()) {
                actual.computeIfAbsent(q.quarter(), k -> new TreeMap<>()).put(r.tenantId(), r.quantity());
                assertEquals(r.tenantId().equals("msp"), r.isSelfAssignment(), at);
                total += r.quantity();
            }
            assertEquals(total, q.quantity(), at);
            assertEquals(q.start().get(IsoFields.QUARTER_OF_YEAR), q.end().get(IsoFields.QUARTER_OF_YEAR), at);
            assertEquals(q.start().plusMonths(3), q.end().plusDays(1), at);
        }
        assertEquals(expected, actual, at);
    }

    /** The one segment covering {@code t}. */
    private static Segment covering(List<Segment> segments, Instant t, String at) {
        Segment found = null;
        for (Segment s : segments) {
            if (!t.isBefore(s.start()) && (s.end() == null || !t.isAfter(s.end()))) {
                assertNull(found, "two segments cover " + t + ", " + at);
                found = s;
            }
        }
        assertTrue(found != null, "no segment covers " + t + ", " + at);
        return found;
    }

    private static Instant day(int d) {
        return EPOCH.plusSeconds(d * DAY);
    }
}
