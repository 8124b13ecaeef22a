package dev.entitlements.infra;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The test broker's SASL/SCRAM listener authenticates: the user created at start produces through
 * it, the same name with another password is refused. (A listener that let everyone in would make
 * the relay's SASL test prove nothing.)
 */
class KafkaBrokerSaslTests {

    private static final ScramUser USER = new ScramUser("alice", "alice-secret");

    @Test
    void theScramUserProducesAndAWrongPasswordIsRefused() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startTemporary(USER)) {
            createTopic(broker.bootstrapServers(), "sasl-probe");

            assertNull(send(broker.saslBootstrapServers(), USER), "delivered");
            Exception refused = send(broker.saslBootstrapServers(), new ScramUser(USER.username(), "wrong-secret"));
            assertInstanceOf(SaslAuthenticationException.class, refused, "refused for its login");
        }
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends one record as {@code user}: null once acknowledged, else why not. */
    private static Exception send(String bootstrap, ScramUser user) throws Exception {
        Properties props = new Properties();
        props.putAll(user.clientSettings());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("sasl-probe", "k", "v")).get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return (Exception) e.getCause();
        } catch (KafkaException e) {
            return e;
        }
    }
}
