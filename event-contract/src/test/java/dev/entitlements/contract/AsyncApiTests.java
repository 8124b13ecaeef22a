package dev.entitlements.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The AsyncAPI document ({@code asyncapi.yaml}) says what this module says: the same topics and
 * dead-letter topics, every event type on its topic with its JSON Schema and a Kafka key, nothing
 * else, and the CloudEvents header names the producers write.
 */
class AsyncApiTests {

    private static JsonNode doc;
    /** channel address → the message ids it lists */
    private static final Map<String, Set<String>> MESSAGES_BY_ADDRESS = new HashMap<>();

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = AsyncApiTests.class.getResourceAsStream("/asyncapi.yaml")) {
            assertNotNull(in, "asyncapi.yaml is on the classpath");
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        doc.path("channels").forEach(channel -> {
            Set<String> ids = new HashSet<>();
            channel.path("messages").fieldNames().forEachRemaining(ids::add);
            MESSAGES_BY_ADDRESS.put(channel.path("address").asText(), ids);
        });
    }

    @Test
    void theChannelsAreExactlyTheTopicsAndTheirDeadLetterTopics() {
        Set<String> expected = new TreeSet<>();
        for (String topic : Topics.ALL) {
            expected.add(topic);
            expected.add(Topics.deadLetter(topic));
        }
        assertEquals(expected, new TreeSet<>(MESSAGES_BY_ADDRESS.keySet()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeIsAMessageOfItsTopicWithItsSchemaAndKey(EventType type) {
        String id = type.type().replace('.', '_');
        JsonNode message = doc.path("components").path("messages").path(id);
        assertTrue(message.isObject(), "components.messages." + id);
        assertEquals(type.type(), message.path("name").asText());
        String payload = message.path("payload").path("$ref").asText();
        assertEquals("." + type.schemaResource(), payload, "the payload is the module's schema file");
        assertNotNull(EventType.class.getResource(type.schemaResource()), type.schemaResource());
        assertEquals(
                "#/components/schemas/CloudEventHeaders",
                message.path("headers").path("$ref").asText());
        assertEquals(
                "string",
                message.path("bindings").path("kafka").path("key").path("type").asText(),
                "a Kafka key is described");
        assertTrue(
                MESSAGES_BY_ADDRESS.getOrDefault(type.topic(), Set.of()).contains(id),
                type + " is listed on " + type.topic());
    }

    @Test
    void noChannelListsAMessageThatIsNotAnEventTypeOfItsTopic() {
        List<String> strays = new ArrayList<>();
        MESSAGES_BY_ADDRESS.forEach((address, ids) -> ids.forEach(id -> {
            boolean known = EventType.of(id.replace('_', '.'))
                    .map(t -> t.topic().equals(address))
                    .orElse(false);
            if (!known) {
                strays.add(address + ": " + id);
            }
        }));
        assertEquals(List.of(), strays);
        Set<String> components = new HashSet<>();
        doc.path("components").path("messages").fieldNames().forEachRemaining(components::add);
        assertEquals(EventType.values().length, components.size(), "one message per event type");
    }

    @Test
    void theHeadersAreTheCloudEventsAttributesTheProducersWrite() {
        JsonNode headers = doc.path("components").path("schemas").path("CloudEventHeaders");
        Set<String> names = new TreeSet<>();
        headers.path("properties").fieldNames().forEachRemaining(names::add);
        assertEquals(
                new TreeSet<>(Set.of(
                        CloudEvent.H_ID,
                        CloudEvent.H_TYPE,
                        CloudEvent.H_SOURCE,
                        CloudEvent.H_TIME,
                        CloudEvent.H_SPEC,
                        CloudEvent.H_SUBJECT,
                        CloudEvent.H_CONTENT_TYPE,
                        CloudEvent.H_TRACEPARENT,
                        CloudEvent.H_TRACESTATE,
                        CloudEvent.W3C_TRACEPARENT,
                        CloudEvent.W3C_TRACESTATE)),
                names);
        Set<String> required = new TreeSet<>();
        headers.path("required").forEach(r -> required.add(r.asText()));
        assertEquals(
                new TreeSet<>(Set.of(
                        CloudEvent.H_ID, CloudEvent.H_TYPE, CloudEvent.H_SOURCE, CloudEvent.H_TIME, CloudEvent.H_SPEC)),
                required,
                "what a consumer can rely on (CloudEvent.fromHeaders requires these)");
    }
}
