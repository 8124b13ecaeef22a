package dev.entitlements.entitlement;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.infra.Ports;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.infra.test.PackagedStack;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The read model is a pure function of the topic: delete it, replay {@code entitlement.events}
 * from the start (a new consumer group) into the packaged service, and the same rows come back,
 * ids, dates and cancellations included.
 */
class EntitlementRebuildIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String DB = "entitlement_rebuild";

    @Test
    void replayingTheTopicIntoAnEmptyReadModelRebuildsItExactly() throws Exception {
        try (PackagedStack stack = PackagedStack.start(DB, 3)) {

            Set<String> eventIds = new HashSet<>();
            for (int t = 0; t < 3; t++) {
                String tenant = "msp-" + UUID.randomUUID();
                for (int i = 0; i < 4; i++) {
                    EntitlementData bought = EntitlementQueryTests.data(
                            tenant,
                            "line-" + i,
                            "CLD-APSW-1Y",
                            "APSW",
                            "APSW",
                            i == 0,
                            i == 1,
                            10 + i,
                            -5 * i,
                            100 + i);
                    eventIds.add(TestKafka.publish(EventType.ENTITLEMENT_PURCHASED, tenant, bought)
                            .id());
                    if (i == 2) {
                        EntitlementData more = EntitlementQueryTests.data(
                                tenant, "line-" + i, "CLD-APSW-1Y", "APSW", "APSW", false, false, 50, -10, 300);
                        eventIds.add(TestKafka.publish(
                                        EventType.ENTITLEMENT_CHANGED,
                                        tenant,
                                        new EntitlementChanged(more, bought, List.of("quantity")))
                                .id());
                    }
                    if (i == 3) {
                        CloudEvent cancelled = TestKafka.publish(EventType.ENTITLEMENT_CANCELLED, tenant, bought);
                        eventIds.add(cancelled.id());
                        TestKafka.publish(Topics.ENTITLEMENT_EVENTS, cancelled); // a duplicate delivery
                    }
                }
            }

            List<Object> built;
            try (ServiceProcess first = launch(stack, "entitlement-service")) {
                await().atMost(WAIT).until(() -> applied() == eventIds.size());
                built = snapshot();
            }
            assertEquals(12, built.size());
            assertTrue(
                    built.stream()
                                    .filter(r -> r.toString().contains("\"cancelled_date\":null"))
                                    .count()
                            == 9,
                    built.toString());

            TestDatabase.update("DELETE FROM entitlement");
            TestDatabase.update("DELETE FROM processed_event WHERE consumer = 'entitlement.entitlements'");
            try (ServiceProcess again = launch(stack, "entitlement-service-rebuild-" + UUID.randomUUID())) {
                await().atMost(WAIT).until(() -> applied() == eventIds.size());
                assertEquals(built, snapshot());
            }
        }
    }

    private static ServiceProcess launch(PackagedStack stack, String group) throws Exception {
        return ServiceProcess.start(
                        "entitlement-service",
                        Path.of("target/quarkus-app/quarkus-run.jar"),
                        Ports.free(),
                        stack.serviceEnv(),
                        List.of("-Dmp.messaging.incoming.entitlement-events.group.id=" + group),
                        Files.createTempFile("entitlement-rebuild-", ".log"))
                .awaitReady(WAIT);
    }

    private static int applied() {
        return ((Number) TestDatabase.single(
                        "SELECT count(*) FROM processed_event WHERE consumer = 'entitlement.entitlements'"))
                .intValue();
    }

    /** Every row, every column, in id order. */
    private static List<Object> snapshot() {
        return TestDatabase.column("SELECT row_to_json(e)::text FROM entitlement e ORDER BY id");
    }
}
