package dev.entitlements.reporting.usage.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.reporting.usage.service.UsageReportService;
import io.smallrye.mutiny.Uni;

/** Projects {@code device.usage} into daily snapshots. */
@ApplicationScoped
public class DeviceUsageConsumer {

    static final String CONSUMER = "reporting.device-usage";

    private final EventInbox inbox;
    private final UsageReportService service;

    public DeviceUsageConsumer(EventInbox inbox, UsageReportService service) {
        this.inbox = inbox;
        this.service = service;
    }

    @Incoming("device-usage")
    public Uni<Void> onDeviceUsage(ConsumerRecord<String, String> record) {
        CloudEvent event = inbox.read(record, EventType.DEVICE_USAGE_REPORTED);
        DeviceUsageReported usage = event.payload(DeviceUsageReported.class);
        return inbox.applyOnce(CONSUMER, event, tx -> service.record(tx, usage, event.time())).replaceWithVoid();
    }
}
