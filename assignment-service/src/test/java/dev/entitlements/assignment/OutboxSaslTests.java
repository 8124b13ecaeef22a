package dev.entitlements.assignment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.contract.Topics;
import dev.entitlements.infra.ScramUser;
import dev.entitlements.infra.test.PostgresTestResource;
import dev.entitlements.infra.test.ScramKafkaTestResource;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TokenTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's security gap: the outbox relay's producer takes the service's {@code kafka.*} settings,
 * so a broker that asks for SASL/SCRAM gets the relay's login too. The service is given only a
 * listener that authenticates (SASL_PLAINTEXT, SCRAM-SHA-256) and the login as {@code kafka.*}
 * settings, as an operator gives them; an outbox row must reach the topic through it. The same
 * listener refuses a wrong password, so the delivery cannot come from a listener that lets anyone in.
 */
@QuarkusTest
@TestProfile(OutboxSaslTests.ScramListenerOnly.class)
class OutboxSaslTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** This class's own broker with the SASL listener instead of the module's shared PLAINTEXT one. */
    public static class ScramListenerOnly implements QuarkusTestProfile {

        @Override
        public boolean disableGlobalTestResources() {
            // TestInfrastructure's broker would hand the service a second kafka.bootstrap.servers
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(
                    new TestResourceEntry(ScramKafkaTestResource.class),
                    new TestResourceEntry(PostgresTestResource.class, Map.of("database", "assignment")),
                    new TestResourceEntry(TokenTestResource.class));
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    /** The service's Kafka client settings, as the relay gets them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Test
    void anOutboxRowReachesTheTopicThroughTheScramListenerAndAWrongPasswordDeliversNothing() {
        assertEquals("SASL_PLAINTEXT", kafka.get("security.protocol"), "the service knows only the SASL listener");
        String key = "sasl-" + UUID.randomUUID();
        String value = "{\"probe\":\"" + key + "\"}";
        pool.withTransaction(tx -> outbox.add(
                        tx, List.of(new OutboxMessage(Topics.ASSIGNMENT_EVENTS, key, value, Map.of("ce_id", key)))))
                .await()
                .atMost(WAIT);
        outbox.committed();

        // read back as the service's user, on the same listener
        ConsumerRecord<String, String> delivered = await("the relay's record on " + Topics.ASSIGNMENT_EVENTS)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> find(key), r -> r != null);
        assertEquals(value, delivered.value());
        assertEquals(key, TestKafka.header(delivered, "ce_id"));
        assertEquals(
                0L,
                ((Number) TestDatabase.single("SELECT count(*) FROM outbox WHERE record_key = ?", key)).longValue(),
                "the relay deleted the row once Kafka acknowledged it");

        String refusedKey = "sasl-refused-" + UUID.randomUUID();
        Exception refused = sendWithWrongPassword(refusedKey);
        assertInstanceOf(SaslAuthenticationException.class, refused, "refused for its login");
        assertNull(find(refusedKey), "nothing of the refused producer on the topic");
    }

    /** The record with this key on the topic now, or null; read with the service's own settings. */
    private ConsumerRecord<String, String> find(String key) {
        return TestKafka.records(Topics.ASSIGNMENT_EVENTS, kafka).stream()
                .filter(r -> key.equals(r.key()))
                .findFirst()
                .orElse(null);
    }

    /** The service's settings with the right user name and another password: why the send failed, or null. */
    private Exception sendWithWrongPassword(String key) {
        ScramUser impostor = new ScramUser(ScramKafkaTestResource.USER.username(), "not-the-relay-secret");
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put("sasl.jaas.config", impostor.jaasConfig());
        settings.remove("group.id");
        Properties props = new Properties();
        props.putAll(settings);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ASSIGNMENT_EVENTS, key, "{}"))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return (Exception) e.getCause();
        } catch (KafkaException | java.util.concurrent.TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
