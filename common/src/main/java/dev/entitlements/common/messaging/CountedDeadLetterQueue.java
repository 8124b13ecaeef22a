package dev.entitlements.common.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * SmallRye's {@code dead-letter-queue} failure strategy, counted: every one-record channel's default
 * (common's {@code META-INF/microprofile-config.properties}). A record the consumer failed is sent to the
 * channel's {@code dead-letter-queue.topic} exactly as SmallRye does it; once the broker acknowledged
 * it, {@link DeadLetterCounter} counts it under that topic.
 */
@ApplicationScoped
@Identifier(CountedDeadLetterQueue.STRATEGY)
public class CountedDeadLetterQueue implements KafkaFailureHandler.Factory {

    /** The value of {@code failure-strategy} that selects this factory. */
    public static final String STRATEGY = "counted-dead-letter-queue";

    private final KafkaFailureHandler.Factory deadLetterQueue;
    private final DeadLetterCounter counter;

    public CountedDeadLetterQueue(
            @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE) KafkaFailureHandler.Factory deadLetterQueue,
            DeadLetterCounter counter) {
        this.deadLetterQueue = deadLetterQueue;
        this.counter = counter;
    }

    @Override
    public KafkaFailureHandler create(
            KafkaConnectorIncomingConfiguration config,
            Vertx vertx,
            KafkaConsumer<?, ?> consumer,
            BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler handler = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        // SmallRye's own default when a channel names none
        String topic = config.getDeadLetterQueueTopic().orElse("dead-letter-topic-" + config.getChannel());
        counter.register(topic);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return handler.handle(record, reason, metadata).invoke(() -> counter.sent(topic, 1));
            }

            @Override
            public void terminate() {
                handler.terminate();
            }
        };
    }
}
