package dev.entitlements.common.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code messaging_dead_letters_total{topic}}: records sent to a dead-letter topic ({@code <topic>.dlq}),
 * by that topic, counted where they are sent: by SmallRye's dead-letter strategy for the one-record
 * channels ({@link CountedDeadLetterQueue}), by the outbox relay for the batch consumers' dead letters
 * (once Kafka acknowledged them). A topic's series starts at 0 as soon as something that may
 * dead-letter to it starts ({@link #register}), so that {@code increase()} sees the first dead letter.
 */
@ApplicationScoped
public class DeadLetterCounter {

    /** The meter's name (Prometheus: {@code messaging_dead_letters_total}). */
    public static final String NAME = "messaging.dead.letters";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public DeadLetterCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Shows the dead-letter topic's series at 0 until its first dead letter. */
    public void register(String deadLetterTopic) {
        counter(deadLetterTopic);
    }

    /** {@code records} records were sent to {@code deadLetterTopic} (and acknowledged). */
    public void sent(String deadLetterTopic, long records) {
        counter(deadLetterTopic).increment(records);
    }

    private Counter counter(String topic) {
        return counters.computeIfAbsent(
                topic,
                t -> Counter.builder(NAME)
                        .description("records sent to a dead-letter topic (no retry can apply them; ./run dlq replay)")
                        .tag("topic", t)
                        .register(registry));
    }
}
