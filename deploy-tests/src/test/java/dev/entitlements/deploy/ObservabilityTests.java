package dev.entitlements.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.entitlements.infra.test.Observability;
import dev.entitlements.infra.test.PromQl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboards of deploy/: promtool accepts the rules
 * ({@code promtool check rules}) and their unit tests pass, one at least per alert
 * ({@code promtool test rules}); the PrometheusRule the overlays apply carries the same groups;
 * every alert has a severity, a summary and a runbook section in docs/operations.md; every
 * dashboard query is PromQL promtool accepts. Whether the metrics they name exist is
 * security-tests' {@code MetricsIT}, against the running services. promtool is Debian's
 * {@code prometheus} package ({@code .ci/run} installs it).
 */
class ObservabilityTests {

    static final Path ROOT = DeployManifestTests.ROOT;
    static final Path PROMETHEUS_RULE = ROOT.resolve("deploy/kubernetes/components/monitoring/prometheus-rule.yaml");
    static final Path OPERATIONS = ROOT.resolve("docs/operations.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper ONE_LINE_YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        String out = run(List.of(
                promtool(), "check", "rules", ROOT.resolve(Observability.RULES).toString()));
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyAlertHasAUnitTestAndTheyAllPass() throws Exception {
        Path tests = ROOT.resolve(Observability.RULE_TESTS);
        run(List.of(promtool(), "test", "rules", tests.getFileName().toString()), tests.getParent());
        Set<String> fired = new TreeSet<>();
        for (JsonNode test : YAML.readTree(tests.toFile()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    fired.add(check.path("alertname").asText());
                }
            }
        }
        Set<String> alerts = new TreeSet<>(
                alerts().stream().map(a -> a.path("alert").asText()).toList());
        alerts.removeAll(fired);
        assertTrue(alerts.isEmpty(), "alerts no test of " + tests.getFileName() + " sees fire: " + alerts);
    }

    @Test
    void thePrometheusRuleCarriesTheRulesFileAsItIs() throws IOException {
        JsonNode rule = YAML.readTree(PROMETHEUS_RULE.toFile());
        assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
        assertEquals("PrometheusRule", rule.path("kind").asText());
        assertEquals(
                Observability.rules(ROOT).path("groups"),
                rule.path("spec").path("groups"),
                PROMETHEUS_RULE + " differs from " + Observability.RULES
                        + ": python3 deploy/observability/prometheus/generate-prometheus-rule.py");
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookSection() throws IOException {
        Set<String> headings = Files.readAllLines(OPERATIONS).stream()
                .filter(l -> l.startsWith("### "))
                .map(l -> l.substring(4).strip())
                .collect(Collectors.toSet());
        Set<String> names = new HashSet<>();
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            assertTrue(names.add(name), "two alerts named " + name);
            assertTrue(
                    Set.of("warning", "critical")
                            .contains(alert.path("labels").path("severity").asText()),
                    name + ": severity is neither warning nor critical");
            JsonNode annotations = alert.path("annotations");
            for (String a : List.of("summary", "description")) {
                assertFalse(annotations.path(a).asText().isBlank(), name + " has no " + a);
            }
            assertEquals(
                    "docs/operations.md#" + name.toLowerCase(Locale.ROOT),
                    annotations.path("runbook_url").asText(),
                    name + ": runbook_url is not its section of docs/operations.md");
            assertTrue(headings.contains(name), "docs/operations.md has no section '### " + name + "'");
        }
    }

    /** Each query of each dashboard, variables filled in, as a recording rule promtool must accept. */
    @Test
    void everyDashboardQueryIsPromQl() throws Exception {
        List<Observability.Query> queries = new ArrayList<>();
        Observability.dashboardFiles(ROOT).forEach(f -> queries.addAll(Observability.dashboardQueries(f)));
        assertFalse(queries.isEmpty());
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            String expr = queries.get(i)
                    .expr()
                    .replace("$__rate_interval", "5m")
                    .replace("$__range", "1h")
                    .replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", ".*");
            rules.append("      - record: dashboard:query").append(i).append('\n');
            rules.append("        expr: ")
                    .append(ONE_LINE_YAML.writeValueAsString(expr).replaceFirst("^---\\s*", ""));
        }
        Path file = Path.of("target/dashboard-queries.rules.yaml").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, rules);
        try {
            run(List.of(promtool(), "check", "rules", file.toString()));
        } catch (AssertionError e) {
            StringBuilder where = new StringBuilder();
            for (int i = 0; i < queries.size(); i++) {
                where.append("dashboard:query")
                        .append(i)
                        .append(" = ")
                        .append(queries.get(i).where())
                        .append('\n');
            }
            fail(e.getMessage() + "\n" + where);
        }
    }

    @Test
    void everyDashboardIsAGrafanaDashboardOnTheChosenDataSource() {
        Set<String> uids = new HashSet<>();
        for (Path file : Observability.dashboardFiles(ROOT)) {
            JsonNode d = Observability.dashboard(file);
            String name = file.getFileName().toString();
            assertTrue(uids.add(d.path("uid").asText()), name + ": uid " + d.path("uid") + " is taken");
            assertFalse(d.path("title").asText().isBlank(), name + " has no title");
            assertTrue(
                    Stream.of(d.path("templating").path("list"))
                            .flatMap(l -> java.util.stream.StreamSupport.stream(l.spliterator(), false))
                            .anyMatch(v -> v.path("name").asText().equals("datasource")
                                    && v.path("type").asText().equals("datasource")),
                    name + " has no datasource variable");
            for (JsonNode panel : d.path("panels")) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                String where = name + " panel '" + panel.path("title").asText() + "'";
                assertEquals(
                        "${datasource}", panel.path("datasource").path("uid").asText(), where);
                assertTrue(panel.path("gridPos").has("w"), where + " has no gridPos");
                assertFalse(panel.path("targets").isEmpty(), where + " has no query");
                panel.path("targets")
                        .forEach(t -> assertFalse(t.path("expr").asText().isBlank(), where + " has an empty query"));
            }
        }
        assertTrue(uids.size() >= 8, "the overview, the gateway, four services, Kafka and PostgreSQL: " + uids);
    }

    @Test
    void thePromQlReaderFindsTheMetricNamesAndOnlyThem() {
        assertEquals(
                Set.of("http_server_requests_seconds_count"),
                PromQl.metricNames(
                        "sum by (job) (rate(http_server_requests_seconds_count{outcome=\"SERVER_ERROR\", uri!~\"/q/.*\"}[5m])) / sum by (job) (rate(http_server_requests_seconds_count[$__rate_interval])) > 0.05"));
        assertEquals(
                Set.of("gateway_requests_seconds_bucket"),
                PromQl.metricNames(
                        "histogram_quantile(0.99, sum by (route, le) (rate(gateway_requests_seconds_bucket{job=\"gateway\", instance=~\"$instance\"}[5m])))"));
        assertEquals(
                Set.of("kube_pod_status_ready", "kube_pod_status_phase"),
                PromQl.metricNames(
                        "sum by (namespace, pod) (kube_pod_status_ready{condition=\"false\"}) * on (namespace, pod) group_left () (max by (namespace, pod) (kube_pod_status_phase{phase=\"Running\"})) > 0"));
        assertEquals(
                Set.of("a_total", "b"),
                PromQl.metricNames("increase(a_total[1h] offset 1d) and b unless on(x) 1e3 > bool Inf"));
        assertEquals(
                Set.of("c_bucket"),
                PromQl.metricNames("# don't count a cold start\nrate(c_bucket{le=\"#\"}[5m]) > 1/60 # a minute"));
        assertEquals(
                "process_uptime_seconds{job=\"x\"}",
                PromQl.ofVariableQuery("label_values(process_uptime_seconds{job=\"x\"}, instance)"));
        assertEquals("", PromQl.ofVariableQuery("label_values(instance)"));
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : Observability.rules(ROOT).path("groups")) {
            group.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    alerts.add(r);
                }
            });
        }
        assertFalse(alerts.isEmpty(), "no alert in " + Observability.RULES);
        return alerts;
    }

    static String promtool() {
        return Stream.of(
                        Objects.requireNonNullElse(System.getenv("PROMTOOL"), ""),
                        "/usr/bin/promtool",
                        "/usr/local/bin/promtool")
                .filter(p -> !p.isEmpty() && Files.isExecutable(Path.of(p)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "promtool not found: apt-get install -y prometheus (as .ci/run does), or set PROMTOOL"));
    }

    private static String run(List<String> cmd) throws Exception {
        return run(cmd, Path.of(".").toAbsolutePath());
    }

    /** Runs {@code cmd} in {@code dir}; its output, or an assertion failure with it when it exits non-zero. */
    private static String run(List<String> cmd, Path dir) throws Exception {
        Path log = Files.createTempFile("observability", ".log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish");
        }
        String out = Files.readString(log);
        Files.deleteIfExists(log);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
