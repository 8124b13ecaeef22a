package dev.entitlements.infra.faults;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.contract.events.TenantUpserted;
import dev.entitlements.infra.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fault run (issue 18; docs/reliability.md): starts the platform on a durable PostgreSQL,
 * drives the mixed load, injects each fault of the plan at a seeded random moment, and counts
 * what came out: answers by status per fault, the slowest, hung requests, bodies that are not the
 * JSON error, writes acknowledged against rows in the assignment database and both read models
 * (lost, doubled, refused but present), events on the topic, dead letters, outbox backlog, the
 * capacity rule sampled twice a second, liveness, and the time to recover after each fault.
 *
 * <pre>
 * ./run faults                    every fault 3 times (about 45 minutes on 2 cores)
 * ./run faults --repeat 1         every fault once
 * ./run faults --ci               the CI plan (FaultRunIT): a broker kill, a PostgreSQL crash, a kill mid outbox batch
 * ./run faults --memory           adds a 5-minute broker outage under write load, with memory before and after
 * ./run faults --soak 30m         no faults: the load for 30 minutes, RSS, heap after GC, connections and backlog every 30 s
 * ./run faults --two-instances    two instances of each service, 6 partitions a topic; each service's partitions moved
 *                                 by a TERM, a SIGKILL and a SIGSTOP past the session timeout of one instance (docs/scaling.md, 7)
 * ./run faults --seed 42          the same moments again
 * </pre>
 */
public final class FaultRun {

    /** What to inject and how hard to load. */
    public record Plan(
            String name,
            List<Faults.Fault> faults,
            double writesPerSecond,
            Duration gapMin,
            Duration gapMax,
            Duration soak,
            Platform.Layout layout,
            Duration patience) {

        /** The CI plan: one broker kill (10 s down), one PostgreSQL crash (10 s down), one kill of assignment-service mid outbox batch. */
        public static Plan ci() {
            return new Plan(
                    "ci",
                    List.of(
                            Faults.brokerKilled(Duration.ofSeconds(10)),
                            Faults.postgresCrashed(Duration.ofSeconds(10)),
                            Faults.serviceKilledMidOutbox("assignment")),
                    3,
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(8),
                    null,
                    Platform.Layout.single(),
                    Duration.ofSeconds(90));
        }

        /** Every fault of issue 18, {@code repeat} times each, in a seeded order. */
        public static Plan full(int repeat, boolean memory, long seed) {
            List<Faults.Fault> one = new ArrayList<>(List.of(
                    Faults.brokerPausedThenKilled(Duration.ofSeconds(30)),
                    Faults.postgresCrashed(Duration.ofSeconds(30)),
                    Faults.serviceKilled("entitlement"),
                    Faults.serviceKilledMidOutbox("assignment"),
                    Faults.serviceKilled("sync"),
                    Faults.serviceKilled("reporting"),
                    Faults.serviceKilled("gateway"),
                    Faults.servicePaused("assignment", Duration.ofSeconds(10)),
                    Faults.bucketsLocked(Duration.ofSeconds(10)),
                    Faults.databaseRefusing("entitlement", Duration.ofSeconds(40)),
                    Faults.databaseRefusing("reporting", Duration.ofSeconds(40))));
            List<Faults.Fault> all = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                List<Faults.Fault> round = new ArrayList<>(one);
                java.util.Collections.shuffle(round, new Random(seed + i));
                all.addAll(round);
            }
            if (memory) {
                all.add(Faults.brokerKilled(Duration.ofMinutes(5)));
            }
            return new Plan(
                    repeat + "x",
                    all,
                    3,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(20),
                    null,
                    Platform.Layout.secondSync(),
                    Duration.ofSeconds(180));
        }

