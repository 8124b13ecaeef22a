package dev.entitlements.benchmarks;

import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * pgbench, the physical reference of the benchmarks: a script of the service's statements run
 * straight against PostgreSQL, with no service in between.
 */
final class PgBench {

    /** Transactions per second and each transaction's latency (nanoseconds, sorted). */
    record Result(double tps, long[] nanos) {}

    private PgBench() {}

    /** The installed pgbench (beside the PostgreSQL binaries the tests use, else the client package's). */
    static Optional<Path> binary() {
        Optional<Path> local =
                Postgres.LocalPostgres.binaries().map(b -> b.resolve("pgbench")).filter(Files::isExecutable);
        return local.isPresent()
                ? local
                : Stream.of("/usr/bin/pgbench")
                        .map(Path::of)
                        .filter(Files::isExecutable)
                        .findFirst();
    }

    /** Runs {@code script} with {@code clients} for {@code seconds}; p50/p99 come from pgbench's per-transaction log. */
    static Result run(
            Path pgbench,
            PostgresServer pg,
            String database,
            Path script,
            int clients,
            int seconds,
            Map<String, String> defines)
            throws Exception {
        Path logs = Files.createTempDirectory("pgbench-");
        List<String> command = new ArrayList<>(List.of(
                pgbench.toString(),
                "-n",
                "-M",
                "extended",
                "-c",
                String.valueOf(clients),
                "-j",
                String.valueOf(Math.min(clients, 2)),
                "-T",
                String.valueOf(seconds),
                "-l",
                "--log-prefix=" + logs.resolve("tx")));
        defines.forEach((k, v) -> command.addAll(List.of("-D", k + "=" + v)));
        command.addAll(List.of(
                "-f", script.toString(), "-h", pg.host(), "-p", String.valueOf(pg.port()), "-U", pg.user(), database));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PGPASSWORD", pg.password());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + out);
        }
        double tps = Double.parseDouble(out.lines()
                .filter(l -> l.startsWith("tps = "))
                .findFirst()
                .orElseThrow()
                .replaceAll("tps = ([0-9.]+).*", "$1"));
        long[] nanos;
        try (Stream<Path> files = Files.list(logs)) {
            // pgbench's log: client, transaction, latency in µs, ...
            nanos = files.flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .mapToLong(l -> Long.parseLong(l.split(" ")[2]) * 1000)
                    .sorted()
                    .toArray();
        }
        return new Result(tps, nanos);
    }

    /** The {@code p}-th percentile of sorted nanoseconds, in milliseconds (NaN when empty). */
    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
