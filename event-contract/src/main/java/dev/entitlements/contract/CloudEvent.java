package dev.entitlements.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A CloudEvents 1.0 event in Kafka binary mode: the attributes travel as {@code ce_*} headers and
 * the record value is the JSON data. This class is the only place that knows the header names.
 *
 * @param id      unique per event; consumers deduplicate on it
 * @param type    versioned type, e.g. {@code device.usage.reported.v1} ({@link EventType})
 * @param source  the producing service, e.g. {@code /reporting-service}
 * @param time    when the fact happened
 * @param subject the tenant the event is about; also the record key
 * @param data    the JSON payload
 */
public record CloudEvent(String id, String type, String source, Instant time, String subject, String data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    static final String H_ID = "ce_id";
    static final String H_TYPE = "ce_type";
    static final String H_SOURCE = "ce_source";
    static final String H_TIME = "ce_time";
    static final String H_SUBJECT = "ce_subject";
    static final String H_SPEC = "ce_specversion";
    static final String H_CONTENT_TYPE = "content-type";
    /**
     * The CloudEvents distributed-tracing extension in binary mode: the W3C trace context of the
     * publish, beside the plain {@code traceparent}/{@code tracestate} headers Kafka instrumentations read.
     * Written by the outbox relay (it is the publish, not the event, that has the context).
     */
    public static final String H_TRACEPARENT = "ce_traceparent";

    public static final String H_TRACESTATE = "ce_tracestate";
    /** The W3C trace-context headers of the publish (what Kafka instrumentations, SmallRye's among them, continue). */
    public static final String W3C_TRACEPARENT = "traceparent";

    public static final String W3C_TRACESTATE = "tracestate";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A new event with a random id, happening now. */
    public static CloudEvent of(EventType type, String source, String subject, Object payload) {
        return new CloudEvent(
                UUID.randomUUID().toString(), type.type(), source, Instant.now(), subject, EventJson.write(payload));
    }

    /** The attributes as binary-mode header names and values. */
    public java.util.Map<String, String> headers() {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put(H_SPEC, SPEC_VERSION);
        headers.put(H_ID, id);
        headers.put(H_TYPE, type);
        headers.put(H_SOURCE, source);
        headers.put(H_TIME, time.toString());
        if (subject != null) {
            headers.put(H_SUBJECT, subject);
        }
        headers.put(H_CONTENT_TYPE, CONTENT_TYPE);
        return headers;
    }

    /** Writes the attributes as binary-mode headers. */
    public void writeTo(Headers headers) {
        headers().forEach((name, value) -> put(headers, name, value));
    }

    /**
     * Reads an event from a record's headers and value.
     *
     * @throws InvalidEventException when a required attribute is missing or malformed
     */
    public static CloudEvent readFrom(Headers headers, String value) {
        String id = get(headers, H_ID);
        String type = get(headers, H_TYPE);
        String source = get(headers, H_SOURCE);
        String time = get(headers, H_TIME);
        if (id == null || type == null || source == null || time == null) {
            throw new InvalidEventException("not a CloudEvent: ce_id, ce_type, ce_source and ce_time are required");
        }
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("event " + id + " has no data");
        }
        Instant at;
        try {
            at = Instant.parse(time);
        } catch (RuntimeException e) {
            throw new InvalidEventException("event " + id + " has a malformed ce_time: " + time);
        }
        return new CloudEvent(id, type, source, at, get(headers, H_SUBJECT), value);
    }

    /** The payload as the record class of its type. */
    public <T> T payload(Class<T> payloadType) {
        return EventJson.read(data, payloadType);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
