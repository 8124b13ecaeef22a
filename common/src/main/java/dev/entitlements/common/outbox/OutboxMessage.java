package dev.entitlements.common.outbox;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.DeadLetters;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A Kafka record waiting in the outbox: topic, key, value and headers. */
public record OutboxMessage(String topic, String key, String value, Map<String, String> headers) {

    /** A CloudEvent on its type's topic, keyed by its subject (the owning tenant). */
    public static OutboxMessage of(EventType type, CloudEvent event) {
        return new OutboxMessage(type.topic(), event.subject(), event.data(), event.headers());
    }

    /**
     * A consumed record no retry can apply, for {@code <topic>.dlq}: key, value and every original
     * header (the CloudEvents attributes, so {@code ./run dlq replay} can put it back as it was), plus
     * where it was read and why it was given up on ({@link DeadLetters}), as SmallRye's dead-letter
     * strategy writes them. Header values are text here (the outbox keeps them as JSON strings).
     */
    public static OutboxMessage deadLetter(ConsumerRecord<String, String> record, String reason) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            if (!DeadLetters.isDeadLetterHeader(h.key())
                    && h.value() != null) { // a replayed record failing again gets fresh ones
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        headers.put(DeadLetters.TOPIC, record.topic());
        headers.put(DeadLetters.PARTITION, Integer.toString(record.partition()));
        headers.put(DeadLetters.OFFSET, Long.toString(record.offset()));
        headers.put(DeadLetters.REASON, reason);
        return new OutboxMessage(
                Topics.deadLetter(record.topic()), record.key(), record.value() == null ? "" : record.value(), headers);
    }

    /** A record someone else produced that could not be processed, for {@code <topic>.dlq}, when only its key and value are known. */
    public static OutboxMessage deadLetter(String topic, String key, String value, String reason) {
        return new OutboxMessage(
                Topics.deadLetter(topic),
                key,
                value == null ? "" : value,
                Map.of(DeadLetters.REASON, reason, DeadLetters.TOPIC, topic));
    }
}
