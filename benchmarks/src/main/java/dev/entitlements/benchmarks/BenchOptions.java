package dev.entitlements.benchmarks;

import dev.entitlements.infra.Postgres;
import java.util.List;
import java.util.Locale;

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

    /**
     * The PostgreSQL every benchmark (and its reference, on the same server) runs on: DURABLE, as
     * the local run and production, unless {@code BENCH_PG=fast} asks for the FAST mode of the
     * figures before issue 22 ({@code fsync=off}, {@code synchronous_commit=off}), for comparison.
     */
    static Postgres.Durability durability() {
        String value = System.getenv("BENCH_PG");
        if (value == null || value.isBlank()) {
            return Postgres.Durability.DURABLE;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "durable" -> Postgres.Durability.DURABLE;
            case "fast" -> Postgres.Durability.FAST;
            default -> throw new IllegalArgumentException("BENCH_PG=" + value + ": durable (default) or fast");
        };
    }

    /** The {@code i}-th command-line argument as an int, or {@code fallback} when absent. */
    static int intArg(List<String> args, int i, int fallback) {
        return args.size() > i ? Integer.parseInt(args.get(i)) : fallback;
    }

    /** What a figure was measured on, printed with every benchmark's first line. */
    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", PostgreSQL "
                + (durability() == Postgres.Durability.FAST ? "FAST (fsync off, BENCH_PG=fast)" : "durable");
    }
}
