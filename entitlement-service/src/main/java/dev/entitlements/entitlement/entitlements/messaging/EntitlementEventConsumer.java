package dev.entitlements.entitlement.entitlements.messaging;

import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.entitlement.entitlements.repository.EntitlementProjection;
import io.smallrye.mutiny.Uni;

/** Projects {@code entitlement.events} (purchased, changed, cancelled) into the entitlement read model. */
@ApplicationScoped
public class EntitlementEventConsumer {

    public static final String CONSUMER = "entitlement.entitlements";
    private static final Set<EventType> TYPES = EnumSet.of(EventType.ENTITLEMENT_PURCHASED, EventType.ENTITLEMENT_CHANGED,
            EventType.ENTITLEMENT_CANCELLED);

    private final EventInbox inbox;
    private final EntitlementProjection projection;

    public EntitlementEventConsumer(EventInbox inbox, EntitlementProjection projection) {
        this.inbox = inbox;
        this.projection = projection;
    }

    @Incoming("entitlement-events")
    public Uni<Void> onEntitlementEvent(ConsumerRecord<String, String> record) {
        CloudEvent event = inbox.read(record, TYPES);
        EventType type = EventType.of(event.type()).orElseThrow();
        return inbox.applyOnce(CONSUMER, event, tx -> switch (type) {
            case ENTITLEMENT_PURCHASED -> projection.upsert(tx, event.payload(EntitlementData.class), event.time());
            case ENTITLEMENT_CHANGED -> projection.upsert(tx, event.payload(EntitlementChanged.class).entitlement(), event.time());
            default -> projection.cancel(tx, event.payload(EntitlementData.class), event.time());
        }).replaceWithVoid();
    }
}
