package dev.entitlements.benchmarks;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.infra.KafkaBroker;
import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.issuer.TokenIssuer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Purchase ingestion throughput, end to end: purchase records onto {@code licensing.purchases},
 * the packaged sync-service validates, diffs, stores them and commits their events to the outbox,
 * the relay publishes them; the clock stops when the last {@code entitlement.purchased.v1} is on
 * {@code entitlement.events}. In the same run and on the same broker, the reference: a bare Kafka
 * pipe (consume each record, produce it to another topic with the same producer settings) — what
 * the machine does with no service logic, no database and no outbox.
 *
 * <pre>
 * ./run bench ingestion [records] [tenants]      defaults 50000 records over 500 tenants
 * </pre>
 */
public final class IngestionBenchmark {

    private static final String[] SKUS = {
        "CLD-APSW-1Y", "APSW-MSP100-001", "CLD-URLF-1Y", "CLD-URLF-1Y-TEMP", "EDGE-SECL-3Y"
    };

    private final Path root;
    private final int records;
    private final int tenants;

    IngestionBenchmark(Path root, int records, int tenants) {
        this.root = root;
        this.records = records;
        this.tenants = tenants;
    }

    /** Runs the benchmark, prints its tables; returns its summary rows (issue 22). */
    public static List<Ratio> run(Path root, List<String> args) throws Exception {
        return new IngestionBenchmark(
                        root, BenchOptions.intArg(args, 0, DEFAULT_RECORDS), BenchOptions.intArg(args, 1, 500))
                .run();
    }

    /** The goal of issue 22: new purchases, end to end, at 60 % or more of the bare Kafka pipe's rate. */
    static final double GOAL_PIPE_RATIO = 0.60;

    /** The goal holds for a run of the default size or larger (a small batch is mostly warm-up and overhead). */
    static final int DEFAULT_RECORDS = 50_000;

