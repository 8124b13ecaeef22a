package dev.entitlements.common.messaging;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.entitlements.common.request.RequestIds;
import dev.entitlements.common.security.CallerContext;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies each consumed event exactly once: the event id is recorded in {@code processed_event} in
 * the same transaction as the projection change, so a redelivered event changes nothing.
 * A record that is not a valid event of the expected type fails, and the channel's dead-letter
 * strategy moves it to {@code <topic>.dlq}.
 */
@ApplicationScoped
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    private final Pool pool;

    public EventInbox(Pool pool) {
        this.pool = pool;
    }

    /** Reads the record as a CloudEvent of the given type; anything else is a poison record. */
    public CloudEvent read(ConsumerRecord<String, String> record, EventType expected) {
        return read(record, java.util.EnumSet.of(expected));
    }

    /** Reads the record as a CloudEvent of one of the given types (a topic carrying several). */
    public CloudEvent read(ConsumerRecord<String, String> record, java.util.Set<EventType> expected) {
        CloudEvent event = CloudEvent.readFrom(record.headers(), record.value());
        // consumer log lines carry the event and its tenant as request lines carry request and tenant
        MDC.put(RequestIds.MDC_KEY, "event:" + event.id());
        if (event.subject() != null) {
            MDC.put(CallerContext.MDC_TENANT, event.subject());
        }
        if (expected.stream().noneMatch(t -> t.type().equals(event.type()))) {
            throw new InvalidEventException("event " + event.id() + " has type " + event.type() + ", expected one of "
                    + expected.stream().map(EventType::type).toList());
        }
        return event;
    }

    /**
     * Runs {@code apply} in a transaction unless {@code consumer} already applied this event.
     *
     * @param apply the projection change, on the transaction's connection
     * @return whether the event was applied now (false: a duplicate)
     */
    public Uni<Boolean> applyOnce(String consumer, CloudEvent event, Function<SqlConnection, Uni<Void>> apply) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                "INSERT INTO processed_event (consumer, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(consumer, event.id(), event.type()))
                .chain(inserted -> {
                    if (inserted.rowCount() == 0) {
                        LOG.debugf("%s already applied event %s", consumer, event.id());
                        return Uni.createFrom().item(false);
                    }
                    return apply.apply(tx).replaceWith(true);
                }));
    }
}
