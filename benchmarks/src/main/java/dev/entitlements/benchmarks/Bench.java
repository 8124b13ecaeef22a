package dev.entitlements.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./run bench NAME [args]}: the benchmarks of BENCHMARKS.md. Its own entry point, not a
 * LocalStack command, because the drivers build on local-infra and local-infra must not know them.
 *
 * <pre>
 * Bench ingestion [records] [tenants]           the purchase-ingestion benchmark
 * Bench query [rate] [seconds]                  the entitlement-query latency benchmark
 * Bench assignments [rate] [seconds] [clients]  the assignment-create benchmark
 * Bench reporting [events] [tenants] [seconds]  the report-projection benchmark
 * Bench startup [runs] [load-seconds]           start-up time and memory of every process
 * </pre>
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", "."))
                .toAbsolutePath()
                .normalize();
        List<String> rest = List.of(args).subList(Math.min(1, args.length), args.length);
        switch (args.length == 0 ? "" : args[0]) {
            case "ingestion" -> IngestionBenchmark.run(root, rest);
            case "query" -> QueryBenchmark.run(root, rest);
            case "assignments" -> AssignmentBenchmark.run(root, rest);
            case "reporting" -> ReportingBenchmark.run(root, rest);
            case "startup" -> StartupBenchmark.run(root, rest);
            default -> {
                System.err.println(
                        "usage: ./run bench ingestion [records] [tenants] | ./run bench query [rate] [seconds]"
                                + " | ./run bench assignments [rate] [seconds] [clients] | ./run bench reporting [events] [tenants] [seconds]"
                                + " | ./run bench startup [runs] [load-seconds]");
                System.exit(2);
            }
        }
    }
}
