package dev.entitlements.security;

import dev.entitlements.infra.DemoData;
import dev.entitlements.infra.LicensingStub;
import dev.entitlements.infra.Ports;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.infra.test.PackagedStack;
import dev.entitlements.issuer.DevClients;
import dev.entitlements.issuer.DevTokenServer;
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
import java.util.function.UnaryOperator;

/**
 * The platform as it is deployed, in one test JVM's reach: a temporary Kafka broker with every
 * topic, one PostgreSQL with a database per service, the four packaged services and the gateway
 * in front of them, each its own process. Started once per test JVM ({@link #shared}) and stopped
 * when the JVM exits; the suites share it and keep apart by making their own tenants.
 */
public final class PlatformStack implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(240);
    /** Service name of routes.txt → module. */
    static final Map<String, String> MODULES = Map.of(
            "entitlement",
            "entitlement-service",
            "assignment",
            "assignment-service",
            "sync",
            "sync-service",
            "reporting",
            "reporting-service");

    private static PlatformStack shared;
    /** The shared stack's development login and licensing stand-in (ConsoleIT signs in and refreshes through them). */
    private static DevTokenServer login;

    private static LicensingStub licensing;
    /** Where the shared stack's processes export their spans (TracingIT reads them). */
    private static TraceReceiver traces;

    /** The broker, the PostgreSQL server and the token issuer, as every packaged-service test gets them. */
    private final PackagedStack infra;

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<String, String> databases = new LinkedHashMap<>();
    /** Module → its base URL, the gateway's last. */
    private final Map<String, String> urls = new LinkedHashMap<>();

    private int gatewayPort;

    private PlatformStack(PackagedStack infra) {
        this.infra = infra;
    }

    /**
     * The stack every suite of this JVM uses, verifying the development issuer's tokens. Tracing is on,
     * as in a deployment with a collector: every service and the gateway export their spans to
     * {@link #traces()}, so every suite runs the traced code paths too.
     */
    public static synchronized PlatformStack shared() {
        if (shared == null) {
            traces = TraceReceiver.start();
            Map<String, String> otel = traces.exporterEnv();
            // the demo MSP's purchases, for a refresh of the console test; the login's port is known before the
            // gateway starts (its console configuration names it), the server itself needs the stack's issuer
            licensing = LicensingStub.start(
                    "127.0.0.1", 0, account -> account.equals("acc-" + DemoData.MSP) ? DemoData.purchases() : null);
            String loginBase = "http://127.0.0.1:" + Ports.free();
            Map<String, String> gateway = new LinkedHashMap<>(otel);
            gateway.put("CONSOLE_AUTHORIZATION_ENDPOINT", loginBase + DevTokenServer.LOGIN_PATH);
            gateway.put("CONSOLE_TOKEN_ENDPOINT", loginBase + DevTokenServer.PATH);
            shared = start(
                    env -> {
                        Map<String, String> traced = new LinkedHashMap<>(env);
                        traced.putAll(otel);
                        traced.put("LICENSING_URL", licensing.url());
                        return traced;
                    },
                    gateway);
            login = DevTokenServer.start(
                    "127.0.0.1",
                    java.net.URI.create(loginBase).getPort(),
                    shared.issuer(),
                    DevClients.of(List.of()),
                    DevClients.of(DemoData.USERS),
                    Duration.ofHours(1));
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                shared.close();
                                traces.close();
                                login.close();
                                licensing.close();
                            },
                            "platform-stack-stop"));
        }
        return shared;
    }

    /** The spans the shared stack's processes exported. */
    public static synchronized TraceReceiver traces() {
        shared();
        return traces;
    }

    /**
     * Starts everything. {@code serviceEnv} may change each service's environment (e.g. another
     * OIDC provider instead of the stack's issuer); {@code gatewayEnv} is added to the gateway's.
     */
    public static PlatformStack start(UnaryOperator<Map<String, String>> serviceEnv, Map<String, String> gatewayEnv) {
        return start(serviceEnv, gatewayEnv, Ports.free());
    }

    /**
     * As {@link #start(UnaryOperator, Map)}, with the gateway on {@code gatewayPort}: for a provider that
     * must know the console's origin before the gateway starts (Keycloak's redirect URIs).
     */
    public static PlatformStack start(
            UnaryOperator<Map<String, String>> serviceEnv, Map<String, String> gatewayEnv, int gatewayPort) {
        // the first service's database is PackagedStack's; the others are created beside it
        PlatformStack stack = new PlatformStack(
                PackagedStack.start(databaseName(MODULES.keySet().iterator().next()), 3));
        try {
            stack.launch(serviceEnv, gatewayEnv, gatewayPort);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void launch(
            UnaryOperator<Map<String, String>> serviceEnv, Map<String, String> gatewayEnv, int gatewayPort) {
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                .toAbsolutePath()
                .normalize();
        Path logs = root.resolve("security-tests/target/stack-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> gateway = new LinkedHashMap<>(Map.of("LOG_JSON", "false"));
        MODULES.forEach((service, module) -> {
            String database = databaseName(service);
            infra.pg().createDatabase(database);
            databases.put(service, database);
            Map<String, String> env = serviceEnv.apply(
                    ServiceProcess.env(infra.kafka().bootstrapServers(), infra.pg(), database, infra.issuer()));
            int port = Ports.free();
            processes.add(ServiceProcess.start(
                    module, ServiceProcess.jar(root, module), port, env, List.of(), logs.resolve(module + ".log")));
            gateway.put(service.toUpperCase() + "_URL", "http://127.0.0.1:" + port);
            urls.put(module, "http://127.0.0.1:" + port);
        });
        gateway.putAll(gatewayEnv);
        this.gatewayPort = gatewayPort;
        urls.put("gateway", gatewayUrl());
        processes.add(ServiceProcess.start(
                "gateway",
                ServiceProcess.jar(root, "gateway"),
                gatewayPort,
                gateway,
                List.of(),
                logs.resolve("gateway.log")));
        processes.forEach(p -> p.awaitReady(READY));
    }

    /** The web console of the gateway. */
    public String consoleUrl() {
        return gatewayUrl() + "/console/";
    }

    /** The shared stack's Kafka bootstrap servers (ConsoleIT publishes the demo world there). */
    public String bootstrapServers() {
        return infra.kafka().bootstrapServers();
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** Each module's base URL (the four services' own ports, and the gateway's), module → URL. */
    public Map<String, String> urls() {
        return Map.copyOf(urls);
    }

    private static String databaseName(String service) {
        return "sec_" + service;
    }

    public TokenIssuer issuer() {
        return infra.issuer();
    }

    /** A JDBC connection to a service's own database (service name as in routes.txt). */
    public Connection database(String service) throws SQLException {
        return DriverManager.getConnection(
                infra.pg().jdbcUrl(databases.get(service)),
                infra.pg().user(),
                infra.pg().password());
    }

    @Override
    public void close() {
        processes.forEach(ServiceProcess::terminate);
        processes.forEach(ServiceProcess::close);
        infra.close();
    }
}
