package dev.entitlements.contract;

import java.util.Arrays;
import java.util.Optional;

import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.contract.events.TenantUpserted;

/**
 * Every event type of the platform: its versioned CloudEvents type, the topic it travels on, its
 * payload record and its JSON Schema ({@code /schemas/<type>.json} in this module).
 */
public enum EventType {

    TENANT_UPSERTED("tenant.upserted.v1", Topics.TENANT_EVENTS, TenantUpserted.class),
    DEVICE_USAGE_REPORTED("device.usage.reported.v1", Topics.DEVICE_USAGE, DeviceUsageReported.class);

    private final String type;
    private final String topic;
    private final Class<?> payloadType;

    EventType(String type, String topic, Class<?> payloadType) {
        this.type = type;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    /** Classpath location of the payload's JSON Schema. */
    public String schemaResource() {
        return "/schemas/" + type + ".json";
    }

    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
