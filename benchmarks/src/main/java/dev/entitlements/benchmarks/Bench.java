package dev.entitlements.benchmarks;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./run bench NAME [args]}: the benchmarks of BENCHMARKS.md. Its own entry point, not a
 * LocalStack command, because the drivers build on local-infra and local-infra must not know them.
 * Every benchmark prints its own tables, then its summary rows ({@link Ratio}): figure, reference
 * of the same run, ratio, goal threshold.
 *
 * <pre>
 * Bench ingestion [records] [tenants]           the purchase-ingestion benchmark
 * Bench query [rate] [seconds]                  the entitlement-query latency benchmark
 * Bench assignments [rate] [seconds] [clients]  the assignment-create benchmark
 * Bench reporting [events] [tenants] [seconds]  the report-projection benchmark
 * Bench startup [runs] [load-seconds] [variants] start-up time and memory of every process
 * Bench all [runs]                              every one of them with its defaults, runs times (default 1),
 *                                               then one table of every summary row, each run side by side
 * </pre>
 */
public final class Bench {

    /** A benchmark's entry point: runs it with {@code args}, prints its tables, returns its summary rows. */
    interface Benchmark {
        List<Ratio> run(Path root, List<String> args) throws Exception;
    }

    /** Every benchmark, in the order {@code all} runs them. */
    static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("ingestion", IngestionBenchmark::run);
        BENCHMARKS.put("query", QueryBenchmark::run);
        BENCHMARKS.put("assignments", AssignmentBenchmark::run);
        BENCHMARKS.put("reporting", ReportingBenchmark::run);
        BENCHMARKS.put("startup", StartupBenchmark::run);
    }

    /**
     * Arguments of {@code all} other than a benchmark's defaults: start-up measures only the variant
     * {@code ./run} uses, whose rows are the goal's (the others take a quarter of an hour a run).
     */
    static final Map<String, List<String>> ALL_ARGUMENTS =
            Map.of("startup", List.of("3", "30", StartupBenchmark.AS_RUN));

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", "."))
                .toAbsolutePath()
                .normalize();
        List<String> rest = List.of(args).subList(Math.min(1, args.length), args.length);
        String name = args.length == 0 ? "" : args[0];
        if (name.equals("all")) {
            System.exit(all(root, BenchOptions.intArg(rest, 0, 1)));
        }
        Benchmark benchmark = BENCHMARKS.get(name);
        if (benchmark == null) {
            System.err.println("usage: ./run bench ingestion [records] [tenants] | ./run bench query [rate] [seconds]"
                    + " | ./run bench assignments [rate] [seconds] [clients] | ./run bench reporting [events] [tenants] [seconds]"
                    + " | ./run bench startup [runs] [load-seconds] [all|as-run] | ./run bench all [runs]");
            System.exit(2);
        }
        Ratio.print(List.of(benchmark.run(root, rest)), System.out);
    }

    /**
     * Every benchmark with its default arguments, {@code runs} times over (run 1 of each, then run
     * 2 of each, ...: a slow spell of the machine spreads over the benchmarks instead of one), then
     * one table. A benchmark that fails leaves {@code -} in its run's cells; the exit status is then 1.
     */
    static int all(Path root, int runs) {
        if (runs < 1) {
            System.err.println("usage: ./run bench all [runs]   (runs >= 1, default 1)");
            return 2;
        }
        long start = System.nanoTime();
        List<List<Ratio>> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            List<Ratio> rows = new ArrayList<>();
            for (Map.Entry<String, Benchmark> e : BENCHMARKS.entrySet()) {
                System.out.printf("%n[bench] all: run %d of %d: %s%n", run, runs, e.getKey());
                long t0 = System.nanoTime();
                try {
                    rows.addAll(e.getValue().run(root, ALL_ARGUMENTS.getOrDefault(e.getKey(), List.of())));
                } catch (Exception | AssertionError failure) {
                    failures.add("run " + run + ", " + e.getKey() + ": " + failure);
                    failure.printStackTrace();
                }
                System.out.printf(
                        "[bench] all: run %d of %d: %s took %.1f min%n",
                        run, runs, e.getKey(), (System.nanoTime() - t0) / 60e9);
            }
            results.add(rows);
        }
        System.out.printf(
                "%n[bench] all: %d run(s) of every benchmark with its defaults, %s, in %.0f min; %s%n",
                runs, LocalDate.now(), (System.nanoTime() - start) / 60e9, BenchOptions.machine());
        Ratio.print(results, System.out);
        if (!failures.isEmpty()) {
            System.out.println();
            failures.forEach(f -> System.out.println("[bench] all: FAILED " + f));
        }
        return failures.isEmpty() ? 0 : 1;
    }
}
