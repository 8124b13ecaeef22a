package dev.entitlements.entitlement.attention.messaging;

import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AttentionRaised;
import dev.entitlements.entitlement.attention.repository.AttentionNoteRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects {@code attention.events} (raised by sync, assignment and reporting) into attention notes. */
@ApplicationScoped
public class AttentionEventConsumer {

    public static final String CONSUMER = "entitlement.attention";

    private final EventInbox inbox;
    private final AttentionNoteRepository notes;

    public AttentionEventConsumer(EventInbox inbox, AttentionNoteRepository notes) {
        this.inbox = inbox;
        this.notes = notes;
    }

    @Incoming("attention-events")
    public Uni<Void> onAttentionEvent(ConsumerRecord<String, String> record) {
        CloudEvent event = inbox.read(record, EventType.ATTENTION_RAISED);
        AttentionRaised note =
                event.payload(AttentionRaised.class); // read before the transaction: unreadable is poison
        return inbox.applyOnce(CONSUMER, event, tx -> notes.upsert(tx, note, event.time()))
                .replaceWithVoid();
    }
}
