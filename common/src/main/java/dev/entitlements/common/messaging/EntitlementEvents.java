package dev.entitlements.common.messaging;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.InvalidEventException;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How every projection of {@code entitlement.events} reads it: purchased and changed carry the
 * entitlement's new state, cancelled its last one. Each service says what it does with a state.
 */
public final class EntitlementEvents {

    public static final Set<EventType> TYPES =
            EnumSet.of(EventType.ENTITLEMENT_PURCHASED, EventType.ENTITLEMENT_CHANGED, EventType.ENTITLEMENT_CANCELLED);

    /** A projection of entitlement states, written in the inbox transaction. */
    public interface Projection {

        /** Purchased or changed: the entitlement is now in this state. */
        Uni<Void> upsert(SqlConnection tx, EntitlementData entitlement, Instant eventTime);

        /** Cancelled: the entitlement no longer counts. */
        Uni<Void> cancel(SqlConnection tx, EntitlementData entitlement, Instant eventTime);
    }

    private EntitlementEvents() {}

    /**
     * Applies one record of {@code entitlement.events} to {@code projection}, once for {@code consumer}.
     * The record is read before the transaction: one that cannot be read fails at once (poison).
     */
    public static Uni<Void> apply(
            EventInbox inbox, String consumer, ConsumerRecord<String, String> record, Projection projection) {
        CloudEvent event = inbox.read(record, TYPES);
        EventType type = EventType.of(event.type()).orElseThrow();
        EntitlementData entitlement = type == EventType.ENTITLEMENT_CHANGED
                ? event.payload(EntitlementChanged.class).entitlement()
                : event.payload(EntitlementData.class);
        if (entitlement == null) {
            throw new InvalidEventException("event " + event.id() + " carries no entitlement");
        }
        boolean cancelled = type == EventType.ENTITLEMENT_CANCELLED;
        return inbox.applyOnce(
                        consumer,
                        event,
                        tx -> cancelled
                                ? projection.cancel(tx, entitlement, event.time())
                                : projection.upsert(tx, entitlement, event.time()))
                .replaceWithVoid();
    }
}
