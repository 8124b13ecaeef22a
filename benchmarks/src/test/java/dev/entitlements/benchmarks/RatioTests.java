package dev.entitlements.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The summary rows of {@code ./run bench all}: ratio, whether a goal held, and the table's met? cell. */
class RatioTests {

    @Test
    void theRatioIsAboveOneWhenTheSystemBeatsItsReferenceEitherWay() {
        assertEquals(
                0.5,
                Ratio.higher("creates", 500, "/s", 1000, "pgbench", Ratio.Threshold.NONE)
                        .ratio());
        assertEquals(
                2.0,
                Ratio.lower("cpu", 1.1, "ms", 2.2, "before", Ratio.Threshold.NONE)
                        .ratio(),
                1e-9);
    }

    @Test
    void eachKindOfThresholdHoldsOnlyOnItsSideOfTheValue() {
        assertEquals(
                Optional.of(true),
                row(850, 1000, Ratio.Threshold.ratioAtLeast(0.85)).met());
        assertEquals(
                Optional.of(false),
                row(849, 1000, Ratio.Threshold.ratioAtLeast(0.85)).met());
        assertEquals(
                Optional.of(true), row(5000, 1, Ratio.Threshold.atLeast(5000)).met());
        assertEquals(
                Optional.of(false), row(4999, 1, Ratio.Threshold.atLeast(5000)).met());
        assertEquals(
                Optional.of(true),
                Ratio.belowThreshold("ready", 1999, "ms", 2000).met());
        assertEquals(
                Optional.of(false),
                Ratio.belowThreshold("ready", 2000, "ms", 2000).met());
    }

    @Test
    void aGoalThatDoesNotApplyOrLacksItsReferenceTellsNothing() {
        assertEquals(
                Optional.empty(),
                row(10, 1, Ratio.Threshold.atLeast(5).onlyIf(false)).met());
        assertEquals(
                Optional.empty(),
                row(10, Double.NaN, Ratio.Threshold.ratioAtLeast(0.5)).met());
        assertEquals(Optional.empty(), row(10, 1, Ratio.Threshold.NONE).met());
    }

    @Test
    void theTableSaysInHowManyRunsAGoalHeld() {
        Ratio.Threshold goal = Ratio.Threshold.ratioAtLeast(0.85);
        String table = print(
                List.of(List.of(row(900, 1000, goal)), List.of(row(800, 1000, goal)), List.of(row(950, 1000, goal))));
        assertTrue(table.contains("| 900 / 800 / 950 |"), table);
        assertTrue(table.contains("| met in 2 of 3 runs |"), table);

        String allMet = print(List.of(List.of(row(900, 1000, goal)), List.of(row(950, 1000, goal))));
        assertTrue(allMet.contains("| **met** |"), allMet);
    }

    @Test
    void aRunWhoseBenchmarkFailedShowsADashAndIsNotCountedAsMeasured() {
        Ratio.Threshold goal = Ratio.Threshold.ratioAtLeast(0.85);
        String table = print(List.of(List.of(row(900, 1000, goal)), List.of()));
        assertTrue(table.contains("| 900 / - |"), table);
        assertTrue(table.contains("**met** (1 of 2 runs measured)"), table);
    }

    private static Ratio row(double figure, double reference, Ratio.Threshold threshold) {
        return Ratio.higher("creates", figure, "creates/s", reference, "pgbench", threshold);
    }

    private static String print(List<List<Ratio>> runs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Ratio.print(runs, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
