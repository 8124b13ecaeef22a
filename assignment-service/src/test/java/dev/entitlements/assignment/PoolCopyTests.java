package dev.entitlements.assignment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.assignment.pools.repository.PoolRepository;
import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The providers' pool copy, fed through the real entitlement.events topic. */
@QuarkusTest
class PoolCopyTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);

    @Inject
    PoolRepository pools;

    @Inject
    Pool client;

    @Test
    void bulkPoolsAreCopiedChangedAndCancelledAndOwnLicensesAreNot() {
        String msp = "msp-" + UUID.randomUUID();
        EntitlementData pool = line(msp, "pool-1", true, false, 100);
        TestKafka.publish(EventType.ENTITLEMENT_PURCHASED, msp, pool);
        TestKafka.publish(EventType.ENTITLEMENT_PURCHASED, msp, line(msp, "own-1", false, false, 7));
        TestKafka.publish(EventType.ENTITLEMENT_PURCHASED, msp, line(msp, "trial-1", true, true, 10));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(100L), quantities(msp, false)));
        assertEquals(List.of(10L), quantities(msp, true));
        Span span = spans(msp, false).get(0);
        assertEquals(TODAY.minus(10, ChronoUnit.DAYS), span.from());
        // usable to the last millisecond of the expiry day
        assertEquals(TODAY.plus(200, ChronoUnit.DAYS).plusSeconds(86_399).plusMillis(999), span.to());
        assertEquals(
                0L,
                ((Number) TestDatabase.single(
                                "SELECT count(*) FROM pool WHERE provider_tenant_id = ? AND external_id = 'own-1'",
                                msp))
                        .longValue(),
                "an own license is not assignable");
        assertEquals(
                2L,
                ((Number) TestDatabase.single("SELECT count(*) FROM pool_bucket WHERE provider_tenant_id = ?", msp))
                        .longValue());

        EntitlementData more = line(msp, "pool-1", true, false, 120);
        TestKafka.publish(EventType.ENTITLEMENT_CHANGED, msp, new EntitlementChanged(more, pool, List.of("quantity")));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(120L), quantities(msp, false)));
        TestKafka.publish(EventType.ENTITLEMENT_CANCELLED, msp, more);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), quantities(msp, false)));
    }

    private List<Long> quantities(String msp, boolean trial) {
        return spans(msp, trial).stream().map(Span::quantity).toList();
    }

    private List<Span> spans(String msp, boolean trial) {
        return pools.capacity(client, msp, "APSW", trial, TODAY, TODAY.plus(1, ChronoUnit.DAYS), false)
                .await()
                .atMost(WAIT)
                .pooled();
    }

    private static EntitlementData line(
            String tenant, String externalId, boolean mspPool, boolean trial, int quantity) {
        return new EntitlementData(
                tenant,
                "acc-" + tenant,
                externalId,
                mspPool ? "APSW-MSP100-001" : "CLD-APSW-1Y",
                "APSW",
                mspPool ? "MSP_APSW" : "APSW",
                null,
                trial,
                true,
                mspPool,
                quantity,
                TODAY.minus(10, ChronoUnit.DAYS),
                TODAY.plus(200, ChronoUnit.DAYS).plusSeconds(3600),
                null,
                false,
                false,
                null,
                null);
    }
}
