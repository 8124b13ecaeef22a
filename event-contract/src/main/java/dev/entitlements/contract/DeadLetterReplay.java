package dev.entitlements.contract;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts the records of a dead-letter topic back on the topics they came from, once the reason they
 * were given up on is fixed: {@code ./run dlq replay <topic>.dlq [--dry-run]} locally, the same main
 * class in a Kubernetes Job (docs/events.md, Dead letters).
 *
 * <p>Each record goes back as it was (key, value, original headers, the CloudEvents ones included)
 * without the {@code dead-letter-*} headers, through an idempotent producer with {@code acks=all}.
 * The position is kept by the consumer group {@code dlq-replay-<topic>.dlq}, committed only after
 * the broker acknowledged what was sent: a second run sends nothing that the first one sent, and a
 * run that dies half-way sends again at most what it had not committed, which the consumers' inbox
 * applies once (same {@code ce_id}). A run stops at the end offsets it found when it started, so a
 * record that fails again and comes back to the dead-letter topic waits for the next run.
 */
public final class DeadLetterReplay {

    /** What a run did: records read, and how many went back to each topic. */
    public record Result(int read, Map<String, Integer> replayed) {

        public int replayedTotal() {
            return replayed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STALLED = Duration.ofSeconds(60);

    private DeadLetterReplay() {}

    /** The consumer group that remembers how far a dead-letter topic was replayed. */
    public static String group(String deadLetterTopic) {
        return "dlq-replay-" + deadLetterTopic;
    }

    /**
     * Command line: {@code replay <topic>.dlq [--dry-run]}; the broker is {@code KAFKA_BOOTSTRAP_SERVERS}
     * (or {@code --bootstrap-servers host:port}).
     */
    public static void main(String[] args) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        System.exit(run(List.of(args), bootstrap, System.out, System.err));
    }

    /** Runs the command with the given default broker; returns the process exit code. */
    public static int run(List<String> args, String defaultBootstrap, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(args);
        boolean dryRun = rest.remove("--dry-run");
        String bootstrap = defaultBootstrap;
        int b = rest.indexOf("--bootstrap-servers");
        if (b >= 0 && b + 1 < rest.size()) {
            bootstrap = rest.get(b + 1);
            rest.remove(b + 1);
            rest.remove(b);
        }
        if (rest.size() != 2 || !rest.get(0).equals("replay") || !rest.get(1).endsWith(".dlq")) {
            err.println(
                    "usage: dlq replay <topic>.dlq [--dry-run] [--bootstrap-servers host:port]   e.g. dlq replay assignment.events.dlq");
            return 2;
        }
        Result result = replay(bootstrap, rest.get(1), dryRun, out);
        out.printf(
                "%s %d of %d dead letters from %s%s%n",
                dryRun ? "would replay" : "replayed",
                result.replayedTotal(),
                result.read(),
                rest.get(1),
                result.replayed().isEmpty() ? "" : " " + result.replayed());
        return 0;
    }

    /** Replays every record of {@code deadLetterTopic} this group has not replayed yet. */
    public static Result replay(String bootstrap, String deadLetterTopic, boolean dryRun, PrintStream out) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group(deadLetterTopic));
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                "1"); // keep per-key order, as the outbox relay does
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(deadLetterTopic, info.partition()));
            }
            // assigned, not subscribed: no rebalance to wait for; the group only keeps the offsets
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            int read = 0;
            Map<String, Integer> replayed = new TreeMap<>();
            long progressed = System.nanoTime();
            while (!reached(consumer, end)) {
                if (System.nanoTime() - progressed > STALLED.toNanos()) {
                    throw new IllegalStateException(
                            "no progress on " + deadLetterTopic + " for " + STALLED + "; is the broker up?");
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue; // came after the run started: the next run's
                    }
                    read++;
                    String target = DeadLetters.originalTopic(deadLetterTopic, r.headers());
                    ProducerRecord<byte[], byte[]> back = new ProducerRecord<>(target, null, r.key(), r.value());
                    for (Header h : r.headers()) {
                        if (!DeadLetters.isDeadLetterHeader(h.key())) {
                            back.headers().add(h.key(), h.value());
                        }
                    }
                    out.printf(
                            "%s %s-%d@%d -> %s key=%s ce_id=%s reason=%s%n",
                            dryRun ? "would replay" : "replay",
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            target,
                            text(r.key()),
                            header(r, "ce_id"),
                            header(r, DeadLetters.REASON));
                    if (!dryRun) {
                        sent.add(producer.send(back));
                    }
                    replayed.merge(target, 1, Integer::sum);
                    done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                }
                if (!dryRun && !done.isEmpty()) {
                    producer.flush();
                    for (Future<RecordMetadata> f : sent) {
                        await(f); // a send that failed must not be committed as replayed
                    }
                    consumer.commitSync(done);
                }
                if (!done.isEmpty()) {
                    progressed = System.nanoTime();
                }
            }
            return new Result(read, replayed);
        }
    }

    /** Whether the consumer's position is at the end offsets of the start on every partition. */
    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static void await(Future<RecordMetadata> f) {
        try {
            f.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "a replayed record was not acknowledged; nothing of this batch is marked replayed", e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : text(h.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
