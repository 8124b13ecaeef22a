package dev.entitlements.infra.faults;

import dev.entitlements.contract.Topics;
import dev.entitlements.infra.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the fault run measures besides the answers: the over-allocation sampler, outbox backlogs and
 * liveness while it runs, dead-letter counts, whether the platform has recovered, and at the end
 * the ledger against the databases and the topics.
 */
final class Checks {

    /** Per phase: what the sampler saw. */
    static final class PhaseSamples {
        final AtomicInteger overAllocated = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();
        final AtomicInteger samplesFailed = new AtomicInteger();
        final Map<String, Integer> maxBacklog = new ConcurrentHashMap<>();
        final AtomicInteger liveDown = new AtomicInteger();
        final AtomicInteger liveSamples = new AtomicInteger();
    }

    private final Platform platform;
    private final List<String> tenants;
    final Map<String, PhaseSamples> phases = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicBoolean sampling = new AtomicBoolean();
    private Thread sampler;

    Checks(Platform platform, List<String> tenants) {
        this.platform = platform;
        this.tenants = tenants;
    }

    PhaseSamples samples(String phase) {
        return phases.computeIfAbsent(phase, p -> new PhaseSamples());
    }

    /** Every 500 ms: the capacity rule over the assignment database; every 2 s: outbox backlogs and liveness. */
    void startSampler(Supplier<String> phase) {
        sampling.set(true);
        sampler = new Thread(
                () -> {
                    long n = 0;
                    while (sampling.get()) {
                        PhaseSamples s = samples(phase.get());
                        try (Connection c = platform.db("assignment")) {
                            c.createStatement().execute("SET statement_timeout = 2000");
                            s.samples.incrementAndGet();
                            if (overAllocated(c) > 0) {
                                s.overAllocated.incrementAndGet();
                            }
                        } catch (Exception e) {
                            s.samplesFailed.incrementAndGet();
                        }
                        if (n++ % 4 == 0) {
                            backlogs().forEach((db, rows) -> s.maxBacklog.merge(db, rows, Math::max));
                            for (ServiceProcess p : platform.instances()) {
                                // a process that does not answer (killed, restarting) is not counted: liveness DOWN is
                                // a running service saying it should be restarted
                                int live = status(p, "/q/health/live");
                                if (live != 0) {
                                    s.liveSamples.incrementAndGet();
                                }
                                if (live != 0 && live != 200) {
                                    s.liveDown.incrementAndGet();
                                }
                            }
                        }
                        sleep(500);
                    }
                },
                "fault-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    void stopSampler() {
        sampling.set(false);
        try {
            sampler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Buckets of the run's tenants where, at some instant, the live (not revoked) assignments hold
     * more than the pools: the instants checked are the assignments' starts, where the sum steps up.
     */
    private int overAllocated(Connection c) throws Exception {
        String sql =
                "WITH live AS (SELECT provider_tenant_id p, effective_date e, expiration_date x, quantity q FROM assignment"
                        + "   WHERE revoked_date IS NULL AND license_type = 'APSW' AND NOT trial AND provider_tenant_id = ANY(?)),"
                        + " pts AS (SELECT DISTINCT p, e AS at FROM live),"
                        + " used AS (SELECT pts.p, pts.at, sum(l.q) u FROM pts JOIN live l ON l.p = pts.p AND l.e <= pts.at AND l.x >= pts.at"
                        + "   GROUP BY 1, 2)"
                        + " SELECT count(*) FROM used WHERE u > (SELECT coalesce(sum(quantity), 0) FROM pool WHERE provider_tenant_id = used.p"
                        + "   AND license_type = 'APSW' AND NOT trial AND cancelled_date IS NULL AND effective_date <= used.at"
                        + "   AND expiration_date >= used.at)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", tenants.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Rows waiting in each service's outbox (-1: the database did not answer). */
    Map<String, Integer> backlogs() {
        Map<String, Integer> out = new HashMap<>();
        for (String db : Platform.NAMES) {
            try (Connection c = platform.db(db);
                    Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = 2000");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox")) {
                    rs.next();
                    out.put(db, rs.getInt(1));
                }
            } catch (Exception e) {
                out.put(db, -1);
            }
        }
        return out;
    }

    int status(ServiceProcess p, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + path))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Records on every dead-letter topic (end offsets; -1 when the broker does not answer). */
    long deadLetters() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (var d : admin.describeTopics(
                            Topics.ALL.stream().map(Topics::deadLetter).toList())
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()) {
                d.partitions().forEach(p -> ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            return admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The assignment database's rows of the run: id → revoked. */
    Map<Long, Boolean> assignments() throws Exception {
        Map<Long, Boolean> out = new HashMap<>();
        try (Connection c = platform.db("assignment");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT id, revoked_date IS NOT NULL FROM assignment WHERE created_by LIKE 'fault-%'")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getBoolean(2));
            }
        }
        return out;
    }

    /** A read model's view of the run's assignments: id → revoked (cancelled). */
    Map<Long, Boolean> readModel(String service) throws Exception {
        String sql = service.equals("entitlement")
                ? "SELECT substring(external_id from 12)::bigint, cancelled_date IS NOT NULL FROM entitlement WHERE external_id LIKE 'assignment:%'"
                        + " AND provider_tenant_id = ANY(?)"
                : "SELECT id, revoked_date IS NOT NULL FROM report_assignment WHERE provider_tenant_id = ANY(?)";
        Map<Long, Boolean> out = new HashMap<>();
        try (Connection c = platform.db(service);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", tenants.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getBoolean(2));
                }
            }
        }
        return out;
    }

