package dev.entitlements.contract;

import java.util.List;

/** Every Kafka topic of the platform. Services name topics through these constants only. */
public final class Topics {

    /** Raw purchase records (order lines) from the external licensing system. */
    public static final String LICENSING_PURCHASES = "licensing.purchases";

    public static final String ENTITLEMENT_EVENTS = "entitlement.events";
    public static final String ASSIGNMENT_EVENTS = "assignment.events";
    /** Devices and licenses in use per tenant, from the device inventory. */
    public static final String DEVICE_USAGE = "device.usage";
    /** Tenants, their type and which MSP manages them, from tenant management. */
    public static final String TENANT_EVENTS = "tenant.events";

    public static final String ATTENTION_EVENTS = "attention.events";
    public static final String AUDIT_EVENTS = "audit.events";

    public static final List<String> ALL = List.of(
            LICENSING_PURCHASES,
            ENTITLEMENT_EVENTS,
            ASSIGNMENT_EVENTS,
            DEVICE_USAGE,
            TENANT_EVENTS,
            ATTENTION_EVENTS,
            AUDIT_EVENTS);

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {}

    /** The dead-letter topic of a topic: where a consumer puts records it gave up on. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Whether {@code topic} is a dead-letter topic. */
    public static boolean isDeadLetter(String topic) {
        return topic.endsWith(DEAD_LETTER_SUFFIX);
    }
}