        /**
         * Two instances of each service; for each service in turn, its partitions moved three ways
         * under load, in a seeded order and on a seeded instance: one instance stopped with TERM and
         * started again, one SIGKILLed and started again, one frozen (SIGSTOP) for {@link
         * #PAST_SESSION} and resumed. 12 moves.
         */
        static Plan twoInstances(long seed) {
            Random r = new Random(seed);
            List<Faults.Fault> moves = new ArrayList<>();
            for (String name : Platform.NAMES) {
                List<Faults.Fault> three = new ArrayList<>(List.of(
                        Faults.serviceStopped(name, r.nextInt(2)),
                        Faults.serviceKilled(name, r.nextInt(2)),
                        Faults.instancePaused(name, r.nextInt(2), PAST_SESSION)));
                java.util.Collections.shuffle(three, r);
                moves.addAll(three);
            }
            return new Plan(
                    "two-instances",
                    moves,
                    4,
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(8),
                    null,
                    Platform.Layout.twoOfEach(),
                    Duration.ofSeconds(120));
        }

        static Plan soak(Duration length, double rate) {
            return new Plan(
                    "soak",
                    List.of(),
                    rate,
                    Duration.ZERO,
                    Duration.ZERO,
                    length,
                    Platform.Layout.single(),
                    Duration.ofSeconds(180));
        }

