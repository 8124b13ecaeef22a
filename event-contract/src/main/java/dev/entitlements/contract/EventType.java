package dev.entitlements.contract;

import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.AttentionRaised;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.contract.events.TenantUpserted;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type of the platform: its versioned CloudEvents type, the topic it travels on, its
 * payload record and its JSON Schema ({@code /schemas/<type>.json} in this module).
 */
public enum EventType {
    TENANT_UPSERTED("tenant.upserted.v1", Topics.TENANT_EVENTS, TenantUpserted.class),
    DEVICE_USAGE_REPORTED("device.usage.reported.v1", Topics.DEVICE_USAGE, DeviceUsageReported.class),
    /** A raw order line of the licensing system (the CloudEvents headers are optional on this topic). */
    PURCHASE_RECORDED("licensing.purchase.v1", Topics.LICENSING_PURCHASES, PurchaseRecord.class),
    ENTITLEMENT_PURCHASED("entitlement.purchased.v1", Topics.ENTITLEMENT_EVENTS, EntitlementData.class),
    ENTITLEMENT_CHANGED("entitlement.changed.v1", Topics.ENTITLEMENT_EVENTS, EntitlementChanged.class),
    ENTITLEMENT_CANCELLED("entitlement.cancelled.v1", Topics.ENTITLEMENT_EVENTS, EntitlementData.class),
    ASSIGNMENT_CREATED("assignment.created.v1", Topics.ASSIGNMENT_EVENTS, AssignmentData.class),
    ASSIGNMENT_REVOKED("assignment.revoked.v1", Topics.ASSIGNMENT_EVENTS, AssignmentData.class),
    ATTENTION_RAISED("attention.raised.v1", Topics.ATTENTION_EVENTS, AttentionRaised.class),
    /** A write of the audit trail (common {@code Audit}): who changed what, when, with which request id. */
    AUDIT_RECORDED("audit.recorded.v1", Topics.AUDIT_EVENTS, AuditRecorded.class);

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
