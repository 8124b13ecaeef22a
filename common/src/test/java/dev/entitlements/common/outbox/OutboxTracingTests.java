package dev.entitlements.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The trace context across the outbox: stored from the writer's span, continued by the publish. */
class OutboxTracingTests {

    /** The ended spans, as an exporter would get them. */
    private final List<SpanData> ended = new CopyOnWriteArrayList<>();

    private final OpenTelemetry otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(new SpanProcessor() {
                        @Override
                        public void onStart(Context parentContext, ReadWriteSpan span) {}

                        @Override
                        public boolean isStartRequired() {
                            return false;
                        }

                        @Override
                        public void onEnd(ReadableSpan span) {
                            ended.add(span.toSpanData());
                        }

                        @Override
                        public boolean isEndRequired() {
                            return true;
                        }

                        @Override
                        public CompletableResultCode shutdown() {
                            return CompletableResultCode.ofSuccess();
                        }
                    })
                    .build())
            .build();

    private final OutboxTracing tracing = new OutboxTracing(otel);

    @Test
    void theWritersSpanIsStoredAndThePublishIsItsChildInTheRecordsHeaders() {
        Span request = otel.getTracer("test").spanBuilder("request").startSpan();
        OutboxTracing.StoredContext stored;
        try (Scope ignored = request.makeCurrent()) {
            stored = tracing.current();
        } finally {
            request.end();
        }
        assertEquals(
                "00-" + request.getSpanContext().getTraceId() + "-"
                        + request.getSpanContext().getSpanId() + "-01",
                stored.traceparent());

        ProducerRecord<String, String> record = new ProducerRecord<>("assignment.events", "msp-1", "{}");
        // a dead letter carries the failed record's own trace headers: the publish replaces them
        record.headers().add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes());
        Span publish = tracing.publish(record, stored);
        OutboxTracing.sent(
                publish, new RecordMetadata(new TopicPartition("assignment.events", 2), 41, 0, 0, 3, 2), null);

        SpanData span = ended.stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER)
                .findFirst()
                .orElseThrow();
        assertEquals(request.getSpanContext().getTraceId(), span.getTraceId());
        assertEquals(request.getSpanContext().getSpanId(), span.getParentSpanId());
        assertEquals("assignment.events publish", span.getName());
        String expected = "00-" + span.getTraceId() + "-" + span.getSpanId() + "-01";
        assertEquals(expected, header(record, CloudEvent.W3C_TRACEPARENT));
        assertEquals(expected, header(record, CloudEvent.H_TRACEPARENT));
        assertEquals(1, count(record, CloudEvent.W3C_TRACEPARENT), "replaced, not added beside");
    }

    @Test
    void outsideATraceNothingIsStoredNoSpanStartsAndNoHeaderIsWritten() {
        OutboxTracing.StoredContext stored = tracing.current();
        assertNull(stored.traceparent());
        assertNull(stored.tracestate());

        ProducerRecord<String, String> record = new ProducerRecord<>("assignment.events", "msp-1", "{}");
        Span publish = tracing.publish(record, stored);
        OutboxTracing.sent(publish, null, null);
        assertFalse(publish.getSpanContext().isValid());
        assertTrue(ended.isEmpty());
        assertFalse(record.headers().iterator().hasNext());
    }

    @Test
    void aRefusedRecordEndsItsSpanAsAnError() {
        Span request = otel.getTracer("test").spanBuilder("request").startSpan();
        OutboxTracing.StoredContext stored;
        try (Scope ignored = request.makeCurrent()) {
            stored = tracing.current();
        }
        Span publish = tracing.publish(new ProducerRecord<>("assignment.events", "k", "{}"), stored);
        OutboxTracing.sent(publish, null, new IllegalStateException("broker away"));
        SpanData span = ended.get(0);
        assertEquals(
                io.opentelemetry.api.trace.StatusCode.ERROR, span.getStatus().getStatusCode());
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int count(ProducerRecord<String, String> record, String name) {
        int n = 0;
        for (var h : record.headers().headers(name)) {
            n++;
        }
        return n;
    }
}
