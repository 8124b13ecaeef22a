package dev.entitlements.common.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Bounds on every wait for PostgreSQL, so that a database that is down, slow or locked makes a
 * request fail fast (503, {@code ErrorMappers}) instead of hanging (docs/errors.md). Quarkus has no
 * properties for the pool's wait and connect timeouts; {@link ResilientPgPool} applies them. Each can be
 * set per service, e.g. {@code PLATFORM_DB_STATEMENT_TIMEOUT=30s}; {@code 0} turns a server-side
 * timeout off.
 */
@ConfigMapping(prefix = "platform.db")
public interface DatabaseTimeouts {

    /** The longest wait for a pooled connection (Vert.x' default is 30 s). */
    @WithDefault("3s")
    Duration connectionTimeout();

    /** TCP connect to PostgreSQL for a new connection (Vert.x' default is 60 s). */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Waiters allowed per pooled connection; beyond that a request fails at once (Vert.x' default: unbounded). */
    @WithDefault("4")
    int waitQueuePerConnection();

    /**
     * PostgreSQL {@code statement_timeout} of the pool's sessions: a statement running longer is
     * cancelled (57014). The API answers within 8 s (the request deadline) anyway; this frees the
     * connection. Report queries take milliseconds; a longer job sets its own with SET LOCAL.
     */
    @WithDefault("5s")
    Duration statementTimeout();

    /** PostgreSQL {@code lock_timeout}: a wait for a row or table lock longer than this fails (55P03). */
    @WithDefault("3s")
    Duration lockTimeout();

    /**
     * PostgreSQL {@code idle_in_transaction_session_timeout}: a session that holds a transaction open
     * without a statement for longer is ended (25P03), releasing its locks. The outbox relay, which
     * waits for Kafka inside its transaction, raises it for its own transaction.
     */
    @WithDefault("10s")
    Duration idleInTransactionTimeout();
}
