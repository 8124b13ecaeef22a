package dev.entitlements.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One row of a benchmark's summary (issue 22): a figure of our system, the reference measured in
 * the same run on the same machine (pgbench, a bare Kafka pipe, the SQL alone), their ratio, and
 * the goal's threshold. Where a goal names no reference (start-up time, memory), the reference is
 * the goal's threshold itself, named {@link #THRESHOLD}: a number from the issue, not a measurement.
 *
 * @param goal what is measured, without the unit (no {@code |}: it is a markdown cell)
 * @param figure our system's figure
 * @param unit the unit of figure and reference
 * @param reference the reference's figure, in the same unit; NaN when there is none (pgbench missing)
 * @param referenceName what the reference is
 * @param lowerIsBetter latency, CPU, memory: the ratio is then reference / figure
 * @param threshold what the goal asks of this row
 */
record Ratio(
        String goal,
        double figure,
        String unit,
        double reference,
        String referenceName,
        boolean lowerIsBetter,
        Threshold threshold) {

    /** The reference name of rows whose reference is the goal's threshold, not a measurement. */
    static final String THRESHOLD = "THRESHOLD of the goal, not a measurement";

    /** A row where more is better (throughput): ratio = figure / reference. */
    static Ratio higher(
            String goal, double figure, String unit, double reference, String referenceName, Threshold threshold) {
        return new Ratio(goal, figure, unit, reference, referenceName, false, threshold);
    }

    /** A row where less is better (latency, CPU, memory): ratio = reference / figure. */
    static Ratio lower(
            String goal, double figure, String unit, double reference, String referenceName, Threshold threshold) {
        return new Ratio(goal, figure, unit, reference, referenceName, true, threshold);
    }

    /** A lower-is-better row held to {@code figure < threshold}, the threshold standing in as its reference. */
    static Ratio belowThreshold(String goal, double figure, String unit, double threshold) {
        return lower(goal, figure, unit, threshold, THRESHOLD, Threshold.below(threshold));
    }

    /**
     * Figure / reference where higher is better, reference / figure where lower is better: above 1,
     * our system does better than the reference; NaN without a reference.
     */
    double ratio() {
        return lowerIsBetter ? reference / figure : figure / reference;
    }

    /** Whether the goal's threshold held; empty without a threshold, or when the figure it needs is missing. */
    Optional<Boolean> met() {
        double value = threshold.kind() == Threshold.Kind.RATIO_AT_LEAST ? ratio() : figure;
        if (threshold.kind() == Threshold.Kind.NONE || Double.isNaN(value) || Double.isInfinite(value)) {
            return Optional.empty();
        }
        return Optional.of(
                threshold.kind() == Threshold.Kind.FIGURE_BELOW
                        ? value < threshold.value()
                        : value >= threshold.value());
    }

    /** What a goal asks of one row. */
    record Threshold(Kind kind, double value) {

        enum Kind {
            /** a figure shown for information, or a goal that does not apply to this run's arguments */
            NONE,
            FIGURE_AT_LEAST,
            FIGURE_BELOW,
            RATIO_AT_LEAST
        }

        static final Threshold NONE = new Threshold(Kind.NONE, Double.NaN);

        static Threshold atLeast(double value) {
            return new Threshold(Kind.FIGURE_AT_LEAST, value);
        }

        static Threshold below(double value) {
            return new Threshold(Kind.FIGURE_BELOW, value);
        }

        static Threshold ratioAtLeast(double value) {
            return new Threshold(Kind.RATIO_AT_LEAST, value);
        }

        /** {@code when} holds, else NONE: a goal stated for the default arguments only. */
        Threshold onlyIf(boolean when) {
            return when ? this : NONE;
        }

        String text(String unit) {
            return switch (kind) {
                case NONE -> "-";
                case FIGURE_AT_LEAST -> "≥ " + plain(value) + " " + unit;
                case FIGURE_BELOW -> "< " + plain(value) + " " + unit;
                case RATIO_AT_LEAST -> "ratio ≥ " + plain(value);
            };
        }
    }

    /**
     * The summary table: one line per goal, the figures of every run side by side ({@code runs.get(i)}
     * holds run i's rows; a goal missing from a run, its benchmark failed, shows {@code -}).
     */
    static void print(List<List<Ratio>> runs, PrintStream out) {
        Map<String, Ratio[]> byGoal = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (Ratio r : runs.get(i)) {
                byGoal.computeIfAbsent(r.goal() + "\u0000" + r.unit(), k -> new Ratio[runs.size()])[i] = r;
            }
        }
        String per = runs.size() == 1 ? "" : " per run";
        out.printf(
                "%n| goal | figure%s | reference%s | ratio%s | goal threshold | met? |%n|---|---:|---:|---:|---|---|%n",
                per, per, per);
        for (Ratio[] row : byGoal.values()) {
            Ratio first =
                    Arrays.stream(row).filter(Objects::nonNull).findFirst().orElseThrow();
            // a threshold standing in as the reference is the same number in every run: once
            String references = first.referenceName().equals(THRESHOLD)
                    ? number(first.reference())
                    : cells(row, r -> number(r.reference()));
            boolean anyReference = Arrays.stream(row).anyMatch(r -> r != null && !Double.isNaN(r.reference()));
            out.printf(
                    "| %s (%s%s) | %s | %s | %s | %s | %s |%n",
                    first.goal(),
                    first.unit(),
                    first.lowerIsBetter() ? ", lower is better" : "",
                    cells(row, r -> number(r.figure())),
                    anyReference ? references + " " + first.unit() + ": " + first.referenceName() : "-",
                    cells(row, r -> Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio())),
                    first.threshold().text(first.unit()),
                    met(row));
        }
        out.println();
        out.println("ratio: figure / reference where higher is better, reference / figure where lower is better;"
                + " above 1 is better than the reference. A reference marked THRESHOLD is the goal's number,"
                + " not a measurement.");
    }

    private static String cells(Ratio[] row, Function<Ratio, String> cell) {
        List<String> out = new ArrayList<>();
        for (Ratio r : row) {
            out.add(r == null ? "-" : cell.apply(r));
        }
        return String.join(" / ", out);
    }

    /** "met", "not met", "met in k of n runs", or "-" when no run could tell. */
    private static String met(Ratio[] row) {
        int known = 0;
        int met = 0;
        for (Ratio r : row) {
            Optional<Boolean> m = r == null ? Optional.empty() : r.met();
            if (m.isPresent()) {
                known++;
                met += m.get() ? 1 : 0;
            }
        }
        if (known == 0) {
            return "-";
        }
        String of = known == row.length ? "" : " (" + known + " of " + row.length + " runs measured)";
        if (met == known) {
            return "**met**" + of;
        }
        return (met == 0 ? "**not met**" : "met in " + met + " of " + known + " runs") + of;
    }

    /** A goal's number as the issue writes it: 10, 2,000, 0.40. */
    private static String plain(double x) {
        return String.format(Locale.ROOT, x == Math.rint(x) ? "%,.0f" : "%.2f", x);
    }

    /** A measured figure, to three significant digits or the unit. */
    static String number(double x) {
        if (Double.isNaN(x)) {
            return "-";
        }
        double abs = Math.abs(x);
        return String.format(Locale.ROOT, abs >= 100 ? "%,.0f" : abs >= 10 ? "%.1f" : "%.2f", x);
    }
}
