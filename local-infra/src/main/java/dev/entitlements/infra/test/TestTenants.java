package dev.entitlements.infra.test;

import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.TenantUpserted;
import java.util.UUID;

/** Tenants as a service's tenant directory learns them: {@code tenant.upserted.v1} on the real topic. */
public final class TestTenants {

    private TestTenants() {}

    /** A new customer (MSP_EC) tenant managed by {@code msp}, announced on {@code tenant.events}; its id. */
    public static String customerOf(String msp) {
        String id = "ec-" + UUID.randomUUID();
        TestKafka.publish(EventType.TENANT_UPSERTED, id, new TenantUpserted(id, "Customer " + id, "MSP_EC", msp));
        return id;
    }
}
