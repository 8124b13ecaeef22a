package dev.entitlements.infra.test;

import dev.entitlements.infra.KafkaBroker;
import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.issuer.TokenIssuer;
import java.util.Map;

/**
 * What a test of packaged services (an {@code *IT}) starts for itself: a temporary broker with
 * every topic, a PostgreSQL with the test's database, and a token issuer; {@link TestKafka} and
 * {@link TestDatabase} point at them. Closed together.
 */
public record PackagedStack(KafkaBroker kafka, PostgresServer pg, String database, TokenIssuer issuer)
        implements AutoCloseable {

    public static PackagedStack start(String database, int partitions) {
        KafkaBroker kafka = KafkaBroker.startTemporary();
        PostgresServer pg = Postgres.start();
        KafkaBroker.createTopics(kafka.bootstrapServers(), partitions);
        TestKafka.connect(kafka.bootstrapServers());
        pg.createDatabase(database);
        TestDatabase.connect(pg, database);
        return new PackagedStack(kafka, pg, database, TokenIssuer.generate(TokenIssuer.DEFAULT_ISSUER));
    }

    /** The environment of a service on this stack (callers may add to it). */
    public Map<String, String> serviceEnv() {
        return ServiceProcess.env(kafka.bootstrapServers(), pg, database, issuer);
    }

    @Override
    public void close() {
        try {
            pg.close();
        } finally {
            kafka.close();
        }
    }
}
