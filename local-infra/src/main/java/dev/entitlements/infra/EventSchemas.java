package dev.entitlements.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.entitlements.contract.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checks event payloads against the JSON Schemas of the event contract. */
public final class EventSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // schemas refer to each other by their $id; resolve those from the classpath, never the network
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                    builder.schemaMappers(m -> m.mapPrefix("https://entitlements.dev/schemas/", "classpath:schemas/")));
    private static final Map<EventType, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** The violations of the payload against its type's schema; empty when valid. */
    public static List<String> violations(EventType type, String json) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(type, EventSchemas::load);
        try {
            return schema.validate(MAPPER.readTree(json)).stream()
                    .map(ValidationMessage::getMessage)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    private static JsonSchema load(EventType type) {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("no schema " + type.schemaResource());
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .formatAssertionsEnabled(true)
                    .build();
            return FACTORY.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