    List<Ratio> run() throws Exception {
        Path jar = ServiceProcess.jar(root, "sync-service");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw package -DskipTests)");
        }
        System.out.printf(
                "[bench] ingestion: %d purchase records over %d tenants; %s%n",
                records, tenants, BenchOptions.machine());
        try (KafkaBroker kafka = KafkaBroker.startTemporary();
                PostgresServer pg = Postgres.start(BenchOptions.durability())) {
            KafkaBroker.createTopics(kafka.bootstrapServers(), 3);
            pg.createDatabase("sync_bench");
            String bootstrap = kafka.bootstrapServers();

            double reference = referencePipe(bootstrap, batch("ref"));
            System.out.printf(
                    "[bench] reference  bare Kafka pipe (consume + produce, acks=all, idempotent): %,.0f records/s%n",
                    reference);

            try (ServiceProcess service = launch(bootstrap, pg)) {
                // warm-up: the JIT, the connection pool and the topics, on tenants of their own
                measure(bootstrap, batch("warm").subList(0, Math.min(records, 10_000)), "warm-up");
                List<String> lines = batch("run");
                double fresh = measure(bootstrap, lines, "new purchases");
                double replay = measureReplay(bootstrap, lines);
                System.out.printf("%n| path | records/s | vs reference |%n|---|---:|---:|%n");
                System.out.printf("| bare Kafka pipe (reference) | %,.0f | 1.00 |%n", reference);
                System.out.printf(
                        "| sync-service: new purchases, topic in -> events out | %,.0f | %.2f |%n",
                        fresh, fresh / reference);
                System.out.printf(
                        "| sync-service: replay of the same records (no events) | %,.0f | %.2f |%n",
                        replay, replay / reference);
                String pipe = "bare Kafka pipe (consume + produce), same run";
                return List.of(
                        Ratio.higher(
                                "ingestion: sync-service, new purchases, topic in to events out",
                                fresh,
                                "records/s",
                                reference,
                                pipe,
                                Ratio.Threshold.ratioAtLeast(GOAL_PIPE_RATIO).onlyIf(records >= DEFAULT_RECORDS)),
                        Ratio.higher(
                                "ingestion: sync-service, replay of the same records, no events",
                                replay,
                                "records/s",
                                reference,
                                pipe,
                                Ratio.Threshold.NONE));
            }
        }
    }

    /** {@code records} purchase records (JSON) spread round-robin over {@code tenants} new tenants. */
    private List<String> batch(String label) {
        String run = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> out = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            String tenant = "bench-" + run + "-" + (i % tenants);
            out.add(EventJson.write(new PurchaseRecord(
                    tenant,
                    "acc-" + tenant,
                    "line-" + i,
                    SKUS[i % SKUS.length],
                    1 + i % 50,
                    "2025-01-01",
                    "2027-12-31",
                    "Gold",
                    null,
                    null,
                    null,
                    null,
                    null)));
        }
        return out;
    }

    private static String tenantOf(String json) {
        int start = json.indexOf("\"tenantId\":\"") + 12;
        return json.substring(start, json.indexOf('"', start));
    }

    /** Records/s from the first send until every record's event arrived (each record is a new line). */
    private double measure(String bootstrap, List<String> lines, String label) throws Exception {
        int want = lines.size();
        String prefix = tenantOf(lines.get(0)).replaceAll("-\\d+$", "-");
        try (KafkaConsumer<String, String> events = consumerAtEnd(bootstrap, Topics.ENTITLEMENT_EVENTS)) {
            long t0 = System.nanoTime();
            var sending = produceInBackground(bootstrap, Topics.LICENSING_PURCHASES, lines);
            int seen = 0;
            long deadline = t0 + Duration.ofMinutes(10).toNanos();
            while (seen < want) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            label + ": only " + seen + " of " + want + " events within 10 minutes");
                }
                for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        seen++;
                    }
                }
            }
            sending.join();
            double rate = lines.size() / seconds(t0);
            System.out.printf(
                    "[bench] %-14s %,d records -> %,d events in %.2f s: %,.0f records/s%n",
                    label, lines.size(), seen, seconds(t0), rate);
            return rate;
        }
    }

    /**
     * The same records again: none may announce anything. The clock stops when a marker (a new
     * line) sent after the replay to every partition has come out: the service handles a partition
     * in order, so by then it has been through the whole replay.
     */
    private double measureReplay(String bootstrap, List<String> lines) throws Exception {
        String prefix = tenantOf(lines.get(0)).replaceAll("-\\d+$", "-");
        String marker = "bench-marker-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, String> events = consumerAtEnd(bootstrap, Topics.ENTITLEMENT_EVENTS);
                KafkaProducer<String, String> producer = producer(bootstrap)) {
            int partitions = producer.partitionsFor(Topics.LICENSING_PURCHASES).size();
            long t0 = System.nanoTime();
            for (String line : lines) {
                producer.send(new ProducerRecord<>(Topics.LICENSING_PURCHASES, tenantOf(line), line));
            }
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(
                        Topics.LICENSING_PURCHASES,
                        p,
                        marker,
                        EventJson.write(new PurchaseRecord(
                                marker,
                                "acc-" + marker,
                                "marker-" + p,
                                SKUS[0],
                                1,
                                "2025-01-01",
                                "2027-12-31",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))));
            }
            producer.flush();
            int markers = 0;
            int announced = 0;
            while (markers < partitions) {
                if (seconds(t0) > 600) {
                    throw new IllegalStateException("replay not through within 10 minutes");
                }
                for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(100))) {
                    markers += marker.equals(r.key()) ? 1 : 0;
                    announced += r.key() != null && r.key().startsWith(prefix) ? 1 : 0;
                }
            }
            double rate = lines.size() / seconds(t0);
            if (announced != 0) {
                throw new IllegalStateException("the replay announced " + announced + " events; expected none");
            }
            System.out.printf(
                    "[bench] %-14s %,d records -> 0 events in %.2f s: %,.0f records/s%n",
                    "replay", lines.size(), seconds(t0), rate);
            return rate;
        }
    }

    /** The reference: consume every record of one topic and produce it to another, as a service without logic would. */
    private static double referencePipe(String bootstrap, List<String> lines) throws Exception {
        String in = "bench.in." + UUID.randomUUID();
        String out = "bench.out." + UUID.randomUUID();
        produce(bootstrap, in, lines.subList(0, Math.min(1000, lines.size()))); // creates the topics, warms the client
        produce(bootstrap, out, List.of("{}"));
        try (KafkaConsumer<String, String> source = consumer(bootstrap, "bench-pipe");
                KafkaProducer<String, String> sink = producer(bootstrap);
                KafkaConsumer<String, String> sunk = consumerAtEnd(bootstrap, out)) {
            source.subscribe(List.of(in));
            int warm = Math.min(1000, lines.size());
            pipe(source, sink, out, warm);
            long t0 = System.nanoTime();
            var sending = produceInBackground(bootstrap, in, lines);
            pipe(source, sink, out, lines.size());
            sending.join();
            int seen = 0;
            while (seen < lines.size()) {
                seen += sunk.poll(Duration.ofMillis(200)).count();
            }
            return lines.size() / seconds(t0);
        }
    }

    private static void pipe(
            KafkaConsumer<String, String> source, KafkaProducer<String, String> sink, String out, int count) {
        int moved = 0;
        while (moved < count) {
            for (ConsumerRecord<String, String> r : source.poll(Duration.ofMillis(200))) {
                sink.send(new ProducerRecord<>(out, r.key(), r.value()));
                moved++;
            }
            sink.flush();
            source.commitSync();
        }
    }

    private static void produce(String bootstrap, String topic, List<String> lines) {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (String line : lines) {
                producer.send(new ProducerRecord<>(topic, tenantOrNull(line), line));
            }
            producer.flush();
        }
    }

    /** The sender runs beside the measured consumer, as the licensing system would. */
    private static java.util.concurrent.CompletableFuture<Void> produceInBackground(
            String bootstrap, String topic, List<String> lines) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> produce(bootstrap, topic, lines));
    }

    private static String tenantOrNull(String json) {
        return json.contains("\"tenantId\":\"") ? tenantOf(json) : null;
    }

    /** The settings of the service's outbox relay, so the reference pays what the service pays. */
    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** A consumer of every partition of the topic, positioned at its current end. */
    private static KafkaConsumer<String, String> consumerAtEnd(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, String> c =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position); // resolve the end now, not at the first poll
        return c;
    }

    private ServiceProcess launch(String bootstrap, PostgresServer pg) throws IOException {
        Map<String, String> env =
                ServiceProcess.env(bootstrap, pg, "sync_bench", TokenIssuer.generate(TokenIssuer.DEFAULT_ISSUER));
        ServiceProcess p = ServiceUnderTest.start(root, "sync-service", env);
        System.out.printf("[bench] sync-service ready (log %s)%n", p.log());
        return p;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
