package dev.entitlements.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The Kafka clients' deprecated per-topic twins (dots as underscores) are dropped, the real ones kept. */
class KafkaClientMetersTests {

    @Test
    void everyPlatformTopicKeepsItsSeriesAndLosesItsTwin() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new KafkaClientMeters().withoutDeprecatedTopicSpelling());
        for (String topic : Topics.ALL) {
            registry.gauge(
                    "kafka.consumer.fetch.manager.records.lag",
                    java.util.List.of(io.micrometer.core.instrument.Tag.of("topic", topic)),
                    1.0);
            registry.gauge(
                    "kafka.consumer.fetch.manager.records.lag",
                    java.util.List.of(io.micrometer.core.instrument.Tag.of("topic", topic.replace('.', '_'))),
                    1.0);
            registry.gauge(
                    "consumer.apply.elsewhere",
                    java.util.List.of(io.micrometer.core.instrument.Tag.of("topic", topic.replace('.', '_'))),
                    1.0);
        }
        assertEquals(
                Topics.ALL.size(),
                registry.find("kafka.consumer.fetch.manager.records.lag")
                        .meters()
                        .size());
        registry.find("kafka.consumer.fetch.manager.records.lag")
                .meters()
                .forEach(m -> assertEquals(true, Topics.ALL.contains(m.getId().getTag("topic"))));
        assertEquals(
                Topics.ALL.size(),
                registry.find("consumer.apply.elsewhere").meters().size());
    }
}
