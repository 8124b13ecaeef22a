package dev.entitlements.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A running PostgreSQL server the platform can create its databases in. */
public interface PostgresServer extends AutoCloseable {

    String host();

    int port();

    String user();

    String password();

    /** Where this server came from, for the log: external, docker, local binaries or embedded. */
    String kind();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    default String reactiveUrl(String database) {
        return "postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Creates the database unless it exists (one per service). */
    default void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            // two JVMs may race to create the same database: losing the race is fine
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException(
                        "cannot create database " + database + " on " + host() + ":" + port(), e);
            }
        }
    }

    /**
     * Crashes the server: {@code pg_ctl stop -m immediate}, no checkpoint, no flush (fault tests).
     * Only a server from the installed binaries can; the others throw UnsupportedOperationException.
     */
    default void crash() {
        throw new UnsupportedOperationException("the " + kind() + " PostgreSQL cannot be crashed from here");
    }

    /** Starts the server again after {@link #crash()}, with the same settings; returns once it accepts connections. */
    default void restart() {
        throw new UnsupportedOperationException("the " + kind() + " PostgreSQL cannot be restarted from here");
    }

    /** The postmaster's process id (first line of {@code postmaster.pid}). */
    default long pid() {
        throw new UnsupportedOperationException("the " + kind() + " PostgreSQL runs elsewhere");
    }

    /**
     * Freezes the server (SIGSTOP to the postmaster and every backend): connections stay open and
     * nothing answers, as with a stalled disk or a frozen VM. No server-side timeout fires.
     */
    default void pause() {
        Processes.signalTree(pid(), "STOP");
    }

    /** Undoes {@link #pause()}. */
    default void resume() {
        Processes.signalTree(pid(), "CONT");
    }

    @Override
    void close();
}
