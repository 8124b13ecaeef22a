package dev.entitlements.infra.test;

import dev.entitlements.infra.KafkaBroker;
import dev.entitlements.infra.ScramUser;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Kafka broker whose service-facing listener authenticates (SASL_PLAINTEXT, SCRAM-SHA-256),
 * for a test profile that proves the service's {@code kafka.*} security settings reach every client
 * it has. The service gets only the SASL listener and {@link #USER}'s login, as {@code kafka.*}
 * settings, the way an operator gives them. Always a broker of its own: one named by
 * {@code KAFKA_BOOTSTRAP_SERVERS} has no such listener. Topics are created over its PLAINTEXT
 * listener, which the service is not told about.
 */
public class ScramKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** The one user the broker knows. */
    public static final ScramUser USER = new ScramUser("outbox-relay", "relay-secret");

    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        long started = System.nanoTime();
        broker = KafkaBroker.startTemporary(USER);
        System.out.printf(
                "[infra] kafka with SASL/SCRAM listener %s started in %d ms%n",
                broker.saslBootstrapServers(), (System.nanoTime() - started) / 1_000_000);
        KafkaBroker.createTopics(broker.bootstrapServers(), 2);
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", broker.saslBootstrapServers());
        USER.clientSettings().forEach((name, value) -> config.put("kafka." + name, value));
        return config;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
