package dev.entitlements.entitlement.entitlements.messaging;

import dev.entitlements.common.messaging.EntitlementEvents;
import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.entitlement.entitlements.repository.EntitlementProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects {@code entitlement.events} (purchased, changed, cancelled) into the entitlement read model. */
@ApplicationScoped
public class EntitlementEventConsumer {

    public static final String CONSUMER = "entitlement.entitlements";

    private final EventInbox inbox;
    private final EntitlementProjection projection;

    public EntitlementEventConsumer(EventInbox inbox, EntitlementProjection projection) {
        this.inbox = inbox;
        this.projection = projection;
    }

    @Incoming("entitlement-events")
    public Uni<Void> onEntitlementEvent(ConsumerRecord<String, String> record) {
        return EntitlementEvents.apply(inbox, CONSUMER, record, projection);
    }
}
