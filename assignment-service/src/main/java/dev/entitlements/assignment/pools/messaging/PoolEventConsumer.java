package dev.entitlements.assignment.pools.messaging;

import dev.entitlements.assignment.pools.service.PoolProjection;
import dev.entitlements.common.messaging.EntitlementEvents;
import dev.entitlements.common.messaging.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the providers' pool copy from {@code entitlement.events}, each event once. */
@ApplicationScoped
public class PoolEventConsumer {

    public static final String CONSUMER = "assignment.pools";

    private final EventInbox inbox;
    private final PoolProjection pools;

    public PoolEventConsumer(EventInbox inbox, PoolProjection pools) {
        this.inbox = inbox;
        this.pools = pools;
    }

    @Incoming("entitlement-events")
    public Uni<Void> onEntitlementEvent(ConsumerRecord<String, String> record) {
        return EntitlementEvents.apply(inbox, CONSUMER, record, pools);
    }
}
