package dev.entitlements.infra.faults;

import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.infra.KafkaBroker;
import dev.entitlements.infra.LicensingStub;
import dev.entitlements.infra.Ports;
import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.issuer.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform as deployed, on this machine, for the fault run: a Kafka broker with every topic, a
 * DURABLE PostgreSQL with a database per service, the four packaged services, the gateway, a
 * stand-in for the licensing system, and optionally a second sync-service (the once-per-tenant
 * refresh). All on free ports, state under {@code dir}. Each part can be killed and restarted.
 */
public final class Platform implements AutoCloseable {

    /** Service name → module; the name is also the database's. */
    static final Map<String, String> SERVICES = Map.of(
            "entitlement",
            "entitlement-service",
            "assignment",
            "assignment-service",
            "sync",
            "sync-service",
            "reporting",
            "reporting-service");

    static final List<String> NAMES = List.of("entitlement", "assignment", "sync", "reporting");
    private static final Duration READY = Duration.ofSeconds(240);

    final KafkaBroker kafka;
    final PostgresServer pg;
    final TokenIssuer issuer = TokenIssuer.generate(TokenIssuer.DEFAULT_ISSUER);
    final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    ServiceProcess gateway;
    /** The second sync-service replica, or null. */
    ServiceProcess sync2;

    private LicensingStub licensing;
    private final Path dir;
    /** What the licensing stand-in lists for each account ({@code acc-<tenant>}). */
    final Map<String, List<PurchaseRecord>> licensed = new java.util.concurrent.ConcurrentHashMap<>();

    private Platform(Path dir, KafkaBroker kafka, PostgresServer pg) {
        this.dir = dir;
        this.kafka = kafka;
        this.pg = pg;
    }

    /**
     * Starts everything and waits until every service is ready.
     *
     * @param refreshInterval the scheduled licensing refresh of both sync-services (null: default, and no second replica)
     */
    static Platform start(Path root, Path dir, Duration refreshInterval) {
        try {
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker kafka =
                KafkaBroker.start(KafkaBroker.libDir(), dir.resolve("kafka"), Ports.free(), Ports.free(), true);
        // the fault run crashes this server and counts what survived: it must be the durable mode
        PostgresServer pg = Postgres.start(Postgres.Durability.DURABLE);
        Platform p = new Platform(dir, kafka, pg);
        // Ctrl-C of ./run faults: the services are children of this JVM and would outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(p::close, "fault-platform-stop"));
        try {
            KafkaBroker.createTopics(kafka.bootstrapServers(), 3);
            p.launch(root, refreshInterval);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void launch(Path root, Duration refreshInterval) {
        startLicensing();
        Map<String, String> gatewayEnv = new LinkedHashMap<>(Map.of("LOG_JSON", "false"));
        for (String name : NAMES) {
            pg.createDatabase(name);
            Map<String, String> env = env(name, refreshInterval);
            ServiceProcess s = ServiceProcess.start(
                    SERVICES.get(name),
                    jar(root, SERVICES.get(name)),
                    Ports.free(),
                    env,
                    List.of(),
                    dir.resolve("logs").resolve(name + ".log"));
            services.put(name, s);
            gatewayEnv.put(name.toUpperCase() + "_URL", "http://127.0.0.1:" + s.port());
        }
        gateway = ServiceProcess.start(
                "gateway",
                jar(root, "gateway"),
                Ports.free(),
                gatewayEnv,
                List.of(),
                dir.resolve("logs").resolve("gateway.log"));
        if (refreshInterval != null) {
            sync2 = ServiceProcess.start(
                    "sync-service-2",
                    jar(root, "sync-service"),
                    Ports.free(),
                    env("sync", refreshInterval),
                    List.of(),
                    dir.resolve("logs").resolve("sync-2.log"));
        }
        all().forEach(s -> s.awaitReady(READY));
    }

    private Map<String, String> env(String name, Duration refreshInterval) {
        Map<String, String> env = ServiceProcess.env(kafka.bootstrapServers(), pg, name, issuer);
        env.put("LICENSING_URL", licensing.url());
        if (refreshInterval != null) {
            env.put("SYNC_REFRESH_INTERVAL", refreshInterval.toSeconds() + "s");
            env.put("SYNC_REFRESH_INITIAL_DELAY", "20s");
        }
        return env;
    }

    /** The licensing system's purchase list per account, as PATCH /entitlements pulls it. */
    private void startLicensing() {
        licensing = LicensingStub.start("127.0.0.1", 0, licensed::get);
    }

    private static Path jar(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(services.values());
        all.add(gateway);
        if (sync2 != null) {
            all.add(sync2);
        }
        return all;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    ServiceProcess service(String name) {
        return "gateway".equals(name) ? gateway : services.get(name);
    }

    /** A JDBC connection to a service's database. */
    Connection db(String name) throws SQLException {
        Connection c = DriverManager.getConnection(pg.jdbcUrl(name), pg.user(), pg.password());
        return c;
    }

    /** A JDBC connection to the maintenance database (ALTER DATABASE, pg_terminate_backend). */
    Connection admin() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        all().stream().filter(java.util.Objects::nonNull).forEach(s -> {
            try {
                s.resume(); // a paused process ignores TERM until it runs again
            } catch (RuntimeException ignored) {
                // not paused, or gone
            }
            s.terminate();
        });
        all().stream().filter(java.util.Objects::nonNull).forEach(ServiceProcess::close);
        if (licensing != null) {
            licensing.close();
        }
        try {
            pg.close();
        } catch (RuntimeException e) {
            System.err.println("[faults] postgres stop: " + e.getMessage());
        }
        kafka.close();
    }
}
