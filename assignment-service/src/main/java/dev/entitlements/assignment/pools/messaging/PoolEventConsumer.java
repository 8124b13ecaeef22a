package dev.entitlements.assignment.pools.messaging;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.entitlements.assignment.pools.repository.PoolProjection;
import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import io.smallrye.mutiny.Uni;

/** Keeps the providers' pool copy from {@code entitlement.events}, each event once. */
@ApplicationScoped
public class PoolEventConsumer {

    public static final String CONSUMER = "assignment.pools";
    private static final Set<EventType> TYPES = EnumSet.of(EventType.ENTITLEMENT_PURCHASED, EventType.ENTITLEMENT_CHANGED,
            EventType.ENTITLEMENT_CANCELLED);

    private final EventInbox inbox;
    private final PoolProjection pools;

    public PoolEventConsumer(EventInbox inbox, PoolProjection pools) {
        this.inbox = inbox;
        this.pools = pools;
    }

    @Incoming("entitlement-events")
    public Uni<Void> onEntitlementEvent(ConsumerRecord<String, String> record) {
        CloudEvent event = inbox.read(record, TYPES);
        EventType type = EventType.of(event.type()).orElseThrow();
        return inbox.applyOnce(CONSUMER, event, tx -> switch (type) {
            case ENTITLEMENT_PURCHASED -> pools.upsert(tx, event.payload(EntitlementData.class), event.time());
            case ENTITLEMENT_CHANGED -> pools.upsert(tx, event.payload(EntitlementChanged.class).entitlement(), event.time());
            default -> pools.cancel(tx, event.payload(EntitlementData.class), event.time());
        }).replaceWithVoid();
    }
}
