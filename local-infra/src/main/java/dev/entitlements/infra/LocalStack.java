package dev.entitlements.infra;

import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.issuer.DevClients;
import dev.entitlements.issuer.DevTokenServer;
import dev.entitlements.issuer.TokenIssuer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on one machine, no Docker: a real Kafka broker and PostgreSQL (state under
 * {@code .local/}), the four services and the gateway, demo data through the real topics, and
 * demo tokens from the development issuer, whose token endpoint ({@link DevTokenServer}) runs here,
 * in the launcher, as the provider the gateway's token route passes client credentials on to.
 * Ctrl-C (or TERM) stops everything it started.
 *
 * <pre>
 * LocalStack up                        start everything (what ./run does)
 * LocalStack --keycloak               the same with Keycloak as the identity provider instead of the development issuer
 * LocalStack token TENANT TYPE ROLE..  print a token from the development issuer
 * LocalStack faults [--ci] [--seed N]  the fault run (docs/reliability.md)
 * LocalStack up --fast-unsafe-db      the local run on a PostgreSQL without fsync (a crash loses confirmed writes)
 * LocalStack up --observe             the same with a local Prometheus scraping it, with the platform's alert rules
 * </pre>
 */
public final class LocalStack {

    static final String HOST = "127.0.0.1";

    /** A service of the stack: module, database (null: none), HTTP port. */
    record Service(String name, String database, int port) {}

    static final List<Service> SERVICES = List.of(
            new Service("entitlement-service", "entitlement", 8081),
            new Service("assignment-service", "assignment", 8082),
            new Service("sync-service", "sync", 8083),
            new Service("reporting-service", "reporting", 8084),
            new Service("gateway", null, 8080));

    private final Path root;
    private final Path state;
    private final int kafkaPort = intEnv("KAFKA_PORT", 19092);
    private final int pgPort = intEnv("PG_PORT", 15432);
    /** The stand-in for the external licensing system that PATCH /entitlements pulls from. */
    private final int licensingPort = intEnv("LICENSING_PORT", 8090);
    /** The development issuer's token endpoint (the local run's OIDC provider, as far as the gateway sees). */
    private final int tokenPort = intEnv("TOKEN_ISSUER_PORT", 8089);

    private DevTokenServer tokenServer;

    private LicensingStub licensing;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private KafkaBroker broker;
    private PostgresServer postgres;
    /** {@code --keycloak}: a real Keycloak (realm deploy/keycloak) issues the tokens instead of the development issuer. */
    private boolean withKeycloak;

    private final int keycloakPort = intEnv("KEYCLOAK_PORT", 18080);
    private KeycloakServer keycloak;
    /** {@code --observe}: a local Prometheus scraping the stack with the alert rules of deploy/ (docs/operations.md). */
    private boolean observe;

    private final int prometheusPort = intEnv("PROMETHEUS_PORT", 19090);
    private PrometheusServer prometheus;
    /** For ./run status, logs and stop; null until the ports are known to be free. */
    private StackFiles stackFiles;

