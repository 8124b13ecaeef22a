package dev.entitlements.benchmarks;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the CPU of a benchmark step went, on a machine where the service, the gateway in front of
 * it (if any), PostgreSQL and the driver share the cores: CPU time of each between two snapshots,
 * per request.
 */
record CpuSplit(long serviceNanos, long gatewayNanos, long postgresNanos, long driverNanos) {

    static CpuSplit now(ProcessHandle service) {
        return now(service, Optional.empty());
    }

    /** With the gateway's CPU too, when the requests go through it. */
    static CpuSplit now(ProcessHandle service, Optional<ProcessHandle> gateway) {
        return new CpuSplit(
                cpu(() -> service), gateway.map(g -> cpu(() -> g)).orElse(0L), postgres(), cpu(ProcessHandle::current));
    }

    /** This snapshot minus an earlier one, as milliseconds of CPU per request. */
    String perRequest(CpuSplit before, long requests) {
        return String.format(
                "CPU per request: service %.2f ms, %spostgres %.2f ms, driver %.2f ms",
                (serviceNanos - before.serviceNanos) / 1e6 / requests,
                gatewayNanos == 0 ? "" : String.format("gateway %.2f ms, ", gatewayMillis(before, requests)),
                postgresMillis(before, requests),
                driverMillis(before, requests));
    }

    /** The service's CPU since {@code before}, milliseconds per request. */
    double serviceMillis(CpuSplit before, long requests) {
        return (serviceNanos - before.serviceNanos) / 1e6 / requests;
    }

    /** The gateway's CPU since {@code before}, milliseconds per request (0 without a gateway). */
    double gatewayMillis(CpuSplit before, long requests) {
        return (gatewayNanos - before.gatewayNanos) / 1e6 / requests;
    }

    /** PostgreSQL's CPU (every backend) since {@code before}, milliseconds per request. */
    double postgresMillis(CpuSplit before, long requests) {
        return (postgresNanos - before.postgresNanos) / 1e6 / requests;
    }

    /** The driver's (this JVM's) CPU since {@code before}, milliseconds per request. */
    double driverMillis(CpuSplit before, long requests) {
        return (driverNanos - before.driverNanos) / 1e6 / requests;
    }

    /** What serving cost, gateway + service + PostgreSQL (the driver excluded), milliseconds per request. */
    double servingMillis(CpuSplit before, long requests) {
        return serviceMillis(before, requests) + gatewayMillis(before, requests) + postgresMillis(before, requests);
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
