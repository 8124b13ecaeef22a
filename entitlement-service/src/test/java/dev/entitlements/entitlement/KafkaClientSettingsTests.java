package dev.entitlements.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Kafka client settings are written once (common's META-INF/microprofile-config.properties) and
 * reach every channel of the service, though its application.properties names only topics.
 */
@QuarkusTest
class KafkaClientSettingsTests {

    @Inject
    KafkaClientService clients;

    @Test
    void everyChannelGetsTheSharedConsumerSettings() {
        Set<String> channels = clients.getConsumerChannels();
        assertEquals(
                Set.of("entitlement-events", "assignment-events", "attention-events", "audit-events", "tenant-events"),
                channels);
        for (String channel : channels) {
            Map<String, ?> config = clients.getConsumer(channel).configuration();
            assertEquals("entitlement-service", config.get("group.id"), channel);
            assertEquals("earliest", config.get("auto.offset.reset"), channel);
            assertEquals("10000", String.valueOf(config.get("session.timeout.ms")), channel);
            assertEquals("3000", String.valueOf(config.get("heartbeat.interval.ms")), channel);
            assertEquals(
                    "org.apache.kafka.common.serialization.StringDeserializer",
                    String.valueOf(config.get("value.deserializer")),
                    channel);
            assertFalse(String.valueOf(config.get("bootstrap.servers")).isBlank(), channel);
        }
    }
}
