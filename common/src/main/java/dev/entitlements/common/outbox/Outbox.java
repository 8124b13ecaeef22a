package dev.entitlements.common.outbox;

import dev.entitlements.common.query.BatchColumns;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Adds records to the outbox inside the caller's transaction, so they are published if and only
 * if the state change commits ({@link OutboxRelay} does the publishing). The only way a service
 * produces to Kafka. Each row keeps the trace context it was written in ({@link OutboxTracing}).
 */
@ApplicationScoped
public class Outbox {

    private static final BatchColumns<OutboxMessage> ROWS = BatchColumns.<OutboxMessage>of()
            .text(OutboxMessage::topic)
            .text(OutboxMessage::key)
            .text(OutboxMessage::value)
            .text(m -> new JsonObject(new java.util.HashMap<>(m.headers())).encode());

    private final OutboxRelay relay;
    private final OutboxTracing tracing;

    public Outbox(OutboxRelay relay, OutboxTracing tracing) {
        this.relay = relay;
        this.tracing = tracing;
    }

    public Uni<Void> add(SqlConnection tx, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // the caller's trace goes with its rows: the relay publishes them as a child of it (ADR 0016)
        OutboxTracing.StoredContext trace = tracing.current();
        // one statement for the whole batch (not one execution per row); seq follows the list order
        return tx.preparedQuery("INSERT INTO outbox (traceparent, tracestate, topic, record_key, record_value, headers)"
                        + " SELECT $1::text, $2::text, t, k, v, h::jsonb FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])"
                        + " WITH ORDINALITY AS m(t, k, v, h, i) ORDER BY i")
                .execute(ROWS.tuple(messages, trace.traceparent(), trace.tracestate()))
                .replaceWithVoid();
    }

    /** Call after the transaction committed: publishes now instead of at the next poll. */
    public void committed() {
        relay.wake();
    }
}
