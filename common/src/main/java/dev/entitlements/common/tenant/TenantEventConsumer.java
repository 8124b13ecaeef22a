package dev.entitlements.common.tenant;

import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.TenantUpserted;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps {@link TenantDirectory} from {@code tenant.events}, once per event. Only in services that
 * read the directory: they set {@code platform.tenant-directory.enabled=true} (build time) and
 * configure the {@code tenant-events} channel (topic, group, dead-letter queue).
 */
@ApplicationScoped
@IfBuildProperty(name = "platform.tenant-directory.enabled", stringValue = "true")
public class TenantEventConsumer {

    public static final String CONSUMER = "tenant-directory";

    private final EventInbox inbox;
    private final TenantDirectory directory;

    public TenantEventConsumer(EventInbox inbox, TenantDirectory directory) {
        this.inbox = inbox;
        this.directory = directory;
    }

    @Incoming("tenant-events")
    public Uni<Void> onTenantEvent(ConsumerRecord<String, String> record) {
        CloudEvent event = inbox.read(record, EventType.TENANT_UPSERTED);
        TenantUpserted tenant =
                event.payload(TenantUpserted.class); // read before the transaction: unreadable is poison
        return inbox.applyOnce(CONSUMER, event, tx -> directory.apply(tx, tenant, event.time()))
                .replaceWithVoid();
    }
}