        /**
         * How long a frozen instance stays frozen: twice the consumers' session timeout (10 s, common's
         * microprofile-config.properties), so the group has dropped it and rebalanced before it resumes.
         */
        static final Duration PAST_SESSION = Duration.ofSeconds(20);
    }

    /** What the checks found: the figures a test asserts on, and the report. */
    public record Result(
            long seed,
            int acknowledged,
            int lost,
            int doubled,
            int refusedButPresent,
            int overAllocatedSamples,
            int overPeaks,
            int hung,
            int status500,
            int badBodies,
            int readModelDivergence,
            int projectionMismatches,
            List<Double> recoverySeconds,
            String report) {

        /** Every fault recovered within the patience (no -1). */
        public boolean allRecovered() {
            return recoverySeconds.stream().noneMatch(s -> s < 0);
        }
    }

    static final List<String> TENANTS = List.of("fault-msp-0", "fault-msp-1", "fault-msp-2", "fault-msp-3");
    private static final int POOL = 60;
    /**
     * Writes a second of the soak: half of what the mixed load sustains on the 2-core reference
     * machine with every process of the platform and this driver on it (docs/reliability.md, "Soak").
     */
    static final double SOAK_RATE = 75;

    private final Path root;
    private final Plan plan;
    private final long seed;
    private final AtomicReference<String> phase = new AtomicReference<>("start");
    private final long startedNanos = System.nanoTime();
    /** Fault → what still was not back when its patience ran out. */
    private final Map<String, String> blockers = new LinkedHashMap<>();

    public FaultRun(Path root, Plan plan, long seed) {
        this.root = root;
        this.plan = plan;
        this.seed = seed;
    }

    /**
     * {@code ./run faults [--ci | --two-instances] [--repeat N] [--memory] [--soak 30m] [--seed N]}; exits 1 when
     * something was lost, doubled, over-allocated, projected twice or not at all, or hung.
     */
    public static void main(Path root, List<String> args) throws Exception {
        long seed = args.contains("--seed")
                ? Long.parseLong(args.get(args.indexOf("--seed") + 1))
                : new Random().nextInt(1_000_000);
        Plan plan;
        if (args.contains("--ci")) {
            plan = Plan.ci();
        } else if (args.contains("--two-instances")) {
            plan = Plan.twoInstances(seed);
        } else if (args.contains("--soak")) {
            String len = args.get(args.indexOf("--soak") + 1);
            double rate =
                    args.contains("--rate") ? Double.parseDouble(args.get(args.indexOf("--rate") + 1)) : SOAK_RATE;
            plan = Plan.soak(Duration.parse("PT" + len.toUpperCase()), rate);
        } else {
            int repeat = args.contains("--repeat") ? Integer.parseInt(args.get(args.indexOf("--repeat") + 1)) : 3;
            plan = Plan.full(repeat, args.contains("--memory"), seed);
        }
        Result r = new FaultRun(root, plan, seed).run();
        Path out = root.resolve(".local/faults/report-" + seed + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, r.report());
        System.out.println(r.report());
        System.out.println("[faults] report written to " + root.relativize(out));
        boolean ok = r.lost() == 0
                && r.doubled() == 0
                && r.overAllocatedSamples() == 0
                && r.overPeaks() == 0
                && r.projectionMismatches() == 0
                && r.hung() == 0
                && r.status500() == 0
                && r.badBodies() == 0
                && r.readModelDivergence() == 0
                && r.allRecovered();
        System.exit(ok ? 0 : 1);
    }

    public Result run() throws Exception {
        log(
                "seed %d, plan %s (%d faults), %.0f writes/s; %s",
                seed, plan.name(), plan.faults().size(), plan.writesPerSecond(), machine());
        Path dir = root.resolve(".local/faults/run-" + seed);
        long t0 = System.nanoTime();
        try (Platform p = Platform.start(root, dir, plan.layout())) {
            log(
                    "platform up in %d s: kafka %s, postgres %s; logs %s",
                    (System.nanoTime() - t0) / 1_000_000_000,
                    p.kafka.bootstrapServers(),
                    p.pg.kind(),
                    root.relativize(dir.resolve("logs")));
            seed(p);
            Checks checks = new Checks(p, TENANTS);
            Ledger ledger = new Ledger();
            Map<String, long[]> memoryBefore = memory(p, checks);
            Map<String, Integer> connectionsBefore = checks.connections();
            // the rebalances of the start (each instance's join) are not the faults'
            Map<String, Integer> rebalancesBefore = checks.rebalances();
            Instant started = Instant.now();
            phase.set("steady");
            checks.startSampler(phase::get);
            List<String[]> soakRows = new ArrayList<>();
            List<Double> recoveries = new ArrayList<>();
            Map<String, Long> dlq = new LinkedHashMap<>();
            Map<String, Double> recovery = new LinkedHashMap<>();
            blockers.clear();
            // service → {RSS, heap after GC} before and after the 5-minute broker outage
            Map<String, long[]> memoryAround = new LinkedHashMap<>();
            try (LoadMix load = new LoadMix(p, ledger, phase::get, seed, TENANTS, plan.writesPerSecond())) {
                load.start();
                Random moments = new Random(seed);
                Faults.sleep(Duration.ofSeconds(10));
                if (plan.soak() != null) {
                    soak(p, checks, ledger, plan.soak(), soakRows);
                }
                int i = 0;
                for (Faults.Fault f : plan.faults()) {
                    long gap = plan.gapMin().toMillis()
                            + (long) (moments.nextDouble()
                                    * (plan.gapMax().toMillis() - plan.gapMin().toMillis()));
                    Faults.sleep(Duration.ofMillis(gap));
                    String label = "F" + (++i) + " " + f.name();
                    long dlqBefore = checks.deadLetters();
                    int baseline = checks.divergence();
                    boolean longOutage = f.name().contains("down 300 s");
                    if (longOutage) {
                        memory(p, checks).forEach((s, m) -> memoryAround.put(s, new long[] {m[0], m[1], 0, 0}));
                    }
                    log(
                            "%s at +%d s (gap %.1f s)",
                            label, Duration.between(started, Instant.now()).toSeconds(), gap / 1000.0);
                    phase.set(label);
                    try {
                        f.inject(p);
                    } catch (Exception e) {
                        log("%s: the injection failed: %s", label, e);
                    }
                    if (longOutage) {
                        memory(p, checks).forEach((s, m) -> {
                            long[] around = memoryAround.computeIfAbsent(s, k -> new long[4]);
                            around[2] = m[0];
                            around[3] = m[1];
                        });
                    }
                    double rec = checks.awaitRecovery(plan.patience(), baseline);
                    recoveries.add(rec);
                    recovery.put(label, rec);
                    if (rec < 0) {
                        blockers.put(label, checks.blocker);
                    }
                    long dlqAfter = checks.deadLetters();
                    dlq.put(label, dlqBefore < 0 || dlqAfter < 0 ? -1 : dlqAfter - dlqBefore);
                    log(
                            "%s: recovered in %s",
                            label,
                            rec < 0
                                    ? "NOT within " + plan.patience().toSeconds() + " s: " + checks.blocker
                                    : String.format("%.1f s", rec));
                    phase.set("steady");
                }
                if (plan.faults().isEmpty() && plan.soak() == null) {
                    Faults.sleep(Duration.ofSeconds(30));
                }
                phase.set("settle");
                // writes still in doubt get their answer now that every fault is over
                load.stop(Duration.ofSeconds(60));
            }
            // the end: the read models must equal the assignment database (baseline 0), unless something was lost for
            // good
            double settle = checks.awaitRecovery(Duration.ofSeconds(plan.name().equals("ci") ? 60 : 120), 0);
            checks.stopSampler();
            Map<String, long[]> memoryAfter = memory(p, checks);
            Map<String, Integer> connectionsAfter = checks.connections();
            return report(
                    p,
                    checks,
                    ledger,
                    recovery,
                    dlq,
                    settle,
                    memoryBefore,
                    memoryAfter,
                    memoryAround,
                    connectionsBefore,
                    connectionsAfter,
                    rebalancesBefore,
                    soakRows,
                    recoveries);
        }
    }

    /** The run's tenants (MSPs with a pool of {@value #POOL} APSW each, a buyer, a usage reporter) through the real topics. */
    private void seed(Platform p) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String t : TENANTS) {
                CloudEvent e = CloudEvent.of(
                        EventType.TENANT_UPSERTED,
                        "/fault-run",
                        t,
                        new TenantUpserted(t, "Fault MSP " + t, "MSP", null));
                ProducerRecord<String, String> r = new ProducerRecord<>(EventType.TENANT_UPSERTED.topic(), t, e.data());
                e.writeTo(r.headers());
                producer.send(r);
                PurchaseRecord pool = new PurchaseRecord(
                        t,
                        "acc-" + t,
                        "pool-" + t,
                        "APSW-MSP50-1Y",
                        POOL,
                        today.minusDays(1).toString(),
                        today.plusDays(360).toString(),
                        "Gold",
                        null,
                        null,
                        null,
                        null,
                        null);
                p.licensed.put("acc-" + t, List.of(pool));
                producer.send(new ProducerRecord<>(Topics.LICENSING_PURCHASES, t, EventJson.write(pool)));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = p.db("assignment");
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT count(DISTINCT provider_tenant_id), coalesce(sum(quantity), 0) FROM pool"
                                    + " WHERE provider_tenant_id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("varchar", TENANTS.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == TENANTS.size()) {
                        log("pools projected: %d tenants, %d APSW licenses in all", rs.getInt(1), rs.getLong(2));
                        return;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the pools did not reach assignment-service within 180 s; see the logs");
    }

    /** Service → {RSS MiB, heap after GC MiB}. */
    private static Map<String, long[]> memory(Platform p, Checks checks) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (ServiceProcess s : p.all()) {
            out.put(s.name(), new long[] {s.rssKib() / 1024, checks.heapAfterGcMiB(s)});
        }
        return out;
    }

    private void soak(Platform p, Checks checks, Ledger ledger, Duration length, List<String[]> rows) {
        long t0 = System.nanoTime();
        long sampledAt = t0;
        int answeredBefore = ledger.answers.size();
        while (System.nanoTime() - t0 < length.toNanos()) {
            Map<String, long[]> m = memory(p, checks);
            Map<String, Integer> backlog = checks.backlogs();
            int connections = checks.connections().values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            int answered = ledger.answers.size();
            double perSecond = (answered - answeredBefore) / Math.max(1.0, (System.nanoTime() - sampledAt) / 1e9);
            answeredBefore = answered;
            sampledAt = System.nanoTime();
            rows.add(new String[] {
                String.valueOf((System.nanoTime() - t0) / 60_000_000_000L),
                String.format("%.0f", perSecond),
                m.values().stream().mapToLong(v -> v[0]).sum() + "",
                m.values().stream().mapToLong(v -> Math.max(0, v[1])).sum() + "",
                connections + "",
                backlog.values().stream().mapToInt(Integer::intValue).sum() + ""
            });
            log(
                    "soak +%s min: %s answers/s, RSS %s MiB, heap after GC %s MiB, connections %s, outbox %s",
                    (Object[]) rows.get(rows.size() - 1));
            Faults.sleep(Duration.ofSeconds(30));
        }
    }

    private Result report(
            Platform p,
            Checks checks,
            Ledger ledger,
            Map<String, Double> recovery,
            Map<String, Long> dlq,
            double settle,
            Map<String, long[]> memBefore,
            Map<String, long[]> memAfter,
            Map<String, long[]> memAround,
            Map<String, Integer> connBefore,
            Map<String, Integer> connAfter,
            Map<String, Integer> rebalancesBefore,
            List<String[]> soakRows,
            List<Double> recoveries)
            throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Fault run, seed ")
                .append(seed)
                .append(", plan ")
                .append(plan.name())
                .append("\n\n");
        md.append("Wall time ")
                .append(Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds())
                .append(" s. Machine: ")
                .append(machine())
                .append(". PostgreSQL: ")
                .append(p.pg.kind())
                .append(".\n");
        md.append("Reproduce: `./run faults ")
                .append(planOption())
                .append("--seed ")
                .append(seed)
                .append("`\n\n");

        // answers per phase
        Map<String, List<Ledger.Answer>> byPhase = ledger.answers.stream()
                .collect(Collectors.groupingBy(Ledger.Answer::phase, LinkedHashMap::new, Collectors.toList()));
        md.append("### Answers per fault ("
                + (plan.layout().loadDirect()
                        ? "straight to the instances of each service, the one a fault acts on left out until it is ready"
                        : "through the gateway")
                + "; a phase lasts from the injection to the recovery)\n\n");
        md.append(
                "| phase | requests | by status (0 = no answer) | 503 share | 503 without Retry-After | 500 | hung (> 10 s) | slowest ms"
                        + " | error bodies not JSON | DLQ + | max outbox backlog | over-allocated samples | liveness DOWN (of answers) | recovered in s |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        int hung = 0;
        int s500 = 0;
        int bad = 0;
        List<String> phases = new ArrayList<>(List.of("steady"));
        phases.addAll(recovery.keySet());
        phases.add("settle");
        for (String ph : phases) {
            List<Ledger.Answer> as = byPhase.getOrDefault(ph, List.of()).stream()
                    .filter(a -> a.status() >= 0)
                    .toList();
            Checks.PhaseSamples s = checks.samples(ph);
            Map<Integer, Long> statuses = as.stream()
                    .collect(Collectors.groupingBy(Ledger.Answer::status, TreeMap::new, Collectors.counting()));
            long n503 = statuses.getOrDefault(503, 0L);
            long noRetryAfter = as.stream()
                    .filter(a -> a.status() == 503 && !a.retryAfter())
                    .count();
            long h = as.stream().filter(Ledger.Answer::hung).count();
            long e500 = statuses.getOrDefault(500, 0L);
            long notJson =
                    as.stream().filter(a -> a.status() >= 400 && !a.jsonBody()).count();
            hung += h;
            s500 += e500;
            bad += notJson;
            md.append(String.format(
                    "| %s | %d | %s | %s | %d | %d | %d | %d | %d | %s | %s | %d of %d | %d of %d | %s |%n",
                    ph,
                    as.size(),
                    statuses.entrySet().stream()
                            .map(e -> e.getKey() + "×" + e.getValue())
                            .collect(Collectors.joining(" ")),
                    as.isEmpty() ? "-" : String.format("%.0f %%", 100.0 * n503 / as.size()),
                    noRetryAfter,
                    e500,
                    h,
                    as.stream().mapToLong(Ledger.Answer::millis).max().orElse(0),
                    notJson,
                    dlq.containsKey(ph) ? String.valueOf(dlq.get(ph)) : "-",
                    s.maxBacklog.entrySet().stream()
                            .filter(e -> e.getValue() != 0)
                            .map(e -> e.getKey() + " " + (e.getValue() < 0 ? "n/a" : e.getValue()))
                            .sorted()
                            .collect(Collectors.joining(", ")),
                    s.overAllocated.get(),
                    s.samples.get(),
                    s.liveDown.get(),
                    s.liveSamples.get(),
                    recovery.containsKey(ph)
                            ? (recovery.get(ph) < 0
                                    ? "**not in " + plan.patience().toSeconds() + " s**"
                                    : String.format("%.1f", recovery.get(ph)))
                            : ph.equals("settle")
                                    ? (settle < 0 ? "**not reached**" : String.format("%.1f", settle))
                                    : "-"));
        }
        md.append("\n| operation | answers by status, whole run |\n|---|---|\n");
        ledger.answers.stream()
                .filter(a -> a.status() >= 0)
                .collect(Collectors.groupingBy(
                        Ledger.Answer::op,
                        TreeMap::new,
                        Collectors.groupingBy(Ledger.Answer::status, TreeMap::new, Collectors.counting())))
                .forEach((op, st) -> md.append("| ")
                        .append(op)
                        .append(" | ")
                        .append(st.entrySet().stream()
                                .map(e -> e.getKey() + "×" + e.getValue())
                                .collect(Collectors.joining(" ")))
                        .append(" |\n"));
        if (!blockers.isEmpty()) {
            md.append(
                    "\n| fault not recovered from | what was still not back when the patience ran out |\n|---|---|\n");
            blockers.forEach(
                    (f, b) -> md.append("| ").append(f).append(" | ").append(b).append(" |\n"));
        }
        if (settle < 0) {
            md.append("\nAt the end: ").append(checks.blocker).append("\n");
        }
        long skipped = ledger.answers.stream().filter(a -> a.status() < 0).count();
        if (skipped > 0) {
            md.append("\n")
                    .append(skipped)
                    .append(" writes were not sent: 48 were already waiting for an answer (client saturated).\n");
        }

        // the ledger against the databases
        Map<String, Integer> rows = checks.rowsBySubject();
        Map<Long, Boolean> truth = checks.assignments();
        int lost = 0;
        int doubled = (int) rows.values().stream().filter(n -> n > 1).count();
        int refusedPresent = 0;
        int acked = 0;
        int unknownPresent = 0;
        int unknownAbsent = 0;
        Map<Ledger.Kind, int[]> perKind = new LinkedHashMap<>();
        for (Ledger.Write w : ledger.writes.values()) {
            int[] k = perKind.computeIfAbsent(w.kind, x -> new int[3]);
            k[w.outcome.ordinal()]++;
            boolean rowMade = rows.getOrDefault(w.subject, 0) > 0;
            switch (w.kind) {
                case CREATE, UPDATE -> {
                    if (w.outcome == Ledger.Outcome.ACKED) {
                        acked++;
                        if (!truth.containsKey(w.assignmentId) || !rowMade) {
                            lost++;
                        } else if (w.kind == Ledger.Kind.UPDATE && !Boolean.TRUE.equals(truth.get(w.target))) {
                            lost++; // the replaced assignment must be revoked
                        }
                    } else if (w.outcome == Ledger.Outcome.REFUSED && rowMade) {
                        refusedPresent++;
                    } else if (w.outcome == Ledger.Outcome.UNKNOWN) {
                        if (rowMade) {
                            unknownPresent++;
                        } else {
                            unknownAbsent++;
                        }
                    }
                }
                case REVOKE -> {
                    if (w.outcome == Ledger.Outcome.ACKED) {
                        acked++;
                        if (!Boolean.TRUE.equals(truth.get(w.target))) {
                            lost++;
                        }
                    }
                }
            }
        }
        Checks.Divergence ent = Checks.compare(truth, checks.readModel("entitlement"));
        Checks.Divergence rep = Checks.compare(truth, checks.readModel("reporting"));
        Checks.TopicEvents events = checks.assignmentEvents();
        String[] lines = ledger.purchaseLines.toArray(String[]::new);
        int purchasesIn = checks.countIn(
                "entitlement",
                "SELECT count(DISTINCT external_id) FROM entitlement WHERE tenant_id = '" + LoadMix.BUYER
                        + "' AND external_id = ANY(?)",
                "varchar",
                lines);
        Object[] days = ledger.usageDays.stream().map(java.sql.Date::valueOf).toArray();
        int usageIn = checks.countIn(
                "reporting",
                "SELECT count(*) FROM device_usage WHERE tenant_id = '" + LoadMix.USAGE + "' AND usage_date = ANY(?)",
                "date",
                days);

        md.append("\n### Writes: acknowledged ⇒ present exactly once, refused ⇒ absent\n\n");
        md.append("| write | acknowledged | refused (4xx) | no definitive answer |\n|---|---:|---:|---:|\n");
        perKind.forEach((k, v) ->
                md.append(String.format("| %s | %d | %d | %d |%n", k.name().toLowerCase(), v[0], v[1], v[2])));
        md.append("\n| check | result |\n|---|---|\n");
        md.append(String.format(
                "| acknowledged writes lost (row missing, or the revoke/replace not in the assignment database) | **%d** of %d |%n",
                lost, acked));
        md.append(String.format(
                "| writes doubled (two rows for one create/update, retries included) | **%d** |%n", doubled));
        md.append(String.format("| refused writes present anyway | **%d** |%n", refusedPresent));
        md.append(String.format(
                "| writes without a definitive answer: done / not done | %d / %d |%n", unknownPresent, unknownAbsent));
        md.append(String.format(
                "| entitlement read model vs assignment database: missing / stale / extra | %d / %d / %d of %d |%n",
                ent.missing(), ent.stale(), ent.extra(), truth.size()));
        md.append(String.format(
                "| reporting model vs assignment database: missing / stale / extra | %d / %d / %d of %d |%n",
                rep.missing(), rep.stale(), rep.extra(), truth.size()));
        md.append(String.format(
                "| assignment.events of the run: records / distinct ce_id (duplicates on the topic are allowed) | %d / %d |%n",
                events.records(), events.distinct()));
        md.append(String.format(
                "| purchases acknowledged by the broker / in the entitlement read model | %d / %d |%n",
                lines.length, purchasesIn));
        md.append(String.format(
                "| device-usage events acknowledged / in the reporting model | %d / %d |%n", days.length, usageIn));
        md.append(String.format(
                "| not published (broker away): %s | |%n",
                ledger.published.entrySet().stream()
                        .filter(e -> e.getKey().contains("not"))
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))));
        int overAllocated = checks.phases.values().stream()
                .mapToInt(s -> s.overAllocated.get())
                .sum();
        int samples =
                checks.phases.values().stream().mapToInt(s -> s.samples.get()).sum();
        md.append(String.format(
                "| over-allocation samples (sum of live assignments > pool at some instant) | **%d** of %d |%n",
                overAllocated, samples));
        md.append(String.format(
                "| final settle (all ready, outboxes empty, read models equal) | %s |%n",
                settle < 0 ? "**not reached**" : String.format("%.1f s", settle)));
        List<Checks.Peak> peaks = checks.peaks();
        int overPeaks = (int) peaks.stream().filter(k -> k.held() > k.pool()).count();
        md.append(String.format(
                "| tenants whose live assignments at their busiest instant exceed the pool (TwoInstanceConcurrencyIT's peak) | **%d** of %d: %s |%n",
                overPeaks,
                peaks.size(),
                peaks.stream()
                        .map(k -> k.tenant() + " " + k.held() + "/" + k.pool())
                        .collect(Collectors.joining(", "))));
        int projection = projections(md, checks, events);
        rebalances(md, checks, rebalancesBefore);

        md.append(
                "\n### Memory and connections (RSS MiB / heap after full GC MiB)\n\n| process | at start | at end |\n|---|---|---|\n");
        memBefore.forEach((s, m) -> {
            long[] a = memAfter.getOrDefault(s, new long[] {0, 0});
            md.append(String.format(
                    "| %s | %d / %s | %d / %s |%n", s, m[0], m[1] < 0 ? "n/a" : m[1], a[0], a[1] < 0 ? "n/a" : a[1]));
        });
        md.append(String.format("| PostgreSQL connections per database | %s | %s |%n", connBefore, connAfter));
        if (!memAround.isEmpty()) {
            md.append(
                    "\n### Memory around the 5-minute broker outage under write load (RSS MiB / heap after full GC MiB)\n\n"
                            + "| process | before the broker stopped | after it came back |\n|---|---|---|\n");
            memAround.forEach((s, m) -> md.append(String.format(
                    "| %s | %d / %s | %d / %s |%n", s, m[0], m[1] < 0 ? "n/a" : m[1], m[2], m[3] < 0 ? "n/a" : m[3])));
        }
        if (!soakRows.isEmpty()) {
            md.append(
                    "\n### Soak\n\n| minute | answers/s (last 30 s) | RSS of all services MiB | heap after GC MiB | PostgreSQL connections | outbox rows |\n|---:|---:|---:|---:|---:|---:|\n");
            soakRows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        }
        if (plan.layout().refreshInterval() != null && plan.layout().twice().contains("sync")) {
            md.append("\n### Scheduled licensing refresh with two sync-service replicas (interval "
                    + plan.layout().refreshInterval().toMinutes() + " min)\n\n");
            try (Connection c = p.db("sync");
                    var st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT tenant_id, count(*), min(created_at), max(created_at) FROM sync_request WHERE requested_by = 'scheduler'"
                                    + " GROUP BY 1 ORDER BY 1")) {
                md.append("| tenant | scheduler requests | first | last |\n|---|---:|---|---|\n");
                while (rs.next()) {
                    md.append(String.format(
                            "| %s | %d | %s | %s |%n",
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        int divergence = ent.missing() + ent.stale() + rep.missing() + rep.stale() + ent.extra() + rep.extra();
        return new Result(
                seed,
                acked,
                lost,
                doubled,
                refusedPresent,
                overAllocated,
                overPeaks,
                hung,
                s500,
                bad,
                divergence,
                projection,
                recoveries,
                md.toString());
    }

    /**
     * The rows of the check table on projecting each event once (the processed_event rows of every
     * consumer of assignment.events against the topic; reporting's time-line sums against the
     * assignment database); the number of failures.
     */
    private static int projections(StringBuilder md, Checks checks, Checks.TopicEvents events) throws Exception {
        List<Checks.Inbox> inboxes = checks.inboxes(events);
        int unapplied = inboxes.stream().mapToInt(Checks.Inbox::missing).sum();
        md.append(String.format(
                "| events of the run on assignment.events without a processed_event row, per consumer and type | **%d**: %s |%n",
                unapplied,
                inboxes.stream()
                        .map(i -> i.consumer() + " " + i.type() + " " + i.missing() + " of " + i.onTopic())
                        .collect(Collectors.joining(", "))));
        List<Checks.StepSum> differ = checks.stepSums();
        md.append(String.format(
                "| reporting license_step sums (ASSIGNED, RECEIVED per tenant and cause) unlike the assignment database's | **%d** of %d%s |%n",
                differ.size(),
                checks.stepSumCount(),
                differ.isEmpty()
                        ? ""
                        : differ.stream()
                                .map(d -> d.tenant() + " " + d.kind() + " " + d.cause() + " " + d.reporting() + " vs "
                                        + d.assignments())
                                .collect(Collectors.joining(", ", ": ", ""))));
        return unapplied + differ.size();
    }

    /** A table of the rebalances per consumer group, at the start and since. */
    private static void rebalances(StringBuilder md, Checks checks, Map<String, Integer> rebalancesBefore) {
        Map<String, Integer> after = checks.rebalances();
        md.append("\n| consumer group | rebalances at the start | during the run (broker: stabilized generations) |\n"
                + "|---|---:|---:|\n");
        after.forEach((g, n) -> md.append(String.format(
                "| %s | %d | %d |%n",
                g, rebalancesBefore.getOrDefault(g, 0), n - rebalancesBefore.getOrDefault(g, 0))));
    }

    /** The option of ./run faults that selects this plan. */
    private String planOption() {
        return switch (plan.name()) {
            case "ci" -> "--ci ";
            case "two-instances" -> "--two-instances ";
            case "soak" -> "--soak " + plan.soak().toMinutes() + "m --rate " + (int) plan.writesPerSecond() + " ";
            default -> "--repeat " + plan.name().replace("x", "") + " ";
        };
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version");
    }

    private static void log(String format, Object... args) {
        System.out.printf("[faults] " + format + "%n", args);
    }
}
