package dev.entitlements.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.gateway.RouteTable;
import dev.entitlements.infra.test.Observability;
import dev.entitlements.infra.test.PromQl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the dashboards and alert rules of deploy/ read exists: every metric name in their PromQL
 * ({@link Observability#queries}) is exposed at {@code /q/metrics} by one of the running services or
 * the gateway, once the platform has done some work (a {@link Family}: tenants and purchases through
 * the topics, assignments, a sync request, queries). The metrics also keep their promise of bounded
 * labels (no raw path, no tenant), and the gateway writes its access log.
 */
class MetricsIT {

    /**
     * Metrics the queries may name that come from outside the platform's processes; nothing else is
     * let off. Prometheus itself: {@code up} (scrape health) and {@code ALERTS}. kube-state-metrics:
     * the pods' readiness and phase (PodsNotReady). CloudNativePG's exporter on each PostgreSQL
     * instance (port 9187, its default-monitoring queries): the PostgreSQL dashboard.
     */
    static final Set<String> EXTERNAL = Set.of(
            "up",
            "ALERTS",
            "kube_pod_status_ready",
            "kube_pod_status_phase",
            "cnpg_collector_up",
            "cnpg_backends_total",
            "cnpg_backends_waiting_total",
            "cnpg_backends_max_tx_duration_seconds",
            "cnpg_pg_settings_setting",
            "cnpg_pg_replication_lag",
            "cnpg_pg_replication_streaming_replicas",
            "cnpg_pg_stat_database_xact_commit",
            "cnpg_pg_stat_database_xact_rollback",
            "cnpg_pg_stat_database_blks_hit",
            "cnpg_pg_stat_database_blks_read",
            "cnpg_pg_stat_database_tup_inserted",
            "cnpg_pg_stat_database_tup_updated",
            "cnpg_pg_stat_database_tup_deleted",
            "cnpg_pg_stat_database_deadlocks",
            "cnpg_pg_database_size_bytes",
            "cnpg_pg_database_xid_age",
            "cnpg_pg_stat_archiver_seconds_since_last_archival",
            "cnpg_pg_stat_archiver_failed_count");

    /**
     * How long the names may take to appear: the Kafka clients' per-partition metrics (lag, records
     * consumed per topic) exist after a partition's first fetch, and Micrometer's Kafka binder looks
     * for new ones once a minute.
     */
    private static final Duration APPEAR = Duration.ofSeconds(180);

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static PlatformStack stack;
    private static Family family;
    private static Path root;

    @BeforeAll
    static void platformAtWork() {
        stack = PlatformStack.shared();
        family = new Family(stack.issuer(), new Api(stack.gatewayUrl())).create();
        root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                .toAbsolutePath()
                .normalize();
    }

    @Test
    void everyMetricTheDashboardsAndAlertsReadIsExposed() throws Exception {
        Map<String, Set<String>> wanted = new TreeMap<>();
        for (Observability.Query q : Observability.queries(root)) {
            for (String name : PromQl.metricNames(q.expr())) {
                if (!EXTERNAL.contains(name)) {
                    wanted.computeIfAbsent(name, n -> new TreeSet<>()).add(q.where());
                }
            }
        }
        assertTrue(wanted.size() > 20, "too few metric names found in the dashboards and rules: " + wanted.keySet());
        Set<String> missing = new TreeSet<>(wanted.keySet());
        long deadline = System.nanoTime() + APPEAR.toNanos();
        while (true) {
            for (String url : stack.urls().values()) {
                missing.removeAll(names(scrape(url)));
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(5_000);
        }
        if (!missing.isEmpty()) {
            fail("no service nor the gateway exposes these metrics, which deploy/ reads:\n"
                    + missing.stream()
                            .map(n -> "  " + n + "  (" + String.join("; ", wanted.get(n)) + ")")
                            .collect(Collectors.joining("\n")));
        }
    }

    @Test
    void everyExternalNameIsOneTheQueriesRead() {
        Set<String> read = Observability.queries(root).stream()
                .flatMap(q -> PromQl.metricNames(q.expr()).stream())
                .collect(Collectors.toSet());
        Set<String> unused = new TreeSet<>(EXTERNAL);
        unused.removeAll(read);
        assertTrue(unused.isEmpty(), "EXTERNAL lets off names no dashboard or rule reads: " + unused);
    }

    /** Label values are routes, templates, topics, consumers, classes: never a path, an id or a tenant. */
    @Test
    void noLabelCarriesARawPathAnIdOrATenant() throws Exception {
        String probe = "/entitlements/no-such-" + UUID.randomUUID();
        Api api = new Api(stack.gatewayUrl());
        assertEquals(404, api.call("GET", probe, family.admin, null).status());
        assertEquals(
                200,
                api.call("GET", "/entitlements/syncRequests/" + family.syncRequest, family.admin, null)
                        .status());
        Set<String> routes = RouteTable.load().routes().stream()
                .map(RouteTable.Route::path)
                .collect(Collectors.toCollection(TreeSet::new));
        routes.add("unmatched");
        for (Map.Entry<String, String> module : stack.urls().entrySet()) {
            String text = scrape(module.getValue());
            for (String secret : List.of(probe, family.marker, family.syncRequest)) {
                assertFalse(text.contains(secret), module.getKey() + "'s metrics carry " + secret);
            }
            for (String line : text.lines().toList()) {
                Matcher m = SAMPLE.matcher(line);
                if (m.find() && m.group(1).startsWith("gateway_requests_seconds") && m.group(2) != null) {
                    String route = labels(m.group(2)).get("route");
                    assertTrue(routes.contains(route), "gateway_requests_seconds with route " + route);
                }
            }
        }
        String gateway = scrape(stack.gatewayUrl());
        assertTrue(gateway.contains("route=\"unmatched\""), "the 404 is not counted under route=\"unmatched\"");
        assertTrue(
                gateway.contains("route=\"/entitlements/syncRequests/{requestId}\""),
                "the sync request's status is not counted under its routes.txt line");
    }

    /** One line per request, with the request id, the token's tenant, the route and the status. */
    @Test
    void theGatewayWritesAnAccessLogLinePerRequest() throws Exception {
        String id = "metrics-it-" + UUID.randomUUID();
        Api api = new Api(stack.gatewayUrl());
        assertEquals(
                200,
                api.call("POST", "/entitlements/query", family.token(Roles.READ_ONLY), "{}", Map.of("x-request-id", id))
                        .status());
        Path log = root.resolve("security-tests/target/stack-logs/gateway.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String line = null;
        while (line == null && System.nanoTime() < deadline) {
            line = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("[req=" + id + " "))
                    .findFirst()
                    .orElse(null);
            if (line == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(line != null, "no access-log line with request id " + id + " in " + log);
        for (String part : List.of(
                "tenant=" + family.msp + "]",
                "POST /entitlements/query status=200 ",
                "route=\"/entitlements/query\"",
                "service=entitlement",
                "bytes_in=2 ")) {
            assertTrue((line + " ").contains(part), "access-log line without '" + part + "': " + line);
        }
    }

    private static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static Map<String, String> labels(String braces) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(braces);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }

    private static String scrape(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), baseUrl + "/q/metrics");
        return r.body();
    }
}
