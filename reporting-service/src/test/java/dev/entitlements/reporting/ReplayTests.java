package dev.entitlements.reporting;

import static dev.entitlements.reporting.ReportEvents.assigned;
import static dev.entitlements.reporting.ReportEvents.cancelled;
import static dev.entitlements.reporting.ReportEvents.changed;
import static dev.entitlements.reporting.ReportEvents.day;
import static dev.entitlements.reporting.ReportEvents.endOfDay;
import static dev.entitlements.reporting.ReportEvents.line;
import static dev.entitlements.reporting.ReportEvents.newTenant;
import static dev.entitlements.reporting.ReportEvents.purchased;
import static dev.entitlements.reporting.ReportEvents.revoked;
import static dev.entitlements.reporting.ReportEvents.usage;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.reporting.events.messaging.ReportingEventConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Invariant 4: the report projections are a function of their topics. After a realistic run, the
 * projections are dropped and every record of the three topics, read again from offset 0, is fed to
 * the service's own consumer in batches cut differently from the live ones; the rebuilt tables
 * equal the live ones row for row.
 */
@QuarkusTest
class ReplayTests {

    private static final List<String> TABLES = List.of(
            "SELECT tenant_id, external_id, license_type, trial, msp_pool, courtesy, quantity, effective_date, expiration_date, cancelled_at,"
                    + " event_time FROM report_entitlement ORDER BY 1, 2",
            "SELECT id, provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date, expiration_date, revoked_date, event_time"
                    + " FROM report_assignment ORDER BY 1",
            "SELECT tenant_id, license_type, trial, kind, cause, at, delta FROM license_step ORDER BY 1, 2, 3, 4, 5, 6",
            "SELECT tenant_id, license_type, device_type, usage_date, device_count, used_quantity, reported_at FROM device_usage"
                    + " ORDER BY 1, 2, 3, 4");

    @Inject
    Pool pool;

    @Inject
    ReportingEventConsumer consumer;

    @Test
    void droppingTheProjectionsAndReplayingTheTopicsGivesTheSameTables() {
        run();
        // the three topics are consumed side by side: wait until nothing changes any more
        List<Map<String, List<String>>> last = new ArrayList<>(List.of(snapshot()));
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(1)).until(() -> {
            Map<String, List<String>> now = snapshot();
            return now.equals(last.set(0, now));
        });
        Map<String, List<String>> live = snapshot();
        assertFalse(live.get(TABLES.get(2)).isEmpty(), "the run left time lines");

        pool.query(
                        "DELETE FROM report_entitlement; DELETE FROM report_assignment; DELETE FROM license_step; DELETE FROM device_usage;"
                                + " DELETE FROM processed_event WHERE consumer = 'reporting'")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10));
        assertEquals(List.of(), snapshot().get(TABLES.get(2)));

        replay(new Random(42));
        Map<String, List<String>> rebuilt = snapshot();
        for (String table : TABLES) {
            assertEquals(live.get(table), rebuilt.get(table), table);
        }
    }

    /** Purchases, corrections, cancellations, assignments and revocations crossing each other, device usage rising. */
    private void run() {
        String msp = newTenant();
        String customer = newTenant();
        LocalDate today = LocalDate.ofInstant(ReportEvents.NOW, ZoneOffset.UTC);
        EntitlementData pool = purchased(line(msp, "APSW", false, true, false, 100, day(-40), endOfDay(200)));
        EntitlementData trial = purchased(line(msp, "APSW", true, true, false, 10, day(-40), endOfDay(20)));
        purchased(line(customer, "URLF", false, false, true, 3, day(-5), endOfDay(-1)));
        AssignmentData a = assigned(msp, customer, "APSW", false, 40, day(0), endOfDay(90));
        AssignmentData b = assigned(msp, msp, "APSW", false, 10, day(3), endOfDay(30));
        changed(pool, 80);
        revoked(a);
        assigned(msp, customer, "APSW", false, 25, day(0), endOfDay(90));
        cancelled(trial);
        revoked(b);
        for (int d = 5; d >= 0; d--) {
            usage(customer, today.minusDays(d), "APSW", "WIFI", 10 + d, 12 + 3 * (5 - d));
        }
        String marker = "line-marker-" + UUID.randomUUID();
        purchased(line(marker, "APSW", false, false, false, 1, day(-1), endOfDay(1)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !rows("SELECT 1 FROM report_entitlement WHERE tenant_id = '" + marker + "'")
                        .isEmpty());
    }

    /** Every record of the three topics from offset 0, to the consumer in batches of 1 to 9 records. */
    private void replay(Random random) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Topics.ENTITLEMENT_EVENTS, Topics.ASSIGNMENT_EVENTS, Topics.DEVICE_USAGE));
            int idle = 0;
            while (idle < 5) {
                ConsumerRecords<String, String> polled = c.poll(Duration.ofMillis(500));
                polled.forEach(all::add);
                idle = polled.isEmpty() ? idle + 1 : 0;
            }
        }
        for (int i = 0; i < all.size(); ) {
            int n = Math.min(all.size() - i, 1 + random.nextInt(9));
            Map<TopicPartition, List<ConsumerRecord<String, String>>> batch = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> r : all.subList(i, i + n)) {
                batch.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
                        .add(r);
            }
            consumer.onEvents(new ConsumerRecords<>(batch, Map.of())).await().atMost(Duration.ofSeconds(30));
            i += n;
        }
    }

    private Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String sql : TABLES) {
            tables.put(sql, rows(sql));
        }
        return tables;
    }

    private List<String> rows(String sql) {
        List<String> rows = new ArrayList<>();
        for (Row r : pool.query(sql).execute().await().atMost(Duration.ofSeconds(10))) {
            rows.add(r.toJson().encode());
        }
        return rows;
    }
}
