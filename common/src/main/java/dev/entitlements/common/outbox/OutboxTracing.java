package dev.entitlements.common.outbox;

import dev.entitlements.contract.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Carries a trace across the outbox (ADR 0016): the writer's W3C trace context is stored with the
 * row ({@link #current}), and the relay publishes the row in a PRODUCER span that is a child of it
 * ({@link #publish}), whose context travels in the record's {@code traceparent}/{@code tracestate}
 * headers (what SmallRye's Kafka connector continues) and in the CloudEvents distributed-tracing
 * extension ({@code ce_traceparent}/{@code ce_tracestate}). With tracing off the context is empty:
 * nothing is stored, no span starts, no header is written.
 */
@ApplicationScoped
public class OutboxTracing {

    /** The keys the W3C propagator reads and writes in a carrier. */
    static final String TRACEPARENT = "traceparent";

    static final String TRACESTATE = "tracestate";

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

    /** W3C only, whatever else is configured: the columns and headers are W3C's. */
    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<StoredContext> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(StoredContext carrier) {
            return java.util.List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(StoredContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TRACEPARENT.equals(key)
                    ? carrier.traceparent()
                    : TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };

    /** A trace context as stored with an outbox row; both null outside a trace. */
    public record StoredContext(String traceparent, String tracestate) {

        static final StoredContext NONE = new StoredContext(null, null);

        boolean present() {
            return traceparent != null;
        }
    }

    private final Tracer tracer;

    public OutboxTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.entitlements.outbox");
    }

    /** The caller's trace context (the request or consumed event whose transaction adds rows). */
    StoredContext current() {
        Map<String, String> headers = new HashMap<>(2);
        W3C.inject(Context.current(), headers, Map::put);
        String parent = headers.get(TRACEPARENT);
        return parent == null ? StoredContext.NONE : new StoredContext(parent, headers.get(TRACESTATE));
    }

    /**
     * Starts the PRODUCER span of one record, child of the context stored with its row, and writes
     * that span's context into the record's headers. End it with {@link #sent}.
     *
     * @return the span; a no-op span when the row was written outside a trace
     */
    Span publish(ProducerRecord<String, String> record, StoredContext stored) {
        if (stored == null || !stored.present()) {
            return Span.getInvalid();
        }
        Context parent = W3C.extract(Context.root(), stored, STORED);
        Span span = tracer.spanBuilder(record.topic() + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(OPERATION, "publish")
                .setAttribute(KEY, record.key() == null ? "" : record.key())
                .startSpan();
        Map<String, String> headers = new HashMap<>(2);
        W3C.inject(parent.with(span), headers, Map::put);
        put(record, CloudEvent.W3C_TRACEPARENT, headers.get(TRACEPARENT));
        put(record, CloudEvent.H_TRACEPARENT, headers.get(TRACEPARENT));
        put(record, CloudEvent.W3C_TRACESTATE, headers.get(TRACESTATE));
        put(record, CloudEvent.H_TRACESTATE, headers.get(TRACESTATE));
        return span;
    }

    /** Ends a span of {@link #publish} once Kafka acknowledged the record or refused it. */
    static void sent(Span span, RecordMetadata metadata, Exception failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        } else if (metadata != null) {
            span.setAttribute(PARTITION, (long) metadata.partition());
            span.setAttribute(OFFSET, metadata.offset());
        }
        span.end();
    }

    /** Replaces a header (a dead letter carries the failed record's own trace headers). */
    private static void put(ProducerRecord<String, String> record, String name, String value) {
        record.headers().remove(name);
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
