package dev.entitlements.benchmarks;

import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.infra.DemoData;
import dev.entitlements.infra.KafkaBroker;
import dev.entitlements.infra.LicensingStub;
import dev.entitlements.infra.Ports;
import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.issuer.TokenIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Start-up time and memory of the four services and the gateway in JVM mode, on the durable stack
 * (Kafka, PostgreSQL in its DURABLE mode unless {@code BENCH_PG=fast}, the licensing stand-in), with the local run's JVM
 * settings, for each way of starting a JVM faster that needs no change to the code:
 *
 * <ul>
 *   <li>the JDK the launcher runs on (17), as {@code ./run} starts the services today;
 *   <li>the same with a dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit}, written by a
 *       training run under load, then {@code -XX:SharedArchiveFile});
 *   <li>the same with leaner memory settings ({@link #lean});
 *   <li>JDK 25 ({@code BENCH_JDK25_HOME}, default Debian's Temurin 25 path), plain and with its AOT
 *       cache ({@code -XX:AOTCacheOutput}, then {@code -XX:AOTCache}); skipped when absent.
 * </ul>
 *
 * Per variant: the stack is started (training options, if any), loaded through the gateway, stopped
 * (the archives are written at exit), started again with the archives; then each process in turn is
 * stopped and started alone {@code runs} times, timed from the process start to its first 200 from
 * {@code /q/health/ready} (polled every 10 ms); after a load through the gateway of every service's
 * read path, each process's resident set (VmRSS) is read.
 *
 * <pre>
 * ./run bench startup [runs] [load-seconds] [variants]
 *     defaults 3 runs, 30 s of load at 200 requests/s, every variant; variants {@code as-run}: only
 *     the one {@code ./run} uses (what {@code ./run bench all} measures, its goal rows)
 * </pre>
 */
public final class StartupBenchmark {

    /** Start order: the gateway needs the others' addresses. */
    private static final List<String> SERVICES =
            List.of("entitlement-service", "assignment-service", "sync-service", "reporting-service");

    private static final int RATE = 200;
    private static final byte[] QUERY = "{\"pageSize\": 20}".getBytes(StandardCharsets.UTF_8);
    /** A read of each service through the gateway (sync-service has no read a load can repeat cheaply). */
    private static final List<String> READS = List.of(
            "/entitlements/query", "/tenants/self/entitlements/assignments/query", "/entitlements/utilizations/query");

    /** A way of starting the JVMs: which java, the options of the training run and of the measured runs. */
    record Variant(String name, Path java, Function<String, List<String>> train, Function<String, List<String>> use) {}

    /** One process's figures under a variant. */
    record Figures(String variant, String process, List<Long> readyMillis, long rssKib) {}

    private final Path root;
    private final int runs;
    private final int loadSeconds;
    private final boolean onlyAsRun;
    private final Path work;

    StartupBenchmark(Path root, int runs, int loadSeconds, boolean onlyAsRun) throws IOException {
        this.root = root;
        this.runs = runs;
        this.loadSeconds = loadSeconds;
        this.onlyAsRun = onlyAsRun;
        this.work = Files.createTempDirectory("bench-startup-");
    }

    /** Runs the benchmark, prints its tables; returns its summary rows (issue 22). */
    public static List<Ratio> run(Path root, List<String> args) throws Exception {
        String variants = args.size() > 2 ? args.get(2) : "all";
        if (!variants.equals("all") && !variants.equals(AS_RUN)) {
            throw new IllegalArgumentException("variants: all (default) or " + AS_RUN + ", not " + variants);
        }
        return new StartupBenchmark(
                        root,
                        BenchOptions.intArg(args, 0, 3),
                        BenchOptions.intArg(args, 1, 30),
                        variants.equals(AS_RUN))
                .run();
    }

    /** The argument that limits the run to the variant {@code ./run} uses. */
    static final String AS_RUN = "as-run";

    /** The goal's thresholds (issue 22): each process ready within 2 s, resident set under 200 MiB after load. */
    static final double GOAL_READY_MILLIS = 2_000;

    static final double GOAL_RSS_MIB = 200;

    /** The variant's name for a JDK with a dynamic AppCDS archive: the one {@code ./run} uses. */
    private static final IntFunction<String> APP_CDS = feature -> "JDK " + feature + " + AppCDS";

    /**
     * Prints the table of every variant; returns, for the variant {@code ./run} starts the services
     * with (the launcher's JDK with its class-data archives, {@code ClassDataArchive}), each process's
     * median ready time and RSS against
     * the goal's thresholds: there is no measured reference for start-up.
     */
    List<Ratio> run() throws Exception {
        System.out.printf(
                "[bench] startup: %d runs per process, %d s of load at %d/s; %s%n",
                runs, loadSeconds, RATE, BenchOptions.machine());
        List<Figures> figures = new ArrayList<>();
        try (KafkaBroker kafka = KafkaBroker.startTemporary();
                PostgresServer pg = Postgres.start(BenchOptions.durability());
                LicensingStub licensing = LicensingStub.start(
                        "127.0.0.1",
                        0,
                        account -> account.equals("acc-" + DemoData.MSP) ? DemoData.purchases() : null)) {
            KafkaBroker.createTopics(kafka.bootstrapServers(), 3);
            SERVICES.forEach(module -> pg.createDatabase(ServiceUnderTest.name(module)));
            // the demo world of ./run: the reads of the load answer with its pools, assignments and reports
            DemoData.publish(kafka.bootstrapServers());
            TokenIssuer issuer = TokenIssuer.generate(TokenIssuer.DEFAULT_ISSUER);
            Stack stack = new Stack(kafka, pg, licensing, issuer);
            for (Variant v : variants()) {
                if (onlyAsRun
                        && !v.name().equals(APP_CDS.apply(Runtime.version().feature()))) {
                    continue;
                }
                figures.addAll(measure(stack, v));
            }
        }
        System.out.printf("%n| variant | process | ready ms (each run) | median ms | RSS after load MiB |%n"
                + "|---|---|---|---:|---:|%n");
        for (Figures f : figures) {
            System.out.printf(
                    "| %s | %s | %s | %d | %d |%n",
                    f.variant(),
                    f.process(),
                    f.readyMillis(),
                    median(f.readyMillis()),
                    Math.round(f.rssKib() / 1024.0));
        }
        List<Ratio> ratios = new ArrayList<>();
        String asRun = APP_CDS.apply(Runtime.version().feature());
        for (Figures f : figures) {
            if (f.variant().equals(asRun)) {
                ratios.add(Ratio.belowThreshold(
                        "startup: " + f.process() + ", median ready, " + f.variant() + " as ./run",
                        median(f.readyMillis()),
                        "ms",
                        GOAL_READY_MILLIS));
                ratios.add(Ratio.belowThreshold(
                        "startup: " + f.process() + ", RSS after load, " + f.variant() + " as ./run",
                        f.rssKib() / 1024.0,
                        "MiB",
                        GOAL_RSS_MIB));
            }
        }
        return ratios;
    }

    private List<Variant> variants() {
        Path jdk = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("JDK " + Runtime.version().feature(), jdk, s -> List.of(), s -> List.of()),
                new Variant(
                        APP_CDS.apply(Runtime.version().feature()),
                        jdk,
                        s -> List.of("-XX:ArchiveClassesAtExit=" + work.resolve(s + ".jsa")),
                        s -> List.of("-XX:SharedArchiveFile=" + work.resolve(s + ".jsa"))),
                new Variant(
                        "JDK " + Runtime.version().feature() + " + AppCDS + lean",
                        jdk,
                        s -> lean("-XX:ArchiveClassesAtExit=" + work.resolve(s + "-lean.jsa")),
                        s -> lean("-XX:SharedArchiveFile=" + work.resolve(s + "-lean.jsa")))));
        Path jdk25 = Path.of(
                System.getenv().getOrDefault("BENCH_JDK25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        if (Files.isExecutable(jdk25)) {
            variants.add(new Variant("JDK 25", jdk25, s -> List.of(), s -> List.of()));
            variants.add(new Variant(
                    "JDK 25 + AOT cache",
                    jdk25,
                    s -> List.of("-XX:AOTCacheOutput=" + work.resolve(s + ".aot")),
                    s -> List.of("-XX:AOTCache=" + work.resolve(s + ".aot"))));
        } else {
            System.out.println("[bench] no JDK 25 at " + jdk25 + " (BENCH_JDK25_HOME): its variants are skipped");
        }
        return variants;
    }

    /**
     * Memory settings meant to cost no throughput: a smaller code cache than the 240 MiB the JVM
     * reserves by default, smaller thread stacks, and a heap given back when it is mostly free.
     */
    private static List<String> lean(String archive) {
        return List.of(
                archive,
                "-XX:ReservedCodeCacheSize=64m",
                "-Xss512k",
                "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30");
    }

    private List<Figures> measure(Stack stack, Variant v) throws Exception {
        if (!v.train().apply("x").isEmpty()) {
            System.out.printf("[bench] %s: training run%n", v.name());
            Map<String, ServiceProcess> trained = stack.start(v.java(), v.train(), work.resolve("train"));
            load(stack, trained.get("gateway"));
            stopAll(trained);
        }
        Map<String, ServiceProcess> up = stack.start(v.java(), v.use(), work.resolve("run"));
        try {
            load(stack, up.get("gateway")); // warm, as a restart in production finds its peers warm
            Map<String, List<Long>> ready = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (Map.Entry<String, ServiceProcess> e : up.entrySet()) {
                    ServiceProcess p = e.getValue();
                    p.terminate();
                    p.waitFor();
                    long t0 = System.nanoTime();
                    p.restart();
                    p.awaitReady(Duration.ofSeconds(120), Duration.ofMillis(10));
                    ready.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1_000_000);
                }
            }
            load(stack, up.get("gateway"));
            List<Figures> figures = new ArrayList<>();
            ready.forEach((name, millis) ->
                    figures.add(new Figures(v.name(), name, millis, up.get(name).rssKib())));
            figures.forEach(f -> System.out.printf(
                    "[bench] %s %s: ready %s ms, RSS %d MiB%n",
                    f.variant(), f.process(), f.readyMillis(), f.rssKib() / 1024));
            return figures;
        } finally {
            stopAll(up);
        }
    }

    /** The reads of every service through the gateway, open loop; the answers must be 200s. */
    private void load(Stack stack, ServiceProcess gateway) throws Exception {
        String bearer = "Bearer "
                + stack.issuer.mint(
                        "bench@startup", DemoData.MSP, "MSP", List.of(Roles.PRIME_ADMIN), Duration.ofHours(2));
        HttpLoad.Result r = new HttpLoad("127.0.0.1", gateway.port())
                .openLoop(
                        RATE,
                        loadSeconds,
                        8,
                        i -> new HttpLoad.Request(READS.get(i % READS.size()), bearer, QUERY),
                        response -> response.status() == 200);
        System.out.printf(
                "[bench] load: %,d requests at %.0f/s, p99 %.1f ms, errors %d%s%n",
                r.nanos().length,
                r.perSecond(),
                r.pct(99),
                r.errors(),
                r.firstError() == null ? "" : "; first failure: " + r.firstError());
    }

    private static void stopAll(Map<String, ServiceProcess> processes) throws InterruptedException {
        // TERM, not KILL: the JVM writes its archive at a normal exit
        for (ServiceProcess p : processes.values()) {
            p.terminate();
        }
        for (ServiceProcess p : processes.values()) {
            p.waitFor();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The infrastructure every variant shares, and how to start the five processes on it. */
    private final class Stack {
        final KafkaBroker kafka;
        final PostgresServer pg;
        final LicensingStub licensing;
        final TokenIssuer issuer;

        Stack(KafkaBroker kafka, PostgresServer pg, LicensingStub licensing, TokenIssuer issuer) {
            this.kafka = kafka;
            this.pg = pg;
            this.licensing = licensing;
            this.issuer = issuer;
        }

        /** The four services and the gateway, each with {@code options.apply(name)}; waits until all are ready. */
        Map<String, ServiceProcess> start(Path java, Function<String, List<String>> options, Path logs)
                throws IOException {
            Files.createDirectories(logs);
            Map<String, ServiceProcess> processes = new LinkedHashMap<>();
            Map<String, String> upstreams = new LinkedHashMap<>();
            for (String module : SERVICES) {
                String name = ServiceUnderTest.name(module);
                Map<String, String> env = ServiceProcess.env(kafka.bootstrapServers(), pg, name, issuer);
                env.put("LICENSING_URL", licensing.url());
                ServiceProcess p = ServiceProcess.start(
                        module,
                        java,
                        ServiceProcess.jar(root, module),
                        Ports.free(),
                        env,
                        options.apply(module),
                        logs.resolve(module + ".log"));
                processes.put(module, p);
                upstreams.put(name, "http://127.0.0.1:" + p.port());
            }
            processes.put(
                    "gateway",
                    GatewayFront.start(root, java, upstreams, options.apply("gateway"), logs.resolve("gateway.log")));
            processes.values().forEach(p -> p.awaitReady(Duration.ofSeconds(240)));
            return processes;
        }
    }
}
