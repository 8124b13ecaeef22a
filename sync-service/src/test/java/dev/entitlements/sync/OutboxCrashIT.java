package dev.entitlements.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.Topics;
import dev.entitlements.infra.Ports;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.infra.test.PackagedStack;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged service (SIGKILL) after it committed a state change and its event to the
 * outbox but before it published: after the restart the event goes out, exactly once.
 */
class OutboxCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void anEventCommittedBeforeACrashIsPublishedOnceAfterTheRestart() throws Exception {
        try (PackagedStack stack = PackagedStack.start("sync_crash", 1)) {
            String tenant = "msp-" + UUID.randomUUID();

            ServiceProcess first = launch(stack, false);
            try {
                TestKafka.publishRaw(
                        Topics.LICENSING_PURCHASES,
                        tenant,
                        EventJson.write(PurchaseIngestionTests.record(tenant, "crash-1", "CLD-APSW-1Y", 3, null)));
                // committed: the purchase and its event wait in the outbox
                await().atMost(WAIT).until(() -> unsent(tenant) == 1);
                // and the gauges say so (read every 5 s; the age grows between reads: alert OutboxOldestRowTooOld)
                await().atMost(WAIT).until(() -> TestMetrics.value(first.port(), "outbox_backlog_rows") >= 1);
                double age = TestMetrics.value(first.port(), "outbox_oldest_age_seconds");
                await().atMost(WAIT).until(() -> TestMetrics.value(first.port(), "outbox_oldest_age_seconds") > age);
            } finally {
                first.kill();
            }

            try (ServiceProcess second = launch(stack, true)) {
                TestKafka.publishRaw(
                        Topics.LICENSING_PURCHASES,
                        tenant,
                        EventJson.write(PurchaseIngestionTests.record(tenant, "marker", "CLD-APSW-1Y", 1, null)));
                List<ConsumerRecord<String, String>> events = TestKafka.collectUntil(
                        Topics.ENTITLEMENT_EVENTS, tenant, r -> r.value().contains("\"externalId\":\"marker\""), WAIT);
                List<String> lines = events.stream()
                        .map(r -> r.value().contains("\"crash-1\"") ? "crash-1" : "marker")
                        .toList();
                assertEquals(List.of("crash-1", "marker"), lines);
                assertEquals(0, unsent(tenant));
                await().atMost(WAIT)
                        .until(() -> TestMetrics.value(second.port(), "outbox_backlog_rows") == 0
                                && TestMetrics.value(second.port(), "outbox_oldest_age_seconds") == 0);
            }
        }
    }

    private static ServiceProcess launch(PackagedStack stack, boolean relay) throws IOException {
        Map<String, String> env = stack.serviceEnv();
        env.put("OUTBOX_RELAY_ENABLED", String.valueOf(relay));
        return ServiceProcess.start(
                        "sync-service",
                        Path.of("target/quarkus-app/quarkus-run.jar"),
                        Ports.free(),
                        env,
                        List.of(),
                        Files.createTempFile("sync-crash-", ".log"))
                .awaitReady(WAIT);
    }

    private static long unsent(String tenant) {
        return ((Number) TestDatabase.single(
                        "SELECT count(*) FROM outbox WHERE record_key = ? AND topic = 'entitlement.events'", tenant))
                .longValue();
    }
}
