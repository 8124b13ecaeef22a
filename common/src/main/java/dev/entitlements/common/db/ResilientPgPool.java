package dev.entitlements.common.db;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates the reactive PostgreSQL pool of every service with bounded waits ({@link DatabaseTimeouts}):
 * Quarkus builds the options from {@code quarkus.datasource.reactive.*} and hands them here. An
 * explicit {@code quarkus.datasource.reactive.additional-properties.<setting>} wins over the
 * server-side timeouts set here.
 */
@Singleton
public class ResilientPgPool implements PgPoolCreator {

    private final DatabaseTimeouts timeouts;

    public ResilientPgPool(DatabaseTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions pool = new PoolOptions(input.poolOptions())
                .setConnectionTimeout(millis(timeouts.connectionTimeout()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxWaitQueueSize(Math.max(
                        1,
                        timeouts.waitQueuePerConnection() * input.poolOptions().getMaxSize()));
        List<PgConnectOptions> servers =
                input.pgConnectOptionsList().stream().map(this::bounded).toList();
        // the same driver call as Quarkus' own (PgPoolRecorder), which expects a PgPool back
        return PgDriver.INSTANCE.createPool(input.vertx(), servers, pool);
    }

    PgConnectOptions bounded(PgConnectOptions given) {
        PgConnectOptions options = new PgConnectOptions(given);
        options.setConnectTimeout(millis(timeouts.connectTimeout()));
        // start-up parameters: PostgreSQL applies them as the session's settings
        setting(options, "statement_timeout", timeouts.statementTimeout());
        setting(options, "lock_timeout", timeouts.lockTimeout());
        setting(options, "idle_in_transaction_session_timeout", timeouts.idleInTransactionTimeout());
        return options;
    }

    private static void setting(PgConnectOptions options, String name, Duration value) {
        if (!options.getProperties().containsKey(name)) {
            options.addProperty(name, String.valueOf(value.toMillis()));
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
