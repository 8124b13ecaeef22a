package dev.entitlements.common.outbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Adds records to the outbox inside the caller's transaction, so they are published if and only
 * if the state change commits ({@link OutboxRelay} does the publishing). The only way a service
 * produces to Kafka.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    public Uni<Void> add(SqlConnection tx, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = messages.stream()
                .map(m -> Tuple.of(m.topic(), m.key(), m.value(), new JsonObject(new java.util.HashMap<>(m.headers()))))
                .toList();
        return tx.preparedQuery("INSERT INTO outbox (topic, record_key, record_value, headers) VALUES ($1, $2, $3, $4)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** Call after the transaction committed: publishes now instead of at the next poll. */
    public void committed() {
        relay.wake();
    }
}
