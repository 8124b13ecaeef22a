package dev.entitlements.infra.bench;

import java.util.List;

/** Settings every benchmark reads from the environment. */
final class BenchOptions {

    private BenchOptions() {
    }

    /**
     * Extra JVM options for the service under test, e.g.
     * {@code BENCH_SERVICE_JVM_OPTS=-XX:StartFlightRecording=filename=service.jfr} to profile it.
     */
    static List<String> serviceJvmOptions() {
        String extra = System.getenv("BENCH_SERVICE_JVM_OPTS");
        return extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    }
}
