package dev.entitlements.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: with {@code fsync=off, synchronous_commit=off} a create answered 201 was gone after
 * {@code pg_ctl stop -m immediate}. A DURABLE cluster keeps every commit that returned, however
 * soon after it the server dies. The FAST mode (the old flags) is allowed to lose them and does:
 * run with FAST here, this test failed 3 times in 3 (474 of 500 back). A loss is a race, so FAST
 * is not asserted to lose.
 */
class PostgresDurabilityTests {

    private static final int INSERTS = 500;

    @Test
    void aDurableClusterKeepsEveryConfirmedCommitThroughACrash() throws Exception {
        assumeTrue(Postgres.LocalPostgres.binaries().isPresent(), "needs the installed PostgreSQL binaries (pg_ctl)");
        try (PostgresServer pg = Postgres.LocalPostgres.startTemporary(Postgres.Durability.DURABLE)) {
            try (Connection c = connect(pg);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE confirmed (n INTEGER PRIMARY KEY)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO confirmed VALUES (?)")) {
                    // autocommit: each executeUpdate returning is a confirmed commit, as a 201 is
                    for (int n = 1; n <= INSERTS; n++) {
                        insert.setInt(1, n);
                        insert.executeUpdate();
                    }
                }
                // straight after the last confirmation: no checkpoint, no clean shutdown
                pg.crash();
            } catch (SQLException e) {
                // the connection dies with the server; what matters is what comes back
            }
            pg.restart();
            try (Connection c = connect(pg);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM confirmed")) {
                rs.next();
                assertEquals(INSERTS, rs.getInt(1), "confirmed commits lost in the crash");
            }
        }
    }

    @Test
    void aPausedServerAnswersAgainOnceResumed() throws Exception {
        assumeTrue(Postgres.LocalPostgres.binaries().isPresent(), "needs the installed PostgreSQL binaries (pg_ctl)");
        try (PostgresServer pg = Postgres.LocalPostgres.startTemporary(Postgres.Durability.DURABLE)) {
            pg.pause();
            try {
                DriverManager.setLoginTimeout(2);
                long t0 = System.nanoTime();
                try (Connection ignored = connect(pg)) {
                    throw new AssertionError("a frozen server accepted a session");
                } catch (SQLException expected) {
                    // the login times out: the postmaster is stopped
                }
                assertEquals(
                        true,
                        Duration.ofNanos(System.nanoTime() - t0).toSeconds() >= 1,
                        "the login failed at once instead of hanging");
            } finally {
                pg.resume();
                DriverManager.setLoginTimeout(0);
            }
            try (Connection c = connect(pg);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    private static Connection connect(PostgresServer pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
    }
}