    /** The differences of a read model from the assignment database. */
    record Divergence(int missing, int stale, int extra) {
        boolean none() {
            return missing == 0 && stale == 0 && extra == 0;
        }
    }

    static Divergence compare(Map<Long, Boolean> truth, Map<Long, Boolean> model) {
        int missing = 0;
        int stale = 0;
        for (var e : truth.entrySet()) {
            Boolean m = model.get(e.getKey());
            if (m == null) {
                missing++;
            } else if (!m.equals(e.getValue())) {
                stale++;
            }
        }
        int extra = (int)
                model.keySet().stream().filter(id -> !truth.containsKey(id)).count();
        return new Divergence(missing, stale, extra);
    }

    /**
     * How far both read models are from the assignment database now (missing + stale rows; -1 when a
     * database does not answer). Taken before a fault as the baseline its recovery returns to: a
     * record an earlier fault lost for good (dead-lettered) stays missing, and is counted at the end.
     */
    int divergence() {
        try {
            Map<Long, Boolean> truth = assignments();
            Divergence e = compare(truth, readModel("entitlement"));
            Divergence r = compare(truth, readModel("reporting"));
            return e.missing() + e.stale() + r.missing() + r.stale();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Recovered: every service and the gateway ready, every outbox empty, and both read models as
     * close to the assignment database as before the fault ({@code baseline}): every write the
     * fault held back has been projected.
     */
    boolean recovered(int baseline) {
        for (ServiceProcess p : platform.all()) {
            int ready = status(p, "/q/health/ready");
            if (ready != 200) {
                blocker = p.name() + " not ready (" + (ready == 0 ? "no answer" : ready) + ")";
                return false;
            }
        }
        Map<String, Integer> backlog = backlogs();
        if (backlog.values().stream().anyMatch(n -> n != 0)) {
            blocker = "outbox not empty " + backlog;
            return false;
        }
        try {
            Map<Long, Boolean> truth = assignments();
            Divergence e = compare(truth, readModel("entitlement"));
            Divergence r = compare(truth, readModel("reporting"));
            int now = e.missing() + e.stale() + r.missing() + r.stale();
            if (now > Math.max(0, baseline)) {
                blocker = "read models behind: entitlement " + (e.missing() + e.stale()) + ", reporting "
                        + (r.missing() + r.stale()) + " (before the fault: " + baseline + ")";
                return false;
            }
            return true;
        } catch (Exception ex) {
            blocker = "a database does not answer";
            return false;
        }
    }

    /** Why the last {@link #recovered} was false. */
    volatile String blocker = "";

    /** Seconds until {@link #recovered} (polled each second), or -1 after {@code patience}. */
    double awaitRecovery(Duration patience, int baseline) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < patience.toNanos()) {
            if (recovered(baseline)) {
                return (System.nanoTime() - t0) / 1e9;
            }
            sleep(1000);
        }
        return -1;
    }

