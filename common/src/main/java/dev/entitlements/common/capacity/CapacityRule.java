package dev.entitlements.common.capacity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The capacity rule of docs/decisions.md (Assignments), once for the platform: for one provider,
 * license type and trial flag, at every instant of a window, the licenses assigned plus the new
 * quantity must not exceed the licenses of the pools valid at that instant. assignment-service
 * checks creates with it; reporting-service's availability calculator answers with it.
 *
 * <p>Both ends of every interval are inclusive. The free quantity (pooled minus assigned) only
 * changes where an interval starts or just after one ends, so it is evaluated at those points.
 * Time is the platform's: microseconds, PostgreSQL's resolution, in which every time line and
 * every stored start and end is kept. "Just after an end" is therefore the next microsecond
 * ({@link #RESOLUTION_NANOS}), which is where the next step of a time line starts ({@link #spans}). A
 * nanosecond after the end would fall between a step's last microsecond and the next step, where no
 * span of the time line is: pools kept as steps (reporting-service's time lines) would seem to hold
 * nothing there whenever they step down, and every window across such a step would have nothing
 * free.
 */
public final class CapacityRule {

    /** The time lines' resolution: a step ends the microsecond before the next one starts. */
    static final long RESOLUTION_NANOS = 1_000;

    /** Licenses over a time span: a pool's quantity or an assignment's, {@code from} to {@code to} inclusive. */
    public record Span(Instant from, Instant to, long quantity) {

        public Span {
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("a span ends before it starts: " + from + " .. " + to);
            }
        }

        boolean covers(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }

    private CapacityRule() {}

    /**
     * The largest quantity that can still be assigned over the whole window {@code from}..{@code to};
     * 0 when some instant of it has nothing free (or is already over-assigned).
     */
    public static long maxQuantity(List<Span> pools, List<Span> assignments, Instant from, Instant to) {
        return Math.max(0, leastFree(pools, assignments, from, to));
    }

    /**
     * The most licenses assigned beyond the pools at any instant of the window, 0 when the
     * assignments fit everywhere: what a pool that shrank under its assignments is short of (a
     * compliance gap).
     */
    public static long shortfall(List<Span> pools, List<Span> assignments, Instant from, Instant to) {
        return Math.max(0, -leastFree(pools, assignments, from, to));
    }

    private static long leastFree(List<Span> pools, List<Span> assignments, Instant from, Instant to) {
        long min = Long.MAX_VALUE;
        for (Instant t : points(pools, assignments, from, to)) {
            min = Math.min(min, free(pools, assignments, t));
        }
        return min;
    }

    /** Whether {@code quantity} more fits over the whole window. */
    public static boolean fits(List<Span> pools, List<Span> assignments, Instant from, Instant to, long quantity) {
        return quantity <= maxQuantity(pools, assignments, from, to);
    }

    /**
     * The latest end such that {@code quantity} fits from {@code from} to it, or null when it does
     * not fit even at {@code from}. (The end is the last microsecond before the free quantity first
     * falls below {@code quantity}; pools end, so it always exists when it fits at the start.)
     */
    public static Instant maxPeriodEnd(List<Span> pools, List<Span> assignments, Instant from, long quantity) {
        Instant horizon = from;
        for (Span s : pools) {
            horizon = s.to().isAfter(horizon) ? s.to() : horizon;
        }
        Instant previous = null;
        for (Instant t : points(pools, assignments, from, horizon.plusNanos(RESOLUTION_NANOS))) {
            if (free(pools, assignments, t) < quantity) {
                return previous == null ? null : t.minusNanos(RESOLUTION_NANOS);
            }
            previous = t;
        }
        return horizon; // unreachable in practice: after the last pool ends nothing is free
    }

    /**
     * The spans of a step function: {@code held.get(i)} licenses from {@code at.get(i)} until the
     * microsecond before {@code at.get(i + 1)} (the last step until {@code end}); a step holding
     * nothing gives no span. How a time line kept as steps (ADR 0009, 0010) is handed to the rule.
     *
     * @param at ascending instants
     */
    public static List<Span> spans(List<Instant> at, List<Long> held, Instant end) {
        List<Span> spans = new ArrayList<>(at.size());
        for (int i = 0; i < at.size(); i++) {
            Instant until = i + 1 < at.size() ? at.get(i + 1).minusNanos(RESOLUTION_NANOS) : end;
            if (held.get(i) > 0 && !until.isBefore(at.get(i))) {
                spans.add(new Span(at.get(i), until, held.get(i)));
            }
        }
        return spans;
    }

    /** Pooled minus assigned at one instant. */
    static long free(List<Span> pools, List<Span> assignments, Instant t) {
        long free = 0;
        for (Span p : pools) {
            if (p.covers(t)) {
                free += p.quantity();
            }
        }
        for (Span a : assignments) {
            if (a.covers(t)) {
                free -= a.quantity();
            }
        }
        return free;
    }

    /**
     * The window's start and every instant inside it where the free quantity can change: where a
     * span starts, and the microsecond after one ends.
     */
    private static List<Instant> points(List<Span> pools, List<Span> assignments, Instant from, Instant to) {
        TreeSet<Instant> points = new TreeSet<>();
        points.add(from);
        for (List<Span> spans : List.of(pools, assignments)) {
            for (Span s : spans) {
                add(points, s.from(), from, to);
                add(points, s.to().plusNanos(RESOLUTION_NANOS), from, to);
            }
        }
        return new ArrayList<>(points);
    }

    private static void add(TreeSet<Instant> points, Instant t, Instant from, Instant to) {
        if (!t.isBefore(from) && !t.isAfter(to)) {
            points.add(t);
        }
    }
}
