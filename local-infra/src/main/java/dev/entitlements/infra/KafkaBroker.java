package dev.entitlements.infra;

import dev.entitlements.contract.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Apache Kafka broker (KRaft, single combined node) run as a child process from the jars
 * the {@code kafka-broker} module copies from Maven Central. No Docker, no tarball.
 *
 * <p>Its clients, the broker itself and the controller talk PLAINTEXT. Asked for
 * ({@link #startTemporary(ScramUser)}), it also opens a SASL_PLAINTEXT listener that accepts only a
 * SCRAM-SHA-256 login, for tests that prove a client's security settings reach the wire.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    /** The broker's JVM; replaced by {@link #restart()}. */
    private volatile Process process;

    private final List<String> command;
    private final Path log;
    private final Path stateDir;
    private final boolean deleteOnClose;
    private final int port;
    /** The authenticating listener's port, 0 without one. */
    private final int saslPort;

    private KafkaBroker(List<String> command, Path log, Path stateDir, boolean deleteOnClose, int port, int saslPort) {
        this.command = command;
        this.log = log;
        this.stateDir = stateDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.saslPort = saslPort;
    }

    /** The SASL_PLAINTEXT listener of a broker that has one: its port, and the user created at start. */
    private record SaslListener(int port, ScramUser user) {}

    /** The broker jars: system property {@code kafka.lib.dir}, else env {@code KAFKA_LIB_DIR}. */
    public static Path libDir() {
        String dir = System.getProperty("kafka.lib.dir", System.getenv("KAFKA_LIB_DIR"));
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("Kafka broker jars not found at " + dir
                    + ": build the kafka-broker module first (./mvnw -pl kafka-broker generate-resources)");
        }
        return Path.of(dir);
    }

    /** A throwaway broker on free ports; its state is deleted on close. */
    public static KafkaBroker startTemporary() {
        return startTemporary(null);
    }

    /**
     * A throwaway broker that also has a SASL_PLAINTEXT listener ({@link #saslBootstrapServers()})
     * where only {@code user} logs in, with SCRAM-SHA-256; the PLAINTEXT one stays for the admin work
     * of a test (topics) and for the broker's own traffic.
     */
    public static KafkaBroker startTemporary(ScramUser user) {
        try {
            SaslListener sasl = user == null ? null : new SaslListener(Ports.free(), user);
            return start(libDir(), Files.createTempDirectory("kafka-"), Ports.free(), Ports.free(), true, sasl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The broker's log: INFO and up to its output ({@code ./run logs kafka}), the per-request and
     * state-change loggers (a line per request) and the configuration dumps only from WARN.
     */
    private static final String LOG_CONFIG = """
            appender.out.type = Console
            appender.out.name = out
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n
            rootLogger.level = INFO
            rootLogger.appenderRef.out.ref = out
            logger.request.name = kafka.request.logger
            logger.request.level = WARN
            logger.state.name = state.change.logger
            logger.state.level = WARN
            logger.config.name = org.apache.kafka.common.config.AbstractConfig
            logger.config.level = WARN
            """;

    /**
     * Starts a broker keeping its state in {@code stateDir} (formatted on first use).
     *
     * @param deleteOnClose whether {@link #close()} removes the state
     */
    public static KafkaBroker start(Path libDir, Path stateDir, int port, int controllerPort, boolean deleteOnClose) {
        return start(libDir, stateDir, port, controllerPort, deleteOnClose, null);
    }

    private static KafkaBroker start(
            Path libDir, Path stateDir, int port, int controllerPort, boolean deleteOnClose, SaslListener sasl) {
        try {
            Files.createDirectories(stateDir);
            Path config = stateDir.resolve("server.properties");
            Path data = stateDir.resolve("data");
            Files.writeString(config, serverProperties(port, controllerPort, data, sasl));
            Path log = stateDir.resolve("broker.log");
            Path logConfig = stateDir.resolve("log4j2.properties");
            Files.writeString(logConfig, LOG_CONFIG);
            String classpath = libDir.toAbsolutePath() + "/*";
            if (!Files.exists(data.resolve("meta.properties"))) {
                List<String> format = new ArrayList<>(List.of(
                        Processes.javaExecutable(),
                        "-cp",
                        classpath,
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        "q1Sh-9_ISia_zwGINzRvyQ",
                        "-c",
                        config.toString(),
                        "--ignore-formatted"));
                if (sasl != null) {
                    // KRaft keeps SCRAM credentials in the metadata log: written with the format, the
                    // user exists before the first client connects (no admin call racing the test)
                    format.addAll(List.of("--add-scram", sasl.user().storageArgument()));
                }
                Processes.run(format, log);
            }
            List<String> command = new ArrayList<>(List.of(
                    Processes.javaExecutable(),
                    "-Xms64m",
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dkafka.logs.dir=" + stateDir.resolve("logs"),
                    "-Dlog4j2.configurationFile=" + logConfig,
                    "-cp",
                    classpath,
                    "kafka.Kafka",
                    config.toString()));
            KafkaBroker broker = new KafkaBroker(
                    List.copyOf(command), log, stateDir, deleteOnClose, port, sasl == null ? 0 : sasl.port());
            // a JVM that dies without close() must not leave a broker behind
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stopProcess));
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the broker's JVM (log appended) and waits until it listens. */
    private void launch() {
        try {
            Process started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process = started;
            for (int listening : saslPort == 0 ? List.of(port) : List.of(port, saslPort)) {
                Ports.await(
                        HOST,
                        listening,
                        Duration.ofSeconds(90),
                        () -> started.isAlive() ? null : "Kafka broker exited:\n" + Processes.tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** The broker's output (its own log4j files are under {@code logs/} beside it). */
    public Path log() {
        return log;
    }

    /** SIGSTOP: the broker freezes with its sockets open, as a stalled VM or a long GC pause looks to clients. */
    public void pause() {
        Processes.signal(pid(), "STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        Processes.signal(pid(), "CONT");
    }

    /** SIGKILL: no shutdown, no flush of the page cache to the log segments beyond what the OS already has. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the broker again after {@link #kill()} on the same ports and state (the storage is
     * formatted already, so its topics and committed offsets are there); returns once it listens.
     */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("the broker is still running (pid " + pid() + ")");
        }
        launch();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private static String serverProperties(int port, int controllerPort, Path data, SaslListener sasl) {
        String sasls = sasl == null ? "" : ",SASL://" + HOST + ":" + sasl.port();
        return String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
                        "listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort
                                + sasls,
                        "advertised.listeners=PLAINTEXT://" + HOST + ":" + port + sasls,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                                + (sasl == null ? "" : ",SASL:SASL_PLAINTEXT"),
                        "log.dirs=" + data,
                        "num.partitions=1",
                        // one partition for the internal topics: creating 50 slowed the first consumer join a lot
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "")
                + saslProperties(sasl);
    }

    /**
     * The SASL_PLAINTEXT listener's own settings (none without one; {@link #serverProperties} names
     * it among the listeners, as {@code SASL}). Only
     * clients use it: the broker and the controller keep talking over PLAINTEXT, so nothing of the
     * broker's own start depends on SASL. Its login module needs no options: SCRAM users come from
     * the metadata log.
     */
    private static String saslProperties(SaslListener sasl) {
        if (sasl == null) {
            return "";
        }
        return String.join(
                "\n",
                "listener.name.sasl.sasl.enabled.mechanisms=" + ScramUser.MECHANISM,
                "listener.name.sasl." + ScramUser.MECHANISM.toLowerCase(java.util.Locale.ROOT)
                        + ".sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "");
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The SASL_PLAINTEXT listener of a broker started with a {@link ScramUser}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener: start it with a ScramUser");
        }
        return HOST + ":" + saslPort;
    }

    /** Creates every topic of the contract and its dead-letter topic (existing ones are kept). */
    public static void createTopics(String bootstrapServers, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .flatMap(t -> java.util.stream.Stream.of(t, Topics.deadLetter(t)))
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(Map.of("min.insync.replicas", "1")))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
        }
    }

    private void stopProcess() {
        Process process = this.process;
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stopProcess();
        if (deleteOnClose) {
            Processes.deleteTree(stateDir);
        }
    }
}
