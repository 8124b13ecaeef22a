package dev.entitlements.infra.test;

import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real PostgreSQL for a module's tests (see {@link Postgres} for where it comes from) with the
 * module's own database, given as init arg {@code database}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private PostgresServer server;
    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        long started = System.nanoTime();
        server = Postgres.start();
        server.createDatabase(database);
        System.out.printf(
                "[infra] postgres (%s) %s:%d/%s ready in %d ms%n",
                server.kind(), server.host(), server.port(), database, (System.nanoTime() - started) / 1_000_000);
        TestDatabase.url = server.jdbcUrl(database);
        TestDatabase.user = server.user();
        TestDatabase.password = server.password();
        return Map.of(
                "quarkus.datasource.reactive.url", server.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", server.jdbcUrl(database),
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
