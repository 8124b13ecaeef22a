package dev.entitlements.common.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.entitlements.common.capacity.CapacityRule.Span;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The capacity rule against brute force: time is whole seconds 0..60 (spans start and end on
 * them), so the free quantity can only change at a whole second or just after one; the reference
 * evaluates every half second of the window and takes the minimum.
 */
class CapacityRuleProperties {

    @Property(tries = 500)
    void maxQuantityIsTheSmallestFreeQuantityOverTheWindow(@ForAll("pools") List<Span> pools, @ForAll("assignments") List<Span> assigned,
            @ForAll @IntRange(min = 0, max = 60) int a, @ForAll @IntRange(min = 0, max = 60) int b) {
        int from = Math.min(a, b);
        int to = Math.max(a, b);
        long reference = Long.MAX_VALUE;
        for (int half = 2 * from; half <= 2 * to; half++) {
            reference = Math.min(reference, freeAt(pools, assigned, half));
        }
        long max = CapacityRule.maxQuantity(pools, assigned, second(from), second(to));
        assertEquals(Math.max(0, reference), max);
        assertEquals(Math.max(0, -reference), CapacityRule.shortfall(pools, assigned, second(from), second(to)), "the shortfall");
        // what it answers fits, and one more does not (unless nothing fits at all)
        if (max > 0) {
            List<Span> after = new ArrayList<>(assigned);
            after.add(new Span(second(from), second(to), max));
            assertEquals(0, CapacityRule.maxQuantity(pools, after, second(from), second(to)));
            assertTrue(CapacityRule.fits(pools, assigned, second(from), second(to), max));
        }
        assertEquals(false, CapacityRule.fits(pools, assigned, second(from), second(to), max + 1));
    }

    @Property(tries = 500)
    void maxPeriodEndsJustBeforeTheFreeQuantityFirstFallsShort(@ForAll("pools") List<Span> pools,
            @ForAll("assignments") List<Span> assigned, @ForAll @IntRange(min = 0, max = 60) int from,
            @ForAll @IntRange(min = 1, max = 30) int quantity) {
        // reference: the first half second from `from` on where less than `quantity` is free
        int firstShort = -1;
        for (int half = 2 * from; half <= 2 * 62; half++) {
            if (freeAt(pools, assigned, half) < quantity) {
                firstShort = half;
                break;
            }
        }
        Instant end = CapacityRule.maxPeriodEnd(pools, assigned, second(from), quantity);
        if (firstShort == 2 * from) {
            assertNull(end);
            return;
        }
        // the short half second is k/2: whole second k/2 itself, or just after second (k-1)/2 ended
        Instant expected = firstShort % 2 == 0 ? second(firstShort / 2).minusNanos(1) : second(firstShort / 2);
        assertEquals(expected, end);
    }

    private static long freeAt(List<Span> pools, List<Span> assigned, int half) {
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

    private static Instant second(int s) {
        return Instant.ofEpochSecond(s);
    }

    @Provide
    Arbitrary<List<Span>> pools() {
        return spans(1, 50).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Span>> assignments() {
        return spans(1, 20).list().ofMaxSize(6);
    }

    private static Arbitrary<Span> spans(int minQuantity, int maxQuantity) {
        return Combinators.combine(Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(minQuantity, maxQuantity))
                .as((start, length, quantity) -> new Span(second(start), second(Math.min(60, start + length)), quantity));
    }
}
