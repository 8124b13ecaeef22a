package dev.entitlements.entitlement;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.DeadLetterReplay;
import dev.entitlements.contract.DeadLetters;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.entitlement.entitlements.messaging.AssignmentEventConsumer;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The replay command ({@code ./run dlq replay <topic>.dlq}, {@link DeadLetterReplay}) puts a dead
 * letter back on the topic it came from, as it was: the service applies it, once; a second run
 * sends nothing. The dead letter is written as SmallRye's dead-letter strategy writes one (the
 * original record and its CloudEvents headers, plus {@code dead-letter-*}), on a dead-letter topic
 * of this test's own, so the run replays nothing another test left behind.
 */
@QuarkusTest
class DeadLetterReplayTests {

    @Test
    void aReplayedDeadLetterIsAppliedOnceAndASecondRunSendsNothing() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = "ec-" + UUID.randomUUID();
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        AssignmentData a = new AssignmentData(
                Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1,
                msp,
                customer,
                "APSW",
                false,
                3,
                today.minus(1, ChronoUnit.DAYS),
                today.plus(30, ChronoUnit.DAYS),
                "admin@" + msp,
                today,
                null,
                null);
        CloudEvent event = new CloudEvent(
                UUID.randomUUID().toString(),
                EventType.ASSIGNMENT_CREATED.type(),
                "/assignment-service",
                Instant.now(),
                msp,
                EventJson.write(a));
        Map<String, String> headers = new LinkedHashMap<>(event.headers());
        headers.put(DeadLetters.TOPIC, Topics.ASSIGNMENT_EVENTS);
        headers.put(DeadLetters.PARTITION, "0");
        headers.put(DeadLetters.OFFSET, "42");
        headers.put(DeadLetters.REASON, "the database refused it, before a fix");
        headers.put("dead-letter-exception-class-name", "io.vertx.pgclient.PgException");
        String dlq = "replay-test-" + UUID.randomUUID() + ".dlq";
        TestKafka.publishRaw(dlq, msp, event.data(), headers);

        DeadLetterReplay.Result first = replay(dlq);
        assertEquals(1, first.read());
        assertEquals(Map.of(Topics.ASSIGNMENT_EVENTS, 1), first.replayed());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(
                        1L, TestDatabase.single("SELECT count(*) FROM entitlement WHERE tenant_id = ?", customer)));

        // the second run as the command line runs it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(
                0,
                DeadLetterReplay.run(
                        List.of("replay", dlq),
                        TestKafka.bootstrapServers(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err));
        assertTrue(
                out.toString(StandardCharsets.UTF_8).contains("replayed 0 of 0 dead letters from " + dlq),
                out.toString(StandardCharsets.UTF_8));
        var copies = TestKafka.records(Topics.ASSIGNMENT_EVENTS).stream()
                .filter(r -> event.id().equals(TestKafka.header(r, "ce_id")))
                .toList();
        assertEquals(1, copies.size(), "replayed once");
        assertEquals(event.data(), copies.get(0).value());
        assertEquals(msp, copies.get(0).key());
        assertEquals(
                event.type(), TestKafka.header(copies.get(0), "ce_type"), "the CloudEvents headers go back with it");
        assertEquals(event.time().toString(), TestKafka.header(copies.get(0), "ce_time"));
        List<String> deadLetterHeaders = new ArrayList<>();
        copies.get(0).headers().forEach(h -> {
            if (DeadLetters.isDeadLetterHeader(h.key())) {
                deadLetterHeaders.add(h.key());
            }
        });
        assertEquals(List.of(), deadLetterHeaders, "without the dead-letter headers");
        assertEquals(
                1L,
                TestDatabase.single(
                        "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                        AssignmentEventConsumer.CONSUMER,
                        event.id()));
        assertEquals(1L, TestDatabase.single("SELECT count(*) FROM entitlement WHERE tenant_id = ?", customer));
    }

    /** The command as {@code ./run dlq replay <topic>} runs it. */
    private static DeadLetterReplay.Result replay(String dlq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeadLetterReplay.Result result = DeadLetterReplay.replay(
                TestKafka.bootstrapServers(), dlq, false, new PrintStream(out, true, StandardCharsets.UTF_8));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        return result;
    }
}
