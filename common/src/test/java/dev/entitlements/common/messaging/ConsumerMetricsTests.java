package dev.entitlements.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.CloudEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The consumers' meters keep a small, fixed set of series: the processing timer's {@code topic} is the
 * topic of an event's type (never an id), and a dead-letter topic's counter exists before its first
 * dead letter.
 */
class ConsumerMetricsTests {

    private static CloudEvent event(String type) {
        return new CloudEvent("id-" + type, type, "test", Instant.EPOCH, "t-1", "{}");
    }

    @Test
    void theProcessingTimerIsTaggedWithTheTopicOfTheEventsType() {
        assertEquals("assignment.events", EventInbox.topicOf(List.of(event("assignment.created.v1"))));
        assertEquals(
                "assignment.events",
                EventInbox.topicOf(List.of(event("assignment.created.v1"), event("assignment.revoked.v1"))));
        assertEquals("none", EventInbox.topicOf(List.of()));
        assertEquals("unknown", EventInbox.topicOf(List.of(event("no.such.type.v1"))));
    }

    @Test
    void aBatchOfSeveralTopicsIsTaggedWithThemInTheirFixedOrder() {
        String expected = "entitlement.events,assignment.events,device.usage";
        assertEquals(
                expected,
                EventInbox.topicOf(List.of(
                        event("device.usage.reported.v1"),
                        event("assignment.created.v1"),
                        event("entitlement.purchased.v1"))));
        assertEquals(
                expected,
                EventInbox.topicOf(List.of(
                        event("entitlement.purchased.v1"),
                        event("device.usage.reported.v1"),
                        event("assignment.revoked.v1"))));
    }

    @Test
    void aDeadLetterTopicsCounterStartsAtZeroAndCountsWhatWasSent() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeadLetterCounter counter = new DeadLetterCounter(registry);
        counter.register("assignment.events.dlq");
        assertEquals(
                0.0,
                registry.get(DeadLetterCounter.NAME)
                        .tag("topic", "assignment.events.dlq")
                        .counter()
                        .count());
        counter.sent("assignment.events.dlq", 2);
        counter.register("assignment.events.dlq");
        assertEquals(
                2.0,
                registry.get(DeadLetterCounter.NAME)
                        .tag("topic", "assignment.events.dlq")
                        .counter()
                        .count());
    }
}
