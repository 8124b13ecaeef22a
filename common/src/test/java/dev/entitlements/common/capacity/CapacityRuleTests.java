package dev.entitlements.common.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.capacity.CapacityRule.Span;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the rule the brute-force properties do not draw: time lines kept as steps, and a quantity of nothing. */
class CapacityRuleTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void eachStepHoldingLicensesIsASpanUntilTheMicrosecondBeforeTheNextStep() {
        Instant t1 = T0.plusSeconds(3600);
        Instant t2 = T0.plusSeconds(7200);
        Instant end = T0.plusSeconds(18_000);
        assertEquals(
                List.of(new Span(T0, t1.minusNanos(1_000), 3), new Span(t2, end, 5)),
                CapacityRule.spans(List.of(T0, t1, t2), List.of(3L, 0L, 5L), end));
    }

    @Test
    void aStepShorterThanAMicrosecondOrEndingBeforeItStartsGivesNoSpan() {
        assertEquals(
                List.of(new Span(T0.plusNanos(500), T0.plusNanos(500), 2)),
                CapacityRule.spans(List.of(T0, T0.plusNanos(500)), List.of(4L, 2L), T0.plusNanos(500)));
        assertEquals(List.of(), CapacityRule.spans(List.of(T0), List.of(4L), T0.minusSeconds(1)));
    }

    /**
     * Pools kept as steps (reporting-service's time lines): where the pooled quantity steps down to
     * another that is not nothing, the pools still hold it. "Just after" a step's end is the next
     * step's start, at the time lines' resolution (a microsecond), not a nanosecond between the two
     * that no span covers.
     */
    @Test
    void poolsKeptAsStepsStepDownToTheNextStepNotToNothing() {
        Instant t1 = T0.plusSeconds(3600);
        Instant end = T0.plusSeconds(18_000);
        List<Span> pools = CapacityRule.spans(List.of(T0, t1), List.of(150L, 100L), end);
        List<Span> assigned = CapacityRule.spans(List.of(T0), List.of(40L), end);
        assertEquals(60, CapacityRule.maxQuantity(pools, assigned, T0, end));
        assertEquals(0, CapacityRule.shortfall(pools, assigned, T0, end));
        assertEquals(end, CapacityRule.maxPeriodEnd(pools, assigned, T0, 60));
        assertEquals(t1.minusNanos(1_000), CapacityRule.maxPeriodEnd(pools, assigned, T0, 61));
    }

    @Test
    void aQuantityOfNothingFitsUntilTheLastPoolEnds() {
        List<Span> pools =
                List.of(new Span(T0, T0.plusSeconds(10), 5), new Span(T0.plusSeconds(5), T0.plusSeconds(20), 1));
        assertEquals(T0.plusSeconds(20), CapacityRule.maxPeriodEnd(pools, List.of(), T0, 0));
    }
}
