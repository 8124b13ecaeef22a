package dev.entitlements.infra.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Direct access to the module's test database, to arrange state a test needs or to inspect it. */
public final class TestDatabase {

    static volatile String url;
    static volatile String user;
    static volatile String password;

    private TestDatabase() {}

    /** For tests that start their own PostgreSQL instead of using {@link PostgresTestResource}. */
    public static void connect(dev.entitlements.infra.PostgresServer server, String database) {
        url = server.jdbcUrl(database);
        user = server.user();
        password = server.password();
    }

    /** Runs an insert/update/delete with positional parameters; returns the affected row count. */
    public static int update(String sql, Object... params) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row, or null. */
    public static Object single(String sql, Object... params) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            var rs = ps.executeQuery();
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row, in the query's order. */
    public static java.util.List<Object> column(String sql, Object... params) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            var rs = ps.executeQuery();
            java.util.List<Object> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getObject(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static Connection connect() throws SQLException {
        if (url == null) {
            throw new IllegalStateException("PostgresTestResource has not started");
        }
        return DriverManager.getConnection(url, user, password);
    }
}
