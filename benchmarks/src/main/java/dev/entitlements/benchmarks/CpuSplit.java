package dev.entitlements.benchmarks;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where the CPU of a benchmark step went, on a machine where the service, PostgreSQL and the driver
 * share the cores: CPU time of the service process, of all PostgreSQL processes and of the driver's
 * own JVM between two snapshots, per request.
 */
record CpuSplit(long serviceNanos, long postgresNanos, long driverNanos) {

    static CpuSplit now(ProcessHandle service) {
        return new CpuSplit(cpu(() -> service), postgres(), cpu(ProcessHandle::current));
    }

    /** This snapshot minus an earlier one, as milliseconds of CPU per request. */
    String perRequest(CpuSplit before, long requests) {
        return String.format(
                "CPU per request: service %.2f ms, postgres %.2f ms, driver %.2f ms",
                (serviceNanos - before.serviceNanos) / 1e6 / requests,
                (postgresNanos - before.postgresNanos) / 1e6 / requests,
                (driverNanos - before.driverNanos) / 1e6 / requests);
    }

    /** The service's CPU since {@code before}, milliseconds per request. */
    double serviceMillis(CpuSplit before, long requests) {
        return (serviceNanos - before.serviceNanos) / 1e6 / requests;
    }

    /** The driver's (this JVM's) CPU since {@code before}, milliseconds per request. */
    double driverMillis(CpuSplit before, long requests) {
        return (driverNanos - before.driverNanos) / 1e6 / requests;
    }

    private static long cpu(Supplier<ProcessHandle> process) {
        return process.get().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    // the postmaster and its backends (connections of the service and of the driver's JDBC reference)
    private static long postgres() {
        return ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(
                        p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }
}
