package dev.entitlements.common.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.infra.test.Seeds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The capacity rule against brute force: time is whole seconds 0..60 (spans start and end on
 * them), so the free quantity can only change at a whole second or just after one; the reference
 * evaluates every half second of the window and takes the minimum.
 */
class CapacityRuleProperties {

    static LongStream seeds() {
        return Seeds.of(0x5EED_CA9AL, 500);
    }

    /** Up to 5 pools and 6 assignments on seconds 0..60, each at most 30 s long. */
    private record Case(List<Span> pools, List<Span> assigned) {

        static Case draw(SplittableRandom r) {
            return new Case(spans(r, 5, 50), spans(r, 6, 20));
        }

        private static List<Span> spans(SplittableRandom r, int maxCount, int maxQuantity) {
            List<Span> spans = new ArrayList<>();
            for (int n = r.nextInt(maxCount + 1); n > 0; n--) {
                int start = r.nextInt(61);
                spans.add(new Span(
                        second(start), second(Math.min(60, start + r.nextInt(31))), 1 + r.nextInt(maxQuantity)));
            }
            return spans;
        }

        long freeAt(int half) {
            long free = 0;
            for (Span p : pools) {
                free += covers(p, half) ? p.quantity() : 0;
            }
            for (Span s : assigned) {
                free -= covers(s, half) ? s.quantity() : 0;
            }
            return free;
        }

        private static boolean covers(Span s, int half) {
            return 2 * s.from().getEpochSecond() <= half && half <= 2 * s.to().getEpochSecond();
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void maxQuantityIsTheSmallestFreeQuantityOverTheWindow(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Case c = Case.draw(r);
        int a = r.nextInt(61);
        int b = r.nextInt(61);
        Instant from = second(Math.min(a, b));
        Instant to = second(Math.max(a, b));
        String at = "seed=" + seed + " " + c + " window " + from + ".." + to;

        long reference = Long.MAX_VALUE;
        for (int half = 2 * Math.min(a, b); half <= 2 * Math.max(a, b); half++) {
            reference = Math.min(reference, c.freeAt(half));
        }
        long max = CapacityRule.maxQuantity(c.pools(), c.assigned(), from, to);
        assertEquals(Math.max(0, reference), max, at);
        assertEquals(
                Math.max(0, -reference),
                CapacityRule.shortfall(c.pools(), c.assigned(), from, to),
                "the shortfall, " + at);
        // what it answers fits, and one more does not (unless nothing fits at all)
        if (max > 0) {
            List<Span> after = new ArrayList<>(c.assigned());
            after.add(new Span(from, to, max));
            assertEquals(0, CapacityRule.maxQuantity(c.pools(), after, from, to), "after assigning the maximum, " + at);
            assertTrue(CapacityRule.fits(c.pools(), c.assigned(), from, to, max), "the maximum fits, " + at);
        }
        assertFalse(
                CapacityRule.fits(c.pools(), c.assigned(), from, to, max + 1), "one more than the maximum fits, " + at);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void maxPeriodEndsJustBeforeTheFreeQuantityFirstFallsShort(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Case c = Case.draw(r);
        int from = r.nextInt(61);
        int quantity = 1 + r.nextInt(30);
        String at = "seed=" + seed + " " + c + " from " + from + " quantity " + quantity;

        // reference: the first half second from `from` on where less than `quantity` is free
        int firstShort = -1;
        for (int half = 2 * from; half <= 2 * 62; half++) {
            if (c.freeAt(half) < quantity) {
                firstShort = half;
                break;
            }
        }
        Instant end = CapacityRule.maxPeriodEnd(c.pools(), c.assigned(), second(from), quantity);
        if (firstShort == 2 * from) {
            assertNull(end, at);
            return;
        }
        // the short half second is k/2: whole second k/2 itself (the end is the microsecond before, the rule's
        // resolution), or just after second (k-1)/2 ended (the end is that second)
        Instant expected = firstShort % 2 == 0 ? second(firstShort / 2).minusNanos(1_000) : second(firstShort / 2);
        assertEquals(expected, end, at);
    }

    private static Instant second(int s) {
        return Instant.ofEpochSecond(s);
    }
}
