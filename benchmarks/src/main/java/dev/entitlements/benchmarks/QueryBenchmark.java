package dev.entitlements.benchmarks;

import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.infra.KafkaBroker;
import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.issuer.TokenIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Latency of a 20-row {@code POST /entitlements/query} page under a fixed request rate, against the
 * packaged entitlement-service, over (a) one tenant with 100,000 entitlements and (b) 10,000 tenants
 * with 10 each. The rate is open-loop: requests leave on a schedule whatever the answers do, and
 * latency is counted from the scheduled time, so a stall shows up instead of slowing the load.
 * Reference, in the same run: the two SQL statements the service runs (the total from the
 * trigger-kept counts, and the page), sent by JDBC from this process, one after the other.
 *
 * <p>Issue 22's goals are measured through the packaged gateway, as clients query: the same
 * big-tenant load straight to the service and through the gateway gives the gateway's added p50
 * and its share of the CPU; the CPU of serving a request (gateway + service + PostgreSQL, from the
 * processes' CPU counters) is held against {@link #BEFORE_SERVING_MILLIS}; and a step at
 * {@link #GOAL_HIGH_RATE} gives the p99 at that rate.
 *
 * <pre>
 * ./run bench query [rate] [seconds]      defaults 500 requests/s for 30 s per scenario
 * </pre>
 */
public final class QueryBenchmark {

    private static final String DB = "entitlement_bench";
    private static final byte[] BODY = "{\"pageSize\": 20}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Path root;
    private final int rate;
    private final int seconds;
    private ProcessHandle service;
    private Optional<ProcessHandle> gateway = Optional.empty();

    QueryBenchmark(Path root, int rate, int seconds) {
        this.root = root;
        this.rate = rate;
        this.seconds = seconds;
    }

    /** Runs the benchmark, prints its tables; returns its summary rows (issue 22). */
    public static List<Ratio> run(Path root, List<String> args) throws Exception {
        return new QueryBenchmark(root, BenchOptions.intArg(args, 0, 500), BenchOptions.intArg(args, 1, 30)).run();
    }

    /** The goal of issue #4: p99 under 10 ms at 500 requests/s; issue 22: the same at 1,500/s, through the gateway. */
    static final int GOAL_RATE = 500;

    static final int GOAL_HIGH_RATE = 1_500;

    static final double GOAL_P99_MILLIS = 10;

    /**
     * Issue 22's reference for the CPU of serving one big-tenant page through the gateway (gateway +
     * service + PostgreSQL) at 500/s: this benchmark's figure before the issue's optimizations
     * (the jars of main at 442b309, durable PostgreSQL), median of three runs on the machine of
     * BENCHMARKS.md's three-run table (0.77, 0.77, 0.82 ms; 2026-12-07). The first machine gave
     * 2.20 ms: the constant holds only on the machine it was measured on, so it is measured again
     * there when the table moves to another one. The goal is half of it or less.
     */
    static final double BEFORE_SERVING_MILLIS = 0.77;

    static final double GOAL_SERVING_RATIO = 2.0;

    /** Issue 22: the gateway adds at most 0.5 ms at p50 and 15 % of the end-to-end CPU. */
    static final double GOAL_GATEWAY_P50_MILLIS = 0.5;

    static final double GOAL_GATEWAY_CPU_PERCENT = 15;

    List<Ratio> run() throws Exception {
        System.out.printf(
                "[bench] query: %d requests/s for %d s per scenario; %s%n", rate, seconds, BenchOptions.machine());
        try (KafkaBroker kafka = KafkaBroker.startTemporary();
                PostgresServer pg = Postgres.start(BenchOptions.durability())) {
            KafkaBroker.createTopics(kafka.bootstrapServers(), 3);
            pg.createDatabase(DB);
            TokenIssuer issuer = TokenIssuer.generate(TokenIssuer.DEFAULT_ISSUER);
            List<String> results = new ArrayList<>();
            List<Ratio> ratios = new ArrayList<>();
            try (ServiceProcess service = ServiceUnderTest.start(
                            root, "entitlement-service", ServiceProcess.env(kafka.bootstrapServers(), pg, DB, issuer));
                    ServiceProcess gatewayProcess = GatewayFront.start(
                                    root, "entitlement", service, Files.createTempFile("bench-gateway-", ".log"))
                            .awaitReady(Duration.ofSeconds(120))) {
                seed(pg); // after the service's migrations created the table
                String url = "/entitlements/query";
                this.service = service.handle();
                this.gateway = Optional.of(gatewayProcess.handle());
                // blocking keep-alive connections: java.net.http cost about 1 ms of CPU a request here
                HttpLoad direct = new HttpLoad("127.0.0.1", service.port());
                HttpLoad gateway = new HttpLoad("127.0.0.1", gatewayProcess.port());

                String big = token(issuer, "bench-big");
                Result bigSql = sqlAlone(pg, i -> "bench-big");
                results.add(row("1 tenant x 100,000: SQL alone (count + page, JDBC, sequential)", bigSql));
                // the JIT needs tens of seconds on two busy cores: measure the service warm, as it runs in production
                // ramped: a cold service hit at full rate queues until every request times out; long
                // enough that the CPU per request has stopped falling (the compiler threads are done)
                // through the gateway: the warm-up warms both processes
                int warm = BenchOptions.warmUpSeconds();
                load(gateway, url, i -> big, Math.max(1, warm / 6), rate / 4, "warm-up 1/4");
                load(gateway, url, i -> big, Math.max(1, warm / 3), rate / 2, "warm-up 1/2");
                load(gateway, url, i -> big, Math.max(1, warm / 2), rate, "warm-up");
                Result bigService = load(direct, url, i -> big, seconds, rate, "big tenant");
                results.add(row("1 tenant x 100,000: POST /entitlements/query", bigService));
                ratios.addAll(ratios("1 tenant x 100,000", bigService, bigSql));
                Result bigGateway = load(gateway, url, i -> big, seconds, rate, "via gateway");
                results.add(row("1 tenant x 100,000: the same through the gateway", bigGateway));
                ratios.addAll(gatewayRatios(bigService, bigGateway));
                Result high = load(gateway, url, i -> big, seconds, GOAL_HIGH_RATE, "1,500/s gw");
                results.add(row("1 tenant x 100,000: through the gateway at " + GOAL_HIGH_RATE + "/s", high));
                ratios.add(Ratio.lower(
                        "query: p99 through the gateway at " + GOAL_HIGH_RATE + "/s, 1 tenant x 100,000",
                        p99(high),
                        "ms",
                        p99(bigSql),
                        "p99 of the SQL alone (count + page, JDBC, sequential), same run",
                        Ratio.Threshold.below(GOAL_P99_MILLIS)));

                // every one of the 10,000 tenants, each with its own token, in turn (minted in parallel: RSA signing)
                String[] tokens = java.util.stream.IntStream.range(0, 10_000)
                        .parallel()
                        .mapToObj(i -> token(issuer, "bench-small-" + i))
                        .toArray(String[]::new);
                Result smallSql = sqlAlone(pg, i -> "bench-small-" + (i % 10_000));
                results.add(row("10,000 tenants x 10: SQL alone", smallSql));
                Result smallService = load(direct, url, i -> tokens[i % tokens.length], seconds, rate, "small tenants");
                results.add(row(
                        "10,000 tenants x 10: POST /entitlements/query (all 10,000 tenants, round robin)",
                        smallService));
                ratios.addAll(ratios("10,000 tenants x 10", smallService, smallSql));
            }
            System.out.printf(
                    "%n| scenario | requests | p50 ms | p90 ms | p99 ms | max ms | errors |%n|---|---:|---:|---:|---:|---:|---:|%n");
            results.forEach(System.out::println);
            return ratios;
        }
    }

    /** p99 and the service's CPU per request of one scenario, against the SQL alone. */
    private List<Ratio> ratios(String scenario, Result service, Result sql) {
        return List.of(
                Ratio.lower(
                        "query: POST /entitlements/query at " + rate + "/s, " + scenario + ", p99",
                        p99(service),
                        "ms",
                        p99(sql),
                        "p99 of the SQL alone (count + page, JDBC, sequential), same run",
                        Ratio.Threshold.NONE),
                Ratio.lower(
                        "query: service CPU per request at " + rate + "/s, " + scenario,
                        service.cpuMillis(),
                        "ms",
                        sql.cpuMillis(),
                        "CPU per request of the JDBC client sending the SQL alone (the driver's JVM), same run",
                        Ratio.Threshold.NONE));
    }

    /**
     * The same big-tenant load straight to the service and through the gateway: the CPU of serving
     * a request end to end against the figure before issue 22, the gateway's added p50 and its share.
     */
    private List<Ratio> gatewayRatios(Result direct, Result viaGateway) {
        String scenario = " at " + rate + "/s, 1 tenant x 100,000";
        Ratio.Threshold atGoalRate =
                Ratio.Threshold.ratioAtLeast(GOAL_SERVING_RATIO).onlyIf(rate == GOAL_RATE);
        return List.of(
                Ratio.lower(
                        "query: CPU per request through the gateway (gateway + service + PostgreSQL)" + scenario,
                        viaGateway.servingMillis(),
                        "ms",
                        BEFORE_SERVING_MILLIS,
                        "the same before issue 22's changes (main 442b309), a constant",
                        atGoalRate),
                Ratio.lower(
                        "query: p50 added by the gateway" + scenario,
                        pct(sorted(viaGateway), 50) - pct(sorted(direct), 50),
                        "ms",
                        Double.NaN,
                        "-",
                        Ratio.Threshold.below(GOAL_GATEWAY_P50_MILLIS)),
                Ratio.lower(
                        "query: the gateway's share of the CPU per request through it" + scenario,
                        100 * viaGateway.gatewayMillis() / viaGateway.servingMillis(),
                        "%",
                        Double.NaN,
                        "-",
                        Ratio.Threshold.below(GOAL_GATEWAY_CPU_PERCENT)));
    }

    private static long[] sorted(Result result) {
        long[] sorted = result.nanos().clone();
        Arrays.sort(sorted);
        return sorted;
    }

    private static double p99(Result result) {
        return pct(sorted(result), 99);
    }

    private static String token(TokenIssuer issuer, String tenant) {
        return issuer.mint("bench@" + tenant, tenant, "MSP", List.of(Roles.READ_ONLY), Duration.ofHours(2));
    }

    /** 100,000 entitlements of one tenant and 10 of each of 10,000 tenants, spread over five years. */
    private static void seed(PostgresServer pg) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(DB), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            String insert =
                    "INSERT INTO entitlement (id, tenant_id, account_id, external_id, sku, license_type, device_type, trial,"
                            + " r1_sku, usage_type, quantity, effective_date, expiration_date, sku_tier, created_date, updated_date, event_time)"
                            + " SELECT md5(t || '/' || n), t, 'acc-' || t, 'line-' || n, 'CLD-APSW-1Y', 'APSW', 'APSW', n % 10 = 0, true,"
                            + " CASE WHEN n % 7 = 0 THEN 'ASSIGNED' ELSE 'SELF' END, 1 + n % 100,"
                            + " now() - (n % 1000) * INTERVAL '1 day', now() + ((n * 37) % 1800 - 300) * INTERVAL '1 day', 'Gold',"
                            + " now(), now(), now() FROM ";
            // a bulk load goes around the per-row count trigger and recounts once (200,000 updates of
            // four hot rows would take minutes), as an operator's bulk repair would
            s.execute("ALTER TABLE entitlement DISABLE TRIGGER entitlement_count");
            s.execute(insert + "(SELECT 'bench-big' AS t, n FROM generate_series(1, 100000) n) x");
            s.execute(insert + "(SELECT 'bench-small-' || (n / 10) AS t, n FROM generate_series(0, 99999) n) x");
            s.execute("ALTER TABLE entitlement ENABLE TRIGGER entitlement_count");
            s.execute(
                    "INSERT INTO entitlement_count SELECT tenant_id, usage_type, license_type, COALESCE(device_type, ''), trial,"
                            + " assigned_license, count(*) FROM entitlement WHERE cancelled_date IS NULL GROUP BY 1, 2, 3, 4, 5, 6");
            s.execute("VACUUM ANALYZE");
        }
        System.out.printf("[bench] seeded 200,000 entitlements in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** The service's two statements for the default page, straight from JDBC: the floor under the service. */
    private Result sqlAlone(PostgresServer pg, IntFunction<String> tenant) throws Exception {
        String status =
                "(CASE WHEN now() < effective_date THEN 'FUTURE' WHEN now() > expiration_date + INTERVAL '999 milliseconds'"
                        + " THEN 'EXPIRED' ELSE 'VALID' END)";
        String where = " FROM entitlement WHERE cancelled_date IS NULL AND tenant_id = ?";
        int n = Math.min(rate * seconds, 5000);
        long[] nanos = new long[n];
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(DB), pg.user(), pg.password());
                PreparedStatement count =
                        c.prepareStatement("SELECT sum(live) FROM entitlement_count WHERE tenant_id = ?");
                PreparedStatement page =
                        c.prepareStatement("SELECT id, external_id, sku, license_type, device_type, device_sub_type,"
                                + " quantity, effective_date, expiration_date, " + status
                                + ", trial, r1_sku, sku_tier, usage_type,"
                                + " assigned_license, courtesy, alm, alm_activation_id, alm_so_ent_quantity, created_date, updated_date"
                                + where
                                + " ORDER BY expiration_date, id LIMIT 20")) {
            CpuSplit before = null;
            for (int i = -500; i < n; i++) {
                if (i == 0) {
                    before = CpuSplit.now(service);
                }
                long t0 = System.nanoTime();
                count.setString(1, tenant.apply(i & 0x7fffffff));
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                }
                page.setString(1, tenant.apply(i & 0x7fffffff));
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
            return new Result(nanos, -1, CpuSplit.now(service).driverMillis(before, n), Double.NaN, Double.NaN);
        }
    }

    /**
     * Latencies in nanoseconds; errors -1 where nothing can fail but the run itself; the CPU per
     * request in milliseconds of the service (HTTP load) or of the driver's JDBC client (SQL alone),
     * of the gateway and of serving (gateway + service + PostgreSQL; NaN for the SQL alone).
     */
    private record Result(long[] nanos, int errors, double cpuMillis, double gatewayMillis, double servingMillis) {}

    /** Open-loop load at {@code rate} for {@code secs} by {@code http}; latencies from each request's scheduled start. */
    private Result load(HttpLoad http, String path, IntFunction<String> token, int secs, int rate, String label)
            throws Exception {
        CpuSplit cpuBefore = CpuSplit.now(service, gateway);
        HttpLoad.Result r = http.openLoop(
                rate,
                secs,
                32,
                i -> new HttpLoad.Request(path, "Bearer " + token.apply(i), BODY),
                response -> response.status() == 200 && response.body().contains("\"data\":[{"));
        CpuSplit cpuAfter = CpuSplit.now(service, gateway);
        System.out.printf(
                "[bench] %-14s %,d requests at %.0f/s: p50 %.2f ms, p99 %.2f ms, errors %d; %s%s%n",
                label,
                r.nanos().length,
                r.perSecond(),
                r.pct(50),
                r.pct(99),
                r.errors(),
                cpuAfter.perRequest(cpuBefore, r.nanos().length),
                r.firstError() == null ? "" : "; first failure: " + r.firstError());
        long requests = Math.max(1, r.nanos().length);
        return new Result(
                r.nanos(),
                r.errors(),
                cpuAfter.serviceMillis(cpuBefore, requests),
                cpuAfter.gatewayMillis(cpuBefore, requests),
                cpuAfter.servingMillis(cpuBefore, requests));
    }

    private static String row(String scenario, Result result) {
        long[] sorted = sorted(result);
        String errors = result.errors() < 0 ? "-" : String.valueOf(result.errors());
        return String.format(
                "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %s |",
                scenario,
                sorted.length,
                pct(sorted, 50),
                pct(sorted, 90),
                pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6,
                errors);
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
