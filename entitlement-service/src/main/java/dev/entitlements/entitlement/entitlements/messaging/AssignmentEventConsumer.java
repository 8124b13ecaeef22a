package dev.entitlements.entitlement.entitlements.messaging;

import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.entitlement.entitlements.repository.EntitlementProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects {@code assignment.events}: licenses a tenant received are listed among its own (SELF) until revoked. */
@ApplicationScoped
public class AssignmentEventConsumer {

    public static final String CONSUMER = "entitlement.assignments";
    private static final Set<EventType> TYPES = EnumSet.of(EventType.ASSIGNMENT_CREATED, EventType.ASSIGNMENT_REVOKED);

    private final EventInbox inbox;
    private final EntitlementProjection projection;

    public AssignmentEventConsumer(EventInbox inbox, EntitlementProjection projection) {
        this.inbox = inbox;
        this.projection = projection;
    }

    @Incoming("assignment-events")
    public Uni<Void> onAssignmentEvent(ConsumerRecord<String, String> record) {
        CloudEvent event = inbox.read(record, TYPES);
        AssignmentData assignment = event.payload(AssignmentData.class);
        boolean created = EventType.ASSIGNMENT_CREATED.type().equals(event.type());
        return inbox.applyOnce(
                        CONSUMER,
                        event,
                        tx -> created
                                ? projection.receive(tx, assignment, event.time())
                                : projection.release(tx, assignment, event.time()))
                .replaceWithVoid();
    }
}
