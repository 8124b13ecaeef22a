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

    @Test
    void aQuantityOfNothingFitsUntilTheLastPoolEnds() {
        List<Span> pools =
                List.of(new Span(T0, T0.plusSeconds(10), 5), new Span(T0.plusSeconds(5), T0.plusSeconds(20), 1));
        assertEquals(T0.plusSeconds(20), CapacityRule.maxPeriodEnd(pools, List.of(), T0, 0));
    }
}
