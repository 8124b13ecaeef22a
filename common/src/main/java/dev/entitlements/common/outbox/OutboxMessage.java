package dev.entitlements.common.outbox;

import java.util.Map;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;

/** A Kafka record waiting in the outbox: topic, key, value and headers. */
public record OutboxMessage(String topic, String key, String value, Map<String, String> headers) {

    /** A CloudEvent on its type's topic, keyed by its subject (the owning tenant). */
    public static OutboxMessage of(EventType type, CloudEvent event) {
        return new OutboxMessage(type.topic(), event.subject(), event.data(), event.headers());
    }

    /** A record someone else produced that could not be processed, for {@code <topic>.dlq}. */
    public static OutboxMessage deadLetter(String topic, String key, String value, String reason) {
        return new OutboxMessage(dev.entitlements.contract.Topics.deadLetter(topic), key, value == null ? "" : value,
                Map.of("dead-letter-reason", reason, "dead-letter-topic", topic));
    }
}
