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
 * produces to Kafka.
 */
@ApplicationScoped
public class Outbox {

    private static final BatchColumns<OutboxMessage> ROWS = BatchColumns.<OutboxMessage>of()
            .text(OutboxMessage::topic)
            .text(OutboxMessage::key)
            .text(OutboxMessage::value)
            .text(m -> new JsonObject(new java.util.HashMap<>(m.headers())).encode());

    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    public Uni<Void> add(SqlConnection tx, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // one statement for the whole batch (not one execution per row); seq follows the list order
        return tx.preparedQuery("INSERT INTO outbox (topic, record_key, record_value, headers)"
                        + " SELECT t, k, v, h::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                        + " WITH ORDINALITY AS m(t, k, v, h, i) ORDER BY i")
                .execute(ROWS.tuple(messages))
                .replaceWithVoid();
    }

    /** Call after the transaction committed: publishes now instead of at the next poll. */
    public void committed() {
        relay.wake();
    }
}