    LocalStack(Path root) {
        this.root = root;
        this.state = root.resolve(".local");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", "."))
                .toAbsolutePath()
                .normalize();
        boolean withKeycloak = List.of(args).contains("--keycloak");
        boolean observe = List.of(args).contains("--observe");
        if (List.of(args).contains("--fast-unsafe-db")) {
            // Postgres.Durability.configured() reads it: benchmarks-style speed, at the price of durability
            System.setProperty("pg.durability", "fast");
        }
        args = java.util.Arrays.stream(args)
                .filter(a -> !a.equals("--keycloak") && !a.equals("--fast-unsafe-db") && !a.equals("--observe"))
                .toArray(String[]::new);
        String command = args.length == 0 ? "up" : args[0];
        switch (command) {
            case "up" -> {
                LocalStack stack = new LocalStack(root);
                stack.withKeycloak = withKeycloak;
                stack.observe = observe;
                stack.up();
            }
            case "token" -> {
                if (args.length < 4) {
                    System.err.println(
                            "usage: ./run token TENANT_ID TENANT_TYPE ROLE [ROLE...]   e.g. ./run token msp-demo MSP ADMIN");
                    System.exit(2);
                }
                System.out.println(new LocalStack(root)
                        .issuer()
                        .mint(
                                "cli@" + args[1],
                                args[1],
                                args[2],
                                List.of(args).subList(3, args.length),
                                Duration.ofHours(12)));
            }
            // dead letters back to their topics once fixed (docs/events.md, Dead letters); the local broker unless
            // KAFKA_BOOTSTRAP_SERVERS
            case "dlq" ->
                System.exit(dev.entitlements.contract.DeadLetterReplay.run(
                        List.of(args).subList(1, args.length),
                        System.getenv()
                                .getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + intEnv("KAFKA_PORT", 19092)),
                        System.out,
                        System.err));
            case "faults" ->
                dev.entitlements.infra.faults.FaultRun.main(root, List.of(args).subList(1, args.length));
            default -> {
                System.err.println("unknown command " + command + " (up | token | dlq | faults)");
                System.exit(2);
            }
        }
    }

    TokenIssuer issuer() {
        return TokenIssuer.loadOrCreate(state.resolve("issuer/key.jwk.json"), TokenIssuer.DEFAULT_ISSUER);
    }

    /**
     * The development issuer's machine-to-machine clients (the gateway's token endpoint), made on
     * first use with random secrets and kept in {@code .local/issuer/clients.txt}.
     */
    Path devClients() {
        Path file = state.resolve("issuer/clients.txt");
        if (!Files.exists(file)) {
            DevClients.write(
                    file,
                    List.of(
                            new DevClients.Client(
                                    "msp-demo-automation", secret(), "msp-demo", "MSP", List.of(Roles.ADMIN)),
                            new DevClients.Client(
                                    "msp-demo-reader", secret(), "msp-demo", "MSP", List.of(Roles.READ_ONLY)),
                            new DevClients.Client(
                                    "licensing-system",
                                    secret(),
                                    "licensing",
                                    "SYSTEM",
                                    List.of(Roles.LICENSING_SERVICE))));
        }
        return file;
    }

    /**
     * The people who may sign in to the console through the development login: the demo users
     * ({@link DemoData#USERS}), written once; edit the file to add or change one.
     */
    Path devUsers() {
        Path file = state.resolve("issuer/users.txt");
        if (!Files.exists(file)) {
            DevClients.write(file, DemoData.USERS);
        }
        return file;
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void up() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::down, "local-stack-stop"));
        Files.createDirectories(state.resolve("logs"));
        for (int port : List.of(kafkaPort, kafkaPort + 1, pgPort, licensingPort)) {
            requireFree(port);
        }
        SERVICES.forEach(s -> requireFree(s.port()));
        if (withKeycloak) {
            requireFree(keycloakPort);
        } else {
            requireFree(tokenPort);
        }
        if (observe) {
            requireFree(prometheusPort);
            if (PrometheusServer.binary().isEmpty()) {
                throw new IllegalStateException("--observe needs Prometheus: apt-get install -y prometheus"
                        + " (Debian's package, the one that brings promtool), or set PROMETHEUS_BIN");
            }
        }
        stackFiles = StackFiles.create(state);

        long t0 = System.nanoTime();
        broker = KafkaBroker.start(KafkaBroker.libDir(), state.resolve("kafka"), kafkaPort, kafkaPort + 1, false);
        stackFiles.add("kafka", kafkaPort, broker.pid(), broker.log());
        KafkaBroker.createTopics(broker.bootstrapServers(), 3);
        log("kafka      %s (%d ms)", broker.bootstrapServers(), ms(t0));
        long t1 = System.nanoTime();
        postgres = Postgres.startPersistent(state.resolve("pg"), pgPort);
        stackFiles.add("postgres", pgPort, postmasterPid(), state.resolve("pg/server.log"));
        SERVICES.stream().filter(s -> s.database() != null).forEach(s -> postgres.createDatabase(s.database()));
        log("postgres   %s:%d, %s (%d ms)", postgres.host(), postgres.port(), postgres.kind(), ms(t1));

        if (withKeycloak) {
            long t2 = System.nanoTime();
            keycloak = KeycloakServer.start(
                    state.resolve("keycloak"), keycloakPort, root.resolve("deploy/keycloak/entitlements-realm.json"));
            stackFiles.add("keycloak", keycloakPort, keycloak.pid(), keycloak.log());
            log("keycloak   %s (%d ms; log .local/keycloak/keycloak.log)", keycloak.issuerUrl(), ms(t2));
        }
        startLicensingSystem();
        TokenIssuer issuer = issuer();
        if (keycloak == null) {
            tokenServer = DevTokenServer.start(
                    HOST,
                    tokenPort,
                    issuer,
                    DevClients.load(devClients()),
                    DevClients.load(devUsers()),
                    Duration.ofHours(1));
            log(
                    "tokens     %s (the development issuer: clients .local/issuer/clients.txt, console users"
                            + " .local/issuer/users.txt)",
                    tokenServer.tokenEndpoint());
        }
        for (Service s : SERVICES) {
            ServiceProcess p = start(s, issuer);
            processes.add(p);
            stackFiles.add(s.name(), s.port(), p.handle().pid(), p.log());
        }
        for (ServiceProcess p : processes) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        log("services   up (%d ms since start)", ms(t0));
        if (observe) {
            startPrometheus();
        }
        loadDemoData(issuer);
        printWelcome(issuer);
        for (ServiceProcess p : processes) {
            p.waitFor();
        }
    }

    private ServiceProcess start(Service s, TokenIssuer issuer) {
        Path jar = ServiceProcess.jar(root, s.name());
        Map<String, String> env = new LinkedHashMap<>(Map.of("LOG_JSON", "false"));
        if (s.database() != null) {
            env = ServiceProcess.env(broker.bootstrapServers(), postgres, s.database(), issuer);
            env.put("LICENSING_URL", "http://" + HOST + ":" + licensingPort);
        } else {
            // the gateway's POST /oauth2/token/{tenantId} passes client credentials on to the provider's token
            // endpoint: Keycloak's with --keycloak, else the development issuer's (the gateway holds no key)
            env.put(
                    "GATEWAY_TOKEN_UPSTREAM",
                    keycloak != null ? keycloak.tokenEndpoint() : tokenServer.tokenEndpoint());
            // the console signs in at Keycloak's entitlements-ui client, else at the development login
            env.put(
                    "CONSOLE_AUTHORIZATION_ENDPOINT",
                    keycloak != null ? keycloak.authorizationEndpoint() : tokenServer.authorizationEndpoint());
            env.put(
                    "CONSOLE_TOKEN_ENDPOINT",
                    keycloak != null ? keycloak.tokenEndpoint() : tokenServer.tokenEndpoint());
            if (keycloak != null) {
                env.put("CONSOLE_END_SESSION_ENDPOINT", keycloak.endSessionEndpoint());
            }
        }
        if (keycloak != null && s.database() != null) {
            keycloak.configure(env); // OIDC_AUTH_SERVER_URL and OIDC_ISSUER of Keycloak; no QUARKUS_OIDC_PUBLIC_KEY
        }
        // the second start after a build maps the classes the first one loaded (BENCHMARKS.md, start-up)
        return ServiceProcess.start(
                s.name(),
                jar,
                s.port(),
                env,
                ClassDataArchive.options(s.name(), jar, state.resolve("cds")),
                state.resolve("logs").resolve(s.name() + ".log"));
    }

    /** {@code --observe}: Prometheus on the stack, one scrape job per module (named after it), the alert rules of deploy/. */
    private void startPrometheus() {
        long t0 = System.nanoTime();
        Map<String, String> targets = new LinkedHashMap<>();
        SERVICES.forEach(s -> targets.put(s.name(), HOST + ":" + s.port()));
        prometheus = PrometheusServer.start(
                state.resolve("prometheus"), prometheusPort, targets, root.resolve(PrometheusServer.RULES));
        stackFiles.add("prometheus", prometheusPort, prometheus.pid(), prometheus.log());
        log(
                "prometheus %s (%d ms; rules %s; state .local/prometheus)",
                prometheus.url(), ms(t0), PrometheusServer.RULES);
    }

    /**
     * The demo world ({@link DemoData}): tenants and thirteen months of device usage published
     * through the real topics as tenant management and the device inventory would, the demo MSP's
     * purchases as the licensing system pushes them, and then, on a background thread (the start is
     * not held up), its assignments through the real assignment API once its pools are projected.
     * Event ids are derived from the content, so a second run republishes the same events and the
     * consumers skip them.
     */
    private void loadDemoData(TokenIssuer issuer) {
        DemoData.Published published = DemoData.publish(broker.bootstrapServers());
        log(
                "demo data  %d events: 3 tenants (msp-demo manages ec-alpha, ec-beta), device usage of the last 13 months;"
                        + " %d purchases of msp-demo",
                published.events(), published.purchases());
        String token = keycloak != null
                ? keycloak.clientCredentialsToken(KeycloakServer.Demo.AUTOMATION, KeycloakServer.Demo.AUTOMATION_SECRET)
                : issuer.mint(
                        "demo-loader@" + DemoData.MSP,
                        DemoData.MSP,
                        "MSP",
                        List.of(Roles.PRIME_ADMIN),
                        Duration.ofMinutes(10));
        Thread assignments = new Thread(
                () -> {
                    try {
                        log(
                                "demo data  %s",
                                DemoData.assign(
                                        "http://" + HOST + ":8080",
                                        token,
                                        Duration.ofSeconds(120),
                                        m -> log("demo data  %s", m)));
                    } catch (RuntimeException e) {
                        log("demo data  assignments not made: %s", e);
                    }
                },
                "demo-assignments");
        assignments.setDaemon(true);
        assignments.start();
    }

    /** The demo MSP's order lines: pushed on the topic at start, listed by the demo licensing system. */
    static List<PurchaseRecord> demoPurchases() {
        return DemoData.purchases();
    }

    /**
     * A stand-in for the external licensing system (a third party): lists the demo MSP's
     * purchases, so {@code PATCH /entitlements} runs end to end locally; other accounts are 404.
     */
    private void startLicensingSystem() {
        licensing = LicensingStub.start(
                HOST, licensingPort, account -> account.equals("acc-" + DemoData.MSP) ? demoPurchases() : null);
        log("licensing  %s (demo stand-in for the external licensing system)", licensing.url());
    }

    private void printWelcome(TokenIssuer issuer) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(
                "msp-demo PRIME_ADMIN (the demo MSP's admin)",
                issuer.mint("admin@msp-demo", "msp-demo", "MSP", List.of(Roles.PRIME_ADMIN), Duration.ofHours(12)));
        tokens.put(
                "ec-alpha ADMIN (a managed customer's admin)",
                issuer.mint("admin@ec-alpha", "ec-alpha", "MSP_EC", List.of(Roles.ADMIN), Duration.ofHours(12)));
        tokens.put(
                "msp-demo READ_ONLY",
                issuer.mint("viewer@msp-demo", "msp-demo", "MSP", List.of(Roles.READ_ONLY), Duration.ofHours(12)));
        StringBuilder out = new StringBuilder("\n=== Entitlement platform is up ===\n\n");
        out.append("API (gateway)   http://").append(HOST).append(":8080\n");
        out.append("Console         http://")
                .append(HOST)
                .append(":8080/console/  (sign in as ")
                .append(KeycloakServer.Demo.MSP_ADMIN)
                .append(" or ")
                .append(KeycloakServer.Demo.EC_ADMIN)
                .append(", password ")
                .append(KeycloakServer.Demo.ADMIN_PASSWORD)
                .append("; ")
                .append(KeycloakServer.Demo.VIEWER)
                .append(" / ")
                .append(KeycloakServer.Demo.VIEWER_PASSWORD)
                .append(")\n");
        for (Service s : SERVICES) {
            if (s.database() != null) {
                out.append(String.format(
                        "%-20s http://%s:%d  (Swagger UI /q/swagger-ui, health /q/health)%n",
                        s.name(), HOST, s.port()));
            }
        }
        out.append(metricsWelcome());
        out.append("Kafka           ").append(broker.bootstrapServers()).append("\n");
        out.append("PostgreSQL      ")
                .append(postgres.host())
                .append(':')
                .append(postgres.port())
                .append(" (user postgres; databases entitlement, assignment, sync, reporting)\n");
        out.append("Logs            .local/logs/\n");
        if (keycloak != null) {
            out.append(keycloakWelcome())
                    .append(
                            "\nFrom another terminal: ./run status, ./run logs <name>, ./run stop\nCtrl-C stops everything.\n");
            System.out.println(out);
            return;
        }
        out.append("\nDemo tokens (valid 12 h):\n");
        tokens.forEach((who, token) ->
                out.append("  ").append(who).append(":\n    ").append(token).append("\n"));
        DevClients.Client automation = DevClients.load(devClients()).all().get(0);
        out.append("\nA token the RUCKUS One way (client credentials of .local/issuer/clients.txt):\n")
                .append("  curl -s -X POST http://127.0.0.1:8080/oauth2/token/")
                .append(automation.tenantId())
                .append(" -d grant_type=client_credentials -d client_id=")
                .append(automation.clientId())
                .append(" -d client_secret=")
                .append(automation.secret())
                .append("\n");
        out.append(
                "\nMore tokens:    ./run token <tenantId> <MSP|MSP_EC|REC|VAR> <PRIME_ADMIN|ADMIN|READ_ONLY|LICENSING_SERVICE>...\n");
        out.append(
                "Try:            curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/entitlements/licenseUsageReports\n");
        out.append("\nFrom another terminal: ./run status, ./run logs <name>, ./run stop\nCtrl-C stops everything.\n");
        System.out.println(out);
    }

    /** Where each module's Prometheus metrics are, and the local Prometheus with {@code --observe}. */
    private String metricsWelcome() {
        StringBuilder out = new StringBuilder();
        String label = "Metrics";
        for (Service s : SERVICES) {
            out.append(String.format("%-15s http://%s:%d/q/metrics  (%s)%n", label, HOST, s.port(), s.name()));
            label = "";
        }
        if (prometheus != null) {
            out.append(String.format(
                    "%-15s %s  (alerts %s/alerts; rules %s; runbooks docs/operations.md)%n",
                    "Prometheus", prometheus.url(), prometheus.url(), PrometheusServer.RULES));
        } else {
            out.append(String.format(
                    "%-15s ./run --observe adds a local Prometheus with the alert rules (docs/operations.md)%n", ""));
        }
        return out.toString();
    }

    /** With {@code --keycloak}: where the tokens come from (the realm file's local clients and users). */
    private String keycloakWelcome() {
        String cc = "  curl -s " + keycloak.tokenEndpoint() + " -d grant_type=client_credentials";
        String pw = "  curl -s " + keycloak.tokenEndpoint() + " -d grant_type=password -d client_id="
                + KeycloakServer.Demo.CLI;
        String take = " | jq -r .access_token";
        return "Keycloak        " + keycloak.baseUrl() + "  (admin console /admin: " + KeycloakServer.ADMIN_USER + "/"
                + KeycloakServer.ADMIN_PASSWORD + "; realm " + KeycloakServer.REALM
                + "; log .local/keycloak/keycloak.log)\n"
                + "Issuer          " + keycloak.issuerUrl() + "\n"
                + "\nTokens come from Keycloak (valid 10 min; local secrets and passwords of deploy/keycloak/entitlements-realm.json):\n"
                + "  # msp-demo ADMIN, a machine client (client credentials)\n"
                + "  TOKEN=$(" + cc.substring(2) + " -d client_id=" + KeycloakServer.Demo.AUTOMATION
                + " -d client_secret=" + KeycloakServer.Demo.AUTOMATION_SECRET + take + ")\n"
                + "  # msp-demo READ_ONLY, a machine client\n"
                + cc + " -d client_id=" + KeycloakServer.Demo.READER + " -d client_secret="
                + KeycloakServer.Demo.READER_SECRET + take + "\n"
                + "  # the licensing system (LICENSING_SERVICE, for POST /licensing/purchases)\n"
                + cc + " -d client_id=" + KeycloakServer.Demo.LICENSING + " -d client_secret="
                + KeycloakServer.Demo.LICENSING_SECRET + take + "\n"
                + "  # users (password grant): " + KeycloakServer.Demo.MSP_ADMIN + " PRIME_ADMIN, "
                + KeycloakServer.Demo.EC_ADMIN
                + " ADMIN (password " + KeycloakServer.Demo.ADMIN_PASSWORD + "), " + KeycloakServer.Demo.VIEWER
                + " READ_ONLY (password "
                + KeycloakServer.Demo.VIEWER_PASSWORD + ")\n"
                + pw + " -d username=" + KeycloakServer.Demo.MSP_ADMIN + " -d password="
                + KeycloakServer.Demo.ADMIN_PASSWORD + take + "\n"
                + "  # the RUCKUS One way: the gateway passes the client credentials on to Keycloak\n"
                + "  curl -s -X POST http://" + HOST
                + ":8080/oauth2/token/msp-demo -d grant_type=client_credentials -d client_id="
                + KeycloakServer.Demo.AUTOMATION + " -d client_secret=" + KeycloakServer.Demo.AUTOMATION_SECRET + "\n"
                + "Try:            curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/entitlements/licenseUsageReports\n";
    }

    /** Stops the services, then the broker and the database; runs on Ctrl-C, TERM or a failed start. */
    void down() {
        if (prometheus != null) {
            prometheus.close();
        }
        processes.forEach(ServiceProcess::terminate);
        processes.forEach(ServiceProcess::close);
        if (keycloak != null) {
            keycloak.close();
        }
        if (licensing != null) {
            licensing.close();
        }
        if (tokenServer != null) {
            tokenServer.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (RuntimeException e) {
                System.err.println("postgres stop: " + e.getMessage());
            }
        }
        if (stackFiles != null) {
            stackFiles.stopped();
        }
        System.out.println("[local] stopped");
    }

    /** Installed binaries and embedded alike keep the postmaster's pid here; 0 when it cannot be read. */
    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(state.resolve("pg/data/postmaster.pid"))
                    .get(0)
                    .trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void requireFree(int port) {
        if (Ports.isOpen(HOST, port)) {
            throw new IllegalStateException(
                    "port " + port + " is in use: stop what runs there (or a previous ./run) first");
        }
    }

    private static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[local] " + format + "%n", args);
    }
}
