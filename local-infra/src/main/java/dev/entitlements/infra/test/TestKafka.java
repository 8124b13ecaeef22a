package dev.entitlements.infra.test;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays the other systems in tests: publishes and reads records through the real broker. */
public final class TestKafka {

    static volatile String bootstrapServers;

    private TestKafka() {}

    /** For tests that start their own broker instead of using {@link KafkaTestResource}. */
    public static void connect(String bootstrap) {
        bootstrapServers = bootstrap;
    }

    public static String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("KafkaTestResource has not started");
        }
        return bootstrapServers;
    }

    /** Publishes a CloudEvent keyed by its subject (the tenant) and waits for the broker's ack. */
    public static CloudEvent publish(EventType type, String tenantId, Object payload) {
        CloudEvent event = CloudEvent.of(type, "/tests", tenantId, payload);
        publish(type.topic(), event);
        return event;
    }

    public static void publish(String topic, CloudEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.subject(), event.data());
        event.writeTo(record.headers());
        send(record);
    }

    /** Publishes a raw record (a bad one, say) with no CloudEvents headers. */
    public static void publishRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Publishes a record with the given headers (a dead letter as a dead-letter strategy writes it, say). */
    public static void publishRaw(String topic, String key, String value, java.util.Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        send(record);
    }

    private static void send(ProducerRecord<String, String> record) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    /**
     * Every record of the topic with this key, from the start, up to and including the first one
     * that matches {@code last}. Records of one key share a partition, so they come in the order
     * they were produced: publishing a marker after the records under test and collecting up to
     * the marker's result shows everything the records caused, and nothing is missed by timing.
     */
    public static List<ConsumerRecord<String, String>> collectUntil(
            String topic, String key, Predicate<ConsumerRecord<String, String>> last, Duration timeout) {
        List<ConsumerRecord<String, String>> collected = new ArrayList<>();
        await(
                topic,
                r -> {
                    if (!key.equals(r.key())) {
                        return false;
                    }
                    collected.add(r);
                    return last.test(r);
                },
                timeout);
        return collected;
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads the topic from the start until a record matches, or fails after the timeout. */
    public static ConsumerRecord<String, String> await(
            String topic, Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        return r;
                    }
                    seen.add(r);
                }
            }
        }
        throw new AssertionError(
                "no matching record on " + topic + " within " + timeout + " (saw " + seen.size() + ")");
    }

    /** How many records the topic holds now (the sum of its partitions' end offsets): a delta counts what was added. */
    public static long size(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** Every record the topic holds now, from the start up to its end offsets when called. */
    public static List<ConsumerRecord<String, String>> records(String topic) {
        return records(topic, java.util.Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /**
     * {@link #records(String)} read by a consumer with these client settings (the bootstrap servers
     * and, say, a service's SASL login; a group id is dropped: the consumer assigns itself the
     * partitions).
     */
    public static List<ConsumerRecord<String, String>> records(String topic, java.util.Map<String, ?> settings) {
        Properties props = new Properties();
        props.putAll(settings);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
