package dev.entitlements.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The event records and their JSON Schemas describe the same thing. */
class EventTypeTests {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeHasASchemaNamedAfterIt(EventType type) throws Exception {
        JsonNode schema = schema(type);
        assertEquals(type.type(), schema.get("title").asText());
        assertTrue(Topics.ALL.contains(type.topic()), type.topic());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theSchemaPropertiesAreExactlyTheRecordComponents(EventType type) throws Exception {
        JsonNode schema = schema(type);
        Set<String> properties = new HashSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> components = new HashSet<>();
        Arrays.stream(type.payloadType().getRecordComponents())
                .map(RecordComponent::getName)
                .forEach(components::add);
        assertEquals(components, properties);
        assertEquals(false, schema.get("additionalProperties").asBoolean(true), "schemas are closed");
    }

    private static JsonNode schema(EventType type) throws Exception {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            assertNotNull(in, type.schemaResource());
            return MAPPER.readTree(in);
        }
    }
}
