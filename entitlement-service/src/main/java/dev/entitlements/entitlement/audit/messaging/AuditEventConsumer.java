package dev.entitlements.entitlement.audit.messaging;

import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.entitlement.audit.repository.AuditEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code audit.events} (every service's audit entries) into the audit read model, each
 * event once (ADR 0015). This service is the topic's only reader inside the platform.
 */
@ApplicationScoped
public class AuditEventConsumer {

    public static final String CONSUMER = "entitlement.audit";

    private final EventInbox inbox;
    private final AuditEventRepository trail;

    public AuditEventConsumer(EventInbox inbox, AuditEventRepository trail) {
        this.inbox = inbox;
        this.trail = trail;
    }

    @Incoming("audit-events")
    public Uni<Void> onAuditEvent(ConsumerRecord<String, String> record) {
        CloudEvent event = inbox.read(record, EventType.AUDIT_RECORDED);
        // read before the transaction: an entry without what every row needs is poison
        AuditRecorded entry = complete(event.payload(AuditRecorded.class));
        return inbox.applyOnce(CONSUMER, event, tx -> trail.insert(tx, entry, event.source()))
                .replaceWithVoid();
    }

    private static AuditRecorded complete(AuditRecorded e) {
        Objects.requireNonNull(e.auditId(), "auditId");
        Objects.requireNonNull(e.tenantId(), "tenantId");
        Objects.requireNonNull(e.subject(), "subject");
        Objects.requireNonNull(e.action(), "action");
        Objects.requireNonNull(e.resourceType(), "resourceType");
        Objects.requireNonNull(e.at(), "at");
        return e;
    }
}