    /** Rows with created_by = subject, per subject of the run. */
    Map<String, Integer> rowsBySubject() throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = platform.db("assignment");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT created_by, count(*) FROM assignment WHERE created_by LIKE 'fault-%' GROUP BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    /** How many of these values the query (one array parameter) finds. */
    int countIn(String db, String sql, String type, Object[] values) throws Exception {
        try (Connection c = platform.db(db);
                PreparedStatement ps = c.prepareStatement(sql)) {
            Array a = c.createArrayOf(type, values);
            ps.setArray(1, a);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The run's records on assignment.events, from the start: how many, and their distinct ce_ids by
     * ce_type (a record published twice is a duplicate on the topic, allowed).
     */
    record TopicEvents(int records, Map<String, Set<String>> idsByType) {
        int distinct() {
            return idsByType.values().stream().mapToInt(Set::size).sum();
        }
    }

    TopicEvents assignmentEvents() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-run-count-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        int records = 0;
        Map<String, Set<String>> ids = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ASSIGNMENT_EVENTS));
            int empty = 0;
            while (empty < 5) {
                var batch = consumer.poll(Duration.ofSeconds(1));
                empty = batch.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, String> r : batch) {
                    var id = r.headers().lastHeader("ce_id");
                    var type = r.headers().lastHeader("ce_type");
                    // the run's tenants only (the payload names the provider)
                    if (id != null
                            && type != null
                            && r.value() != null
                            && tenants.stream().anyMatch(t -> r.value().contains("\"" + t + "\""))) {
                        records++;
                        ids.computeIfAbsent(new String(type.value(), StandardCharsets.UTF_8), k -> new HashSet<>())
                                .add(new String(id.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return new TopicEvents(records, ids);
    }

    /** One consumer's record of one event type against the topic: events it has no processed_event row for. */
    record Inbox(String consumer, String type, int onTopic, int missing) {}

    /**
     * For every consumer (in every service's database) that has applied events of a type on
     * assignment.events: how many of the run's events of that type it has no {@code processed_event}
     * row for. The row is written in the projection's transaction, so a missing row is an event never
     * applied; its primary key (consumer, event_id) makes a second row impossible, so a double apply
     * shows in the sums ({@link #stepSums}), not here.
     */
    List<Inbox> inboxes(TopicEvents events) throws Exception {
        List<Inbox> out = new ArrayList<>();
        for (String db : Platform.NAMES) {
            try (Connection c = platform.db(db);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DISTINCT consumer, event_type FROM processed_event"
                            + " WHERE event_type LIKE 'assignment.%' ORDER BY 1, 2")) {
                while (rs.next()) {
                    String consumer = rs.getString(1);
                    Set<String> ids = events.idsByType().getOrDefault(rs.getString(2), Set.of());
                    int present = countIn(
                            db,
                            "SELECT count(*) FROM processed_event WHERE consumer = '" + consumer
                                    + "' AND event_id = ANY(?)",
                            "varchar",
                            ids.toArray());
                    out.add(new Inbox(db + "/" + consumer, rs.getString(2), ids.size(), ids.size() - present));
                }
            }
        }
        return out;
    }

    /** One sum of license_step deltas in reporting-service against the same sum recomputed from the assignment database. */
    record StepSum(String tenant, String kind, String cause, long reporting, long assignments) {}

    /**
     * The reports' time lines of the run's tenants (reporting's {@code license_step}, kinds ASSIGNED
     * and RECEIVED of APSW) summed per tenant, kind and cause, against the sums the assignment
     * database gives by the rule of reporting's {@code LicenseTimeline}: +quantity at the start; at the
     * end, -quantity at the revocation or just after the expiry; nothing for an assignment revoked
     * before it started. A delta applied twice makes a sum differ; rows alone cannot show that.
     *
     * @return the sums that differ (empty: all equal)
     */
    List<StepSum> stepSums() throws Exception {
        String truth = "WITH a AS (SELECT provider_tenant_id p, tenant_id t, quantity q,"
                + "   CASE WHEN revoked_date IS NOT NULL AND revoked_date < expiration_date + INTERVAL '1 microsecond'"
                + "     THEN 'REVOKE' ELSE 'EXPIRY' END AS ending FROM assignment"
                + "   WHERE provider_tenant_id = ANY(?) AND license_type = 'APSW' AND NOT trial"
                + "   AND (revoked_date IS NULL OR revoked_date > effective_date))"
                + " SELECT tenant, kind, cause, sum(delta) FROM ("
                + "   SELECT p AS tenant, 'ASSIGNED' AS kind, 'START' AS cause, q AS delta FROM a"
                + "   UNION ALL SELECT p, 'ASSIGNED', ending, -q FROM a"
                + "   UNION ALL SELECT t, 'RECEIVED', 'START', q FROM a"
                + "   UNION ALL SELECT t, 'RECEIVED', ending, -q FROM a) s GROUP BY 1, 2, 3";
        String reported = "SELECT tenant_id, kind, cause, sum(delta) FROM license_step WHERE tenant_id = ANY(?)"
                + " AND license_type = 'APSW' AND NOT trial AND kind IN ('ASSIGNED', 'RECEIVED') GROUP BY 1, 2, 3";
        Map<List<String>, long[]> sums = new TreeMap<>(Comparator.comparing(Object::toString));
        int side = 0;
        for (String[] q : List.of(new String[] {"reporting", reported}, new String[] {"assignment", truth})) {
            try (Connection c = platform.db(q[0]);
                    PreparedStatement ps = c.prepareStatement(q[1])) {
                ps.setArray(1, c.createArrayOf("varchar", tenants.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sums.computeIfAbsent(
                                                List.of(rs.getString(1), rs.getString(2), rs.getString(3)),
                                                k -> new long[2])[side] =
                                rs.getLong(4);
                    }
                }
            }
            side++;
        }
        List<StepSum> differ = new ArrayList<>();
        sums.forEach((k, v) -> {
            if (v[0] != v[1]) {
                differ.add(new StepSum(k.get(0), k.get(1), k.get(2), v[0], v[1]));
            }
        });
        return differ;
    }

    /** How many sums {@link #stepSums} compares: tenants × {ASSIGNED, RECEIVED} × {START, REVOKE, EXPIRY}. */
    int stepSumCount() {
        return tenants.size() * 2 * 3;
    }

    /** A tenant's most licenses held at once by its live assignments (every start checked), and its pool. */
    record Peak(String tenant, long held, long pool) {}

    /** The peak check of assignment-service's TwoInstanceConcurrencyIT, per tenant of the run, on the final state. */
    List<Peak> peaks() throws Exception {
        String sql = "SELECT a.provider_tenant_id, max((SELECT sum(b.quantity) FROM assignment b"
                + "   WHERE b.provider_tenant_id = a.provider_tenant_id AND b.license_type = 'APSW' AND NOT b.trial"
                + "   AND b.revoked_date IS NULL AND b.effective_date <= a.effective_date AND b.expiration_date >= a.effective_date)),"
                + " (SELECT coalesce(sum(quantity), 0) FROM pool WHERE provider_tenant_id = a.provider_tenant_id"
                + "   AND license_type = 'APSW' AND NOT trial AND cancelled_date IS NULL)"
                + " FROM assignment a WHERE a.provider_tenant_id = ANY(?) AND a.license_type = 'APSW' AND NOT a.trial"
                + " AND a.revoked_date IS NULL GROUP BY 1 ORDER BY 1";
        List<Peak> out = new ArrayList<>();
        try (Connection c = platform.db("assignment");
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", tenants.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Peak(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    private static final Pattern STABILIZED = Pattern.compile("Stabilized group (\\S+) generation (\\d+)");

    /**
     * Rebalances completed per consumer group of the services so far: the group coordinator's
     * "Stabilized group G generation N" lines in the broker's log (INFO), one per rebalance.
     */
    Map<String, Integer> rebalances() {
        Map<String, Integer> out = new TreeMap<>();
        Set<String> groups = new HashSet<>(Platform.SERVICES.values());
        try (var lines = Files.lines(platform.kafka.log())) {
            lines.forEach(line -> {
                var m = STABILIZED.matcher(line);
                if (m.find() && groups.contains(m.group(1))) {
                    out.merge(m.group(1), 1, Integer::sum);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // no log: nothing counted
        }
        return out;
    }

    /** Heap used after a full GC ({@code jcmd GC.run}), in MiB, from the service's /q/metrics (-1 when unavailable). */
    long heapAfterGcMiB(ServiceProcess p) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(p.handle().pid()),
                            "GC.run")
                    .redirectErrorStream(true)
                    .start();
            jcmd.getInputStream().readAllBytes();
            jcmd.waitFor(30, TimeUnit.SECONDS);
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/q/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            double sum = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum == 0 ? -1 : (long) (sum / (1024 * 1024));
        } catch (Exception e) {
            return -1;
        }
    }

    /** Open connections per database (pg_stat_activity). */
    Map<String, Integer> connections() {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = platform.admin();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT datname, count(*) FROM pg_stat_activity WHERE datname IS NOT NULL GROUP BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        } catch (Exception e) {
            // the server is away
        }
        return out;
    }

    static List<String> sortedPhases(Map<String, ?> m) {
        return new ArrayList<>(m.keySet());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
