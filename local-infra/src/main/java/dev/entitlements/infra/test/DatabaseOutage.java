package dev.entitlements.infra.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The module's test database made unavailable, as when it fails over or its server is restarted,
 * while the PostgreSQL server and every other database stay up: new connections are refused
 * ({@code ALLOW_CONNECTIONS false}, which binds superusers too, unlike {@code REVOKE CONNECT}) and
 * the open ones are terminated. Run over a connection to the {@code postgres} database. Close it
 * to let connections in again.
 *
 * <pre>{@code
 * try (DatabaseOutage outage = DatabaseOutage.begin()) {
 *     ... // the service sees its database gone
 * }
 * }</pre>
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String database;
    private boolean ended;

    private DatabaseOutage(String database) {
        this.database = database;
    }

    /** Refuses and cuts every connection to the module's test database (see {@link PostgresTestResource}). */
    public static DatabaseOutage begin() {
        DatabaseOutage outage = new DatabaseOutage(databaseName());
        outage.admin(
                "ALTER DATABASE \"" + outage.database + "\" ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + outage.database
                        + "' AND pid <> pg_backend_pid()");
        return outage;
    }

    /** Lets connections in again. */
    @Override
    public void close() {
        if (!ended) {
            admin("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            ended = true;
        }
    }

    private void admin(String... statements) {
        try (Connection c = DriverManager.getConnection(maintenanceUrl(), TestDatabase.user, TestDatabase.password);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the availability of database " + database, e);
        }
    }

    private static String databaseName() {
        String url = url();
        String path = url.substring(url.lastIndexOf('/') + 1);
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** The same server's {@code postgres} database. */
    private static String maintenanceUrl() {
        String url = url();
        int slash = url.lastIndexOf('/');
        int q = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + "postgres" + (q < 0 ? "" : url.substring(q));
    }

    private static String url() {
        if (TestDatabase.url == null) {
            throw new IllegalStateException("PostgresTestResource has not started");
        }
        return TestDatabase.url;
    }
}
