package dev.entitlements.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.contract.events.TenantUpserted;
import dev.entitlements.infra.EventSchemas;
import dev.entitlements.infra.test.TestKafka;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events the reports are built from, as the other services and systems publish them, sent
 * through the real broker; each is checked against its schema first.
 */
final class ReportEvents {

    static final Instant NOW = Instant.now();
    private static final AtomicLong ASSIGNMENT_IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private ReportEvents() {}

    static String newTenant() {
        return "rpt-" + UUID.randomUUID();
    }

    /** Midnight UTC {@code days} from today (negative: in the past). */
    static Instant day(int days) {
        return LocalDate.ofInstant(NOW, ZoneOffset.UTC)
                .plusDays(days)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /** 23:59:59 UTC of the day {@code days} from today: how expirations arrive from the licensing system. */
    static Instant endOfDay(int days) {
        return day(days + 1).minusSeconds(1);
    }

    static EntitlementData line(
            String tenant,
            String licenseType,
            boolean trial,
            boolean mspPool,
            boolean courtesy,
            int quantity,
            Instant from,
            Instant to) {
        String id = "line-" + UUID.randomUUID();
        return new EntitlementData(
                tenant,
                "acc-" + tenant,
                id,
                mspPool ? "CLD-MSP-APSW-1Y" : "CLD-APSW-1Y",
                licenseType,
                mspPool ? "MSP_WIFI" : "WIFI",
                null,
                trial,
                true,
                mspPool,
                quantity,
                from,
                to,
                "Gold",
                courtesy,
                false,
                null,
                null);
    }

    static EntitlementData purchased(EntitlementData e) {
        publish(EventType.ENTITLEMENT_PURCHASED, e.tenantId(), e, Instant.now());
        return e;
    }

    static EntitlementData changed(EntitlementData before, int quantity) {
        EntitlementData after = new EntitlementData(
                before.tenantId(),
                before.entitlementId(),
                before.externalId(),
                before.sku(),
                before.licenseType(),
                before.deviceType(),
                before.deviceSubType(),
                before.trial(),
                before.r1Sku(),
                before.mspPool(),
                quantity,
                before.effectiveDate(),
                before.expirationDate(),
                before.skuTier(),
                before.courtesy(),
                before.alm(),
                before.almActivationId(),
                before.almSoEntQuantity());
        publish(
                EventType.ENTITLEMENT_CHANGED,
                after.tenantId(),
                new EntitlementChanged(after, before, List.of("quantity")),
                Instant.now());
        return after;
    }

    static void cancelled(EntitlementData e) {
        publish(EventType.ENTITLEMENT_CANCELLED, e.tenantId(), e, Instant.now());
    }

    static AssignmentData assigned(
            String provider, String tenant, String licenseType, boolean trial, int quantity, Instant from, Instant to) {
        AssignmentData a = new AssignmentData(
                ASSIGNMENT_IDS.incrementAndGet(),
                provider,
                tenant,
                licenseType,
                trial,
                quantity,
                from,
                to,
                "admin@" + provider,
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                null,
                null);
        publish(EventType.ASSIGNMENT_CREATED, provider, a, a.createdDate());
        return a;
    }

    static void revoked(AssignmentData a) {
        Instant at = Instant.now();
        publish(
                EventType.ASSIGNMENT_REVOKED,
                a.providerTenantId(),
                new AssignmentData(
                        a.assignmentId(),
                        a.providerTenantId(),
                        a.tenantId(),
                        a.licenseType(),
                        a.trial(),
                        a.quantity(),
                        a.effectiveDate(),
                        a.expirationDate(),
                        a.createdBy(),
                        a.createdDate(),
                        "admin@" + a.providerTenantId(),
                        at),
                at);
    }

    static void usage(String tenant, LocalDate date, String licenseType, String deviceType, int devices, int used) {
        publish(
                EventType.DEVICE_USAGE_REPORTED,
                tenant,
                new DeviceUsageReported(tenant, date, licenseType, deviceType, devices, used),
                Instant.now());
    }

    /** The tenant directory's record that {@code msp} manages {@code customer}. */
    static void manages(String msp, String customer) {
        publish(EventType.TENANT_UPSERTED, msp, new TenantUpserted(msp, "MSP " + msp, "MSP", null), Instant.now());
        publish(
                EventType.TENANT_UPSERTED,
                customer,
                new TenantUpserted(customer, "Customer " + customer, "MSP_EC", msp),
                Instant.now());
    }

    /** Publishes an event of {@code type} with the given time (the projections order by it). */
    static CloudEvent publish(EventType type, String key, Object payload, Instant time) {
        CloudEvent event = new CloudEvent(
                UUID.randomUUID().toString(),
                type.type(),
                "/tests",
                time,
                key,
                dev.entitlements.contract.EventJson.write(payload));
        assertEquals(List.of(), EventSchemas.violations(type, event.data()), type.type());
        TestKafka.publish(type.topic(), event);
        return event;
    }
}
