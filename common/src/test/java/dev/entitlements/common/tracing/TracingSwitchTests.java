package dev.entitlements.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracing is off unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} names a collector: the nested expressions
 * of common's {@code META-INF/microprofile-config.properties}, resolved as Quarkus resolves them.
 */
class TracingSwitchTests {

    @Test
    void withoutAnEndpointTheSdkIsOffAndTheReportingSpansToo() throws IOException {
        SmallRyeConfig config = config(Map.of());
        assertEquals("true", config.getValue("quarkus.otel.sdk.disabled", String.class));
        assertEquals("false", config.getValue("reporting.tracing", String.class));
    }

    @Test
    void anEmptyEndpointIsNoEndpoint() throws IOException {
        // a Kubernetes ConfigMap with OTEL_EXPORTER_OTLP_ENDPOINT= (deploy/kubernetes/base)
        SmallRyeConfig config = config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", ""));
        assertEquals("true", config.getValue("quarkus.otel.sdk.disabled", String.class));
    }

    @Test
    void anEndpointTurnsItOnAndIsWhereTheSpansGo() throws IOException {
        SmallRyeConfig config = config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4318"));
        assertEquals("false", config.getValue("quarkus.otel.sdk.disabled", String.class));
        assertEquals("true", config.getValue("reporting.tracing", String.class));
        assertEquals(
                "http://otel-collector:4318",
                config.getValue("quarkus.otel.exporter.otlp.traces.endpoint", String.class));
        assertEquals("http/protobuf", config.getValue("quarkus.otel.exporter.otlp.traces.protocol", String.class));
    }

    private static SmallRyeConfig config(Map<String, String> env) throws IOException {
        URL shared = TracingSwitchTests.class.getResource("/META-INF/microprofile-config.properties");
        Map<String, String> overrides = new HashMap<>(env);
        // as reporting-service's application.properties turns its per-record spans on and off
        overrides.put("reporting.tracing", "${platform.tracing.on-with-endpoint${OTEL_EXPORTER_OTLP_ENDPOINT:}:true}");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(shared, 100))
                .withSources(new PropertiesConfigSource(overrides, "env", 300))
                .build();
    }
}
