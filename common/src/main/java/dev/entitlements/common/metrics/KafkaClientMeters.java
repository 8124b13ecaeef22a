package dev.entitlements.common.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The Kafka clients' per-topic metrics (Micrometer's Kafka binder) once, not twice: the client reports
 * each of them under the topic's name ({@code topic="assignment.events"}) and again under a deprecated
 * spelling with the dots as underscores ({@code topic="assignment_events"}), which would double every
 * per-topic series and show each topic twice on a dashboard or in an alert. The platform's topics
 * ({@code Topics}) all have dots and no underscore, so a topic tag with an underscore and no dot is
 * that deprecated twin.
 */
@Singleton
public class KafkaClientMeters {

    static boolean deprecatedTopicSpelling(String topic) {
        return topic != null && topic.indexOf('.') < 0 && topic.indexOf('_') >= 0;
    }

    @Produces
    @Singleton
    MeterFilter withoutDeprecatedTopicSpelling() {
        return MeterFilter.deny(id -> id.getName().startsWith("kafka.") && deprecatedTopicSpelling(id.getTag("topic")));
    }
}
