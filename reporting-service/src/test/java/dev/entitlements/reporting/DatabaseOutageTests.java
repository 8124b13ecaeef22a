package dev.entitlements.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.DeadLetters;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.infra.test.DatabaseOutage;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The batch consumer under failure. Its database gone for longer than SmallRye's 60 s
 * unprocessed-record watchdog: it retries until the database is back (the channel does not give
 * up, liveness stays UP) and then applies every event once. A record the database refuses as data
 * (here a device type longer than its column, SQLSTATE 22001) fails its whole batch: the batch is
 * applied again record by record, and only that record goes to {@code device.usage.dlq}, with its
 * CloudEvents headers, so it can be replayed once fixed.
 */
@QuarkusTest
class DatabaseOutageTests {

    private static final Duration OUTAGE = Duration.ofSeconds(75);
    private static final String DLQ = Topics.deadLetter(Topics.DEVICE_USAGE);

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAloneAndItsBatchIsApplied() {
        String tenant = ReportEvents.newTenant();
        List<CloudEvent> good = new ArrayList<>();
        good.add(usage(tenant, 0, "WIFI"));
        CloudEvent refused = usage(tenant, 1, "X".repeat(60));
        good.add(usage(tenant, 2, "WIFI"));

        awaitApplied(tenant, good, Duration.ofSeconds(30));
        assertOnlyDeadLetter(tenant, refused);
    }

    @Test
    void eventsThatArriveWhileTheDatabaseIsGoneAreAppliedOnceAfterItAndLivenessStaysUp() throws Exception {
        String tenant = ReportEvents.newTenant();
        List<CloudEvent> good = new ArrayList<>();
        List<String> live = new ArrayList<>();
        CloudEvent refused;
        Instant start = Instant.now();
        try (DatabaseOutage outage = DatabaseOutage.begin()) {
            for (int i = 0; i < 30; i++) {
                good.add(usage(tenant, i, "WIFI"));
            }
            refused = usage(tenant, 40, "X".repeat(60));
            while (Duration.between(start, Instant.now()).compareTo(OUTAGE) < 0) {
                live.add(liveness());
                Thread.sleep(2000);
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    live.add(liveness());
                    assertEquals(
                            30L, TestDatabase.single("SELECT count(*) FROM device_usage WHERE tenant_id = ?", tenant));
                });
        // the service reconnected by itself: ready again (both pools, the JDBC one's cut connection replaced)
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> given().when().get("/q/health/ready").then().statusCode(200));
        awaitApplied(tenant, good, Duration.ofSeconds(5));
        assertOnlyDeadLetter(tenant, refused);
        assertEquals(List.of(), live.stream().filter(s -> !s.equals("200 UP")).toList(), "liveness UP throughout");
    }

    /** Each event applied exactly once (one inbox row each), and its day in the projection. */
    private static void awaitApplied(String tenant, List<CloudEvent> events, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (CloudEvent e : events) {
                assertEquals(
                        1L,
                        TestDatabase.single(
                                "SELECT count(*) FROM processed_event WHERE consumer = 'reporting' AND event_id = ?",
                                e.id()),
                        e.id());
            }
            assertEquals(
                    (long) events.size(),
                    TestDatabase.single("SELECT count(*) FROM device_usage WHERE tenant_id = ?", tenant));
        });
    }

    /** The tenant's only dead letter is {@code refused}, as it came, with where it came from. */
    private static void assertOnlyDeadLetter(String tenant, CloudEvent refused) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestKafka.records(DLQ).stream().anyMatch(r -> tenant.equals(r.key())));
        List<ConsumerRecord<String, String>> dead = TestKafka.records(DLQ).stream()
                .filter(r -> tenant.equals(r.key()))
                .toList();
        assertEquals(1, dead.size(), "only the refused record: " + dead);
        ConsumerRecord<String, String> letter = dead.get(0);
        assertEquals(refused.data(), letter.value());
        assertEquals(refused.id(), TestKafka.header(letter, "ce_id"), "the dead letter keeps the CloudEvents headers");
        assertEquals(refused.type(), TestKafka.header(letter, "ce_type"));
        assertEquals(refused.time().toString(), TestKafka.header(letter, "ce_time"));
        assertEquals(Topics.DEVICE_USAGE, TestKafka.header(letter, DeadLetters.TOPIC));
        assertNotNull(TestKafka.header(letter, DeadLetters.OFFSET));
        assertNotNull(TestKafka.header(letter, DeadLetters.REASON));
    }

    private static CloudEvent usage(String tenant, int day, String deviceType) {
        DeviceUsageReported u =
                new DeviceUsageReported(tenant, LocalDate.of(2024, 5, 1).plusDays(day), "MSP_APSW", deviceType, 3, 3);
        CloudEvent event = CloudEvent.of(EventType.DEVICE_USAGE_REPORTED, "/tests", tenant, u);
        TestKafka.publish(Topics.DEVICE_USAGE, event);
        return event;
    }

    private static String liveness() {
        var r = given().when().get("/q/health/live").then().extract();
        return r.statusCode() + " " + r.path("status");
    }
}
