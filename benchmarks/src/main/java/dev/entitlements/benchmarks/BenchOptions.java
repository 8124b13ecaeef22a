package dev.entitlements.benchmarks;

import java.util.List;

/** Settings every benchmark reads from the environment. */
final class BenchOptions {

    private BenchOptions() {}

    /**
     * Extra JVM options for the service under test, e.g.
     * {@code BENCH_SERVICE_JVM_OPTS=-XX:StartFlightRecording=filename=service.jfr} to profile it.
     */
    static List<String> serviceJvmOptions() {
        String extra = System.getenv("BENCH_SERVICE_JVM_OPTS");
        return extra == null || extra.isBlank()
                ? List.of()
                : List.of(extra.trim().split("\\s+"));
    }

    /** How long to warm the service before measuring ({@code BENCH_WARMUP_SECONDS}, default 90). */
    static int warmUpSeconds() {
        String value = System.getenv("BENCH_WARMUP_SECONDS");
        return value == null || value.isBlank() ? 90 : Integer.parseInt(value.trim());
    }

    /** The {@code i}-th command-line argument as an int, or {@code fallback} when absent. */
    static int intArg(List<String> args, int i, int fallback) {
        return args.size() > i ? Integer.parseInt(args.get(i)) : fallback;
    }

    /** What a figure was measured on, printed with every benchmark's first line. */
    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version");
    }
}
