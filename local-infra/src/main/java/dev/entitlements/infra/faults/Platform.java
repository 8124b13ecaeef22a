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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform as deployed, on this machine, for the fault run: a Kafka broker with every topic, a
 * DURABLE PostgreSQL with a database per service, the four packaged services, the gateway, a
 * stand-in for the licensing system, and a second instance of the services its {@link Layout}
 * names. All on free ports, state under {@code dir}. Each part can be killed and restarted.
 */
public final class Platform implements AutoCloseable {

    /**
     * How many of what run.
     *
     * @param twice the services that run a second instance (in the same consumer group, on the same database)
     * @param refreshInterval the scheduled licensing refresh of every sync-service (null: the default)
     * @param partitions partitions per topic
     * @param loadDirect whether the load goes straight to the instances of each service that runs twice,
     *     alternately, instead of through the gateway (which takes one upstream per service)
     */
    record Layout(List<String> twice, Duration refreshInterval, int partitions, boolean loadDirect) {

        /** One of each service: the CI plan and the soak. */
        static Layout single() {
            return new Layout(List.of(), null, 3, false);
        }

        /** The full plan: a second sync-service with a 2-minute refresh, to see the refresh run once per period. */
        static Layout secondSync() {
            return new Layout(List.of("sync"), Duration.ofMinutes(2), 3, false);
        }

        /** Two of each service, 6 partitions per topic so that each instance owns several of every topic (docs/scaling.md, 7). */
        static Layout twoOfEach() {
            return new Layout(NAMES, null, 6, true);
        }
    }

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
    /** Service name → its second instance, for the services the layout runs twice. */
    final Map<String, ServiceProcess> seconds = new LinkedHashMap<>();
    /** Instances the load leaves alone while a fault acts on them (as a Service's endpoints drop a pod that is not ready). */
    private final Set<ServiceProcess> outOfRotation = ConcurrentHashMap.newKeySet();

    private final AtomicInteger turn = new AtomicInteger();
    private final Layout layout;

    private LicensingStub licensing;
    private final Path dir;
    /** What the licensing stand-in lists for each account ({@code acc-<tenant>}). */
    final Map<String, List<PurchaseRecord>> licensed = new java.util.concurrent.ConcurrentHashMap<>();

    private Platform(Path dir, KafkaBroker kafka, PostgresServer pg, Layout layout) {
        this.dir = dir;
        this.layout = layout;
        this.kafka = kafka;
        this.pg = pg;
    }

    /** Starts everything and waits until every service is ready. */
    static Platform start(Path root, Path dir, Layout layout) {
        try {
            Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker kafka =
                KafkaBroker.start(KafkaBroker.libDir(), dir.resolve("kafka"), Ports.free(), Ports.free(), true);
        // the fault run crashes this server and counts what survived: it must be the durable mode
        PostgresServer pg = Postgres.start(Postgres.Durability.DURABLE);
        Platform p = new Platform(dir, kafka, pg, layout);
        // Ctrl-C of ./run faults: the services are children of this JVM and would outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(p::close, "fault-platform-stop"));
        try {
            KafkaBroker.createTopics(kafka.bootstrapServers(), layout.partitions());
            p.launch(root);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void launch(Path root) {
        startLicensing();
        Map<String, String> gatewayEnv = new LinkedHashMap<>(Map.of("LOG_JSON", "false"));
        for (String name : NAMES) {
            pg.createDatabase(name);
            Map<String, String> env = env(name);
            ServiceProcess s = ServiceProcess.start(
                    SERVICES.get(name),
                    ServiceProcess.jar(root, SERVICES.get(name)),
                    Ports.free(),
                    env,
                    List.of(),
                    dir.resolve("logs").resolve(name + ".log"));
            services.put(name, s);
            gatewayEnv.put(name.toUpperCase() + "_URL", "http://127.0.0.1:" + s.port());
        }
        gateway = ServiceProcess.start(
                "gateway",
                ServiceProcess.jar(root, "gateway"),
                Ports.free(),
                gatewayEnv,
                List.of(),
                dir.resolve("logs").resolve("gateway.log"));
        for (String name : layout.twice()) {
            seconds.put(
                    name,
                    ServiceProcess.start(
                            SERVICES.get(name) + "-2",
                            ServiceProcess.jar(root, SERVICES.get(name)),
                            Ports.free(),
                            env(name),
                            List.of(),
                            dir.resolve("logs").resolve(name + "-2.log")));
        }
        all().forEach(s -> s.awaitReady(READY));
    }

    private Map<String, String> env(String name) {
        Map<String, String> env = ServiceProcess.env(kafka.bootstrapServers(), pg, name, issuer);
        env.put("LICENSING_URL", licensing.url());
        if (layout.refreshInterval() != null) {
            env.put("SYNC_REFRESH_INTERVAL", layout.refreshInterval().toSeconds() + "s");
            env.put("SYNC_REFRESH_INITIAL_DELAY", "20s");
        }
        return env;
    }

    /** The licensing system's purchase list per account, as PATCH /entitlements pulls it. */
    private void startLicensing() {
        licensing = LicensingStub.start("127.0.0.1", 0, licensed::get);
    }

    List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(instances());
        all.add(gateway);
        return all;
    }

    /** Every instance of the four services (first instances, then second ones). */
    List<ServiceProcess> instances() {
        List<ServiceProcess> all = new ArrayList<>(services.values());
        all.addAll(seconds.values());
        return all;
    }

    /**
     * Where the load sends a request that {@code service} answers: the gateway, or with {@link
     * Layout#loadDirect()} one of the service's instances in rotation, in turn.
     */
    String baseUrl(String service) {
        if (!layout.loadDirect() || !seconds.containsKey(service)) {
            return "http://127.0.0.1:" + gateway.port();
        }
        List<ServiceProcess> ready = List.of(services.get(service), seconds.get(service)).stream()
                .filter(s -> !outOfRotation.contains(s))
                .toList();
        List<ServiceProcess> pick = ready.isEmpty() ? List.of(services.get(service)) : ready;
        return "http://127.0.0.1:"
                + pick.get(Math.floorMod(turn.getAndIncrement(), pick.size())).port();
    }

    /** The load sends {@code s} nothing new until {@link #backInRotation}. */
    void outOfRotation(ServiceProcess s) {
        outOfRotation.add(s);
    }

    void backInRotation(ServiceProcess s) {
        outOfRotation.remove(s);
    }

    ServiceProcess service(String name) {
        return "gateway".equals(name) ? gateway : services.get(name);
    }

    /** Instance 0 (the first, which the gateway names) or 1 (the second) of a service. */
    ServiceProcess instance(String name, int instance) {
        return instance == 0 ? service(name) : seconds.get(name);
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
