package dev.entitlements.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A collector for the tests: an OTLP/HTTP receiver ({@code POST /v1/traces}, protobuf) that the
 * stack's processes export their spans to, keeping the most recent ones in memory as {@link Received}.
 * It answers every export with success, so no process logs an export error.
 */
final class TraceReceiver implements AutoCloseable {

    /** Spans kept; the oldest go first (the suites' traffic would otherwise grow without bound). */
    private static final int KEPT = 200_000;

    /** One span as exported: who sent it (the resource's {@code service.name}) and its own fields. */
    record Received(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            io.opentelemetry.proto.trace.v1.Span.SpanKind kind,
            long startNanos,
            Map<String, String> attributes) {

        @Override
        public String toString() {
            return service + " " + kind + " '" + name + "' " + spanId + " <- " + parentSpanId;
        }
    }

    private final HttpServer server;
    private final Deque<Received> spans = new ArrayDeque<>();

    private TraceReceiver(HttpServer server) {
        this.server = server;
    }

    static TraceReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TraceReceiver receiver = new TraceReceiver(server);
            server.createContext("/v1/traces", receiver::export);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "otlp-receiver");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment that makes a service or the gateway export here, quickly (the tests wait on it). */
    Map<String, String> exporterEnv() {
        return Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                // the batch span processor's wait before an export (default 5 s)
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY",
                "PT0.2S");
    }

    /** The spans received so far that match. */
    synchronized List<Received> spans(Predicate<Received> match) {
        return spans.stream().filter(match).toList();
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            keep(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private void keep(ExportTraceServiceRequest request) {
        List<Received> batch = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = attributes(rs.getResource()).getOrDefault("service.name", "?");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
                    batch.add(new Received(
                            service,
                            hex(s.getTraceId().toByteArray()),
                            hex(s.getSpanId().toByteArray()),
                            s.getParentSpanId().isEmpty()
                                    ? null
                                    : hex(s.getParentSpanId().toByteArray()),
                            s.getName(),
                            s.getKind(),
                            s.getStartTimeUnixNano(),
                            attributes(s.getAttributesList())));
                }
            }
        }
        synchronized (this) {
            spans.addAll(batch);
            while (spans.size() > KEPT) {
                spans.removeFirst();
            }
        }
    }

    private static Map<String, String> attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : values) {
            AnyValue v = kv.getValue();
            map.put(
                    kv.getKey(),
                    switch (v.getValueCase()) {
                        case STRING_VALUE -> v.getStringValue();
                        case INT_VALUE -> Long.toString(v.getIntValue());
                        case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                        case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                        default -> v.toString();
                    });
        }
        return map;
    }

    private static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
