package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.DeadLetters;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.entitlement.entitlements.messaging.AssignmentEventConsumer;
import dev.entitlements.infra.test.DatabaseOutage;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The service's database gone for longer than SmallRye's 60 s unprocessed-record watchdog while
 * events arrive (as when the database fails over): the consumer waits and retries, commits no
 * offset past the record it waits on, and applies every event exactly once when the database is
 * back; only the records that can never be applied go to the dead-letter topic, as they came (their
 * CloudEvents headers kept); liveness stays UP throughout.
 */
@QuarkusTest
class DatabaseOutageTests {

    private static final Duration OUTAGE = Duration.ofSeconds(75);
    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);
    private static final String DLQ = Topics.deadLetter(Topics.ASSIGNMENT_EVENTS);

    @Test
    void eventsThatArriveWhileTheDatabaseIsGoneAreAppliedOnceAfterItAndOnlyPoisonIsDeadLettered() throws Exception {
        String msp = "msp-" + UUID.randomUUID();
        String customer = "ec-" + UUID.randomUUID();
        long firstId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1;
        long dlqBefore = TestKafka.size(DLQ);
        List<String> live = new ArrayList<>();
        List<CloudEvent> good = new ArrayList<>();
        String unreadable = "{not an event " + UUID.randomUUID();
        CloudEvent refused;

        Instant start = Instant.now();
        try (DatabaseOutage outage = DatabaseOutage.begin()) {
            for (int i = 0; i < 40; i++) {
                good.add(TestKafka.publish(
                        EventType.ASSIGNMENT_CREATED, msp, assignment(firstId + i, msp, customer, "APSW")));
                if (i == 10) {
                    TestKafka.publishRaw(Topics.ASSIGNMENT_EVENTS, msp, unreadable); // no retry can read it
                }
            }
            // a license type longer than the column: the database refuses it as data (SQLSTATE 22001), every time
            refused = TestKafka.publish(
                    EventType.ASSIGNMENT_CREATED, msp, assignment(firstId + 100, msp, customer, "X".repeat(40)));
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
                            40L, TestDatabase.single("SELECT count(*) FROM entitlement WHERE tenant_id = ?", customer));
                });
        // the service reconnected by itself: ready again (both pools, the JDBC one's cut connection replaced)
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> given().when().get("/q/health/ready").then().statusCode(200));
        for (CloudEvent e : good) { // each once: one inbox row per event, one read-model row per assignment
            assertEquals(
                    1L,
                    TestDatabase.single(
                            "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                            AssignmentEventConsumer.CONSUMER,
                            e.id()),
                    e.id());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.size(DLQ) >= dlqBefore + 2);
        Thread.sleep(2000); // anything dead-lettered by mistake would have arrived with them
        List<ConsumerRecord<String, String>> dead =
                TestKafka.records(DLQ).stream().filter(r -> msp.equals(r.key())).toList();
        assertEquals(2, dead.size(), "only the two records that can never be applied: " + dead);
        assertEquals(unreadable, dead.get(0).value());
        assertEquals(
                refused.id(), TestKafka.header(dead.get(1), "ce_id"), "the dead letter keeps the CloudEvents headers");
        assertEquals(refused.type(), TestKafka.header(dead.get(1), "ce_type"));
        assertEquals(Topics.ASSIGNMENT_EVENTS, TestKafka.header(dead.get(1), DeadLetters.TOPIC));
        assertEquals(List.of(), live.stream().filter(s -> !s.equals("200 UP")).toList(), "liveness UP throughout");
    }

    private static AssignmentData assignment(long id, String msp, String customer, String licenseType) {
        return new AssignmentData(
                id,
                msp,
                customer,
                licenseType,
                false,
                1,
                TODAY.minus(1, ChronoUnit.DAYS),
                TODAY.plus(30, ChronoUnit.DAYS),
                "admin@" + msp,
                TODAY,
                null,
                null);
    }

    private static String liveness() {
        var r = given().when().get("/q/health/live").then().extract();
        return r.statusCode() + " " + r.path("status");
    }
}
