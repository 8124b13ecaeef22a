package dev.entitlements.infra.test;

import dev.entitlements.infra.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Kafka broker for a module's tests: the one named by env {@code KAFKA_BOOTSTRAP_SERVERS}
 * (CI starts one for the whole build), else a broker forked for this test JVM.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            long started = System.nanoTime();
            broker = KafkaBroker.startTemporary();
            bootstrap = broker.bootstrapServers();
            System.out.printf(
                    "[infra] kafka %s started in %d ms%n", bootstrap, (System.nanoTime() - started) / 1_000_000);
        }
        KafkaBroker.createTopics(bootstrap, 2);
        TestKafka.bootstrapServers = bootstrap;
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
