package dev.entitlements.benchmarks;

import dev.entitlements.infra.Postgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Settings every benchmark reads from the environment. */
final class BenchOptions {

    private BenchOptions() {}

    /**
     * Extra JVM options for the service under test, e.g.
     * {@code BENCH_SERVICE_JVM_OPTS=-XX:StartFlightRecording=filename=service.jfr}; with {@code
     * BENCH_PROFILE=cpu} (or {@code alloc}, {@code wall}, {@code lock}) the service runs under
     * async-profiler and leaves a flame graph in {@link #profileDir()} when it stops.
     */
    static List<String> serviceJvmOptions() {
        List<String> options = new ArrayList<>();
        String extra = System.getenv("BENCH_SERVICE_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        options.addAll(profilerOptions());
        return options;
    }

    /** The gateway in front of a service is profiled with it: {@code BENCH_PROFILE} alone, not the service's extra options. */
    static List<String> profilerOptions() {
        String event = System.getenv("BENCH_PROFILE");
        return event == null || event.isBlank() ? List.of() : List.of(Profiler.agent(event.trim(), profileDir()));
    }

    /** Where {@code BENCH_PROFILE} writes its flame graphs ({@code BENCH_PROFILE_DIR}, default target/perf). */
    static Path profileDir() {
        String dir = System.getenv("BENCH_PROFILE_DIR");
        return Path.of(dir == null || dir.isBlank() ? "target/perf" : dir).toAbsolutePath();
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
