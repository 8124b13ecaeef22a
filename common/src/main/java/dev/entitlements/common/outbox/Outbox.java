package dev.entitlements.common.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

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
        int n = messages.size();
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] values = new String[n];
        String[] headers = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxMessage m = messages.get(i);
            topics[i] = m.topic();
            keys[i] = m.key();
            values[i] = m.value();
            headers[i] = new JsonObject(new java.util.HashMap<>(m.headers())).encode();
        }
        // one statement for the whole batch (not one execution per row); seq follows the list order
        return tx.preparedQuery("INSERT INTO outbox (topic, record_key, record_value, headers)"
                        + " SELECT t, k, v, h::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                        + " WITH ORDINALITY AS m(t, k, v, h, i) ORDER BY i")
                .execute(Tuple.of(topics, keys, values, headers))
                .replaceWithVoid();
    }

    /** Call after the transaction committed: publishes now instead of at the next poll. */
    public void committed() {
        relay.wake();
    }
}
