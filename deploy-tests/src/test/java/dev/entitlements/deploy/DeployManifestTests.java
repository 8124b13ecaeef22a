package dev.entitlements.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.entitlements.contract.Topics;
import dev.entitlements.gateway.RouteTable;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Kubernetes deployment as it would be applied: each overlay of {@code deploy/kubernetes}
 * rendered by {@code kubectl kustomize}, every object parsed and validated twice (fabric8's typed
 * model rejects unknown fields and wrong types; the npm kubernetes-models schemas reject bad enum
 * values and missing required fields), then held to the platform's rules.
 */
class DeployManifestTests {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path RENDERED = Path.of("target/rendered").toAbsolutePath();
    /** The overlays, and prod with the optional Keycloak component (rendered from a kustomization made here). */
    static final List<String> OVERLAYS = List.of("dev", "prod", "prod-keycloak");
    /** The packaged applications: one Deployment and one image each. */
    static final List<String> APPS =
            List.of("entitlement-service", "assignment-service", "sync-service", "reporting-service", "gateway");

    static final List<String> SERVICES = APPS.subList(0, 4);
    /** Custom resources fabric8 has no typed model for: parsed generically, checked by the npm schemas. */
    static final Set<String> CRD_GROUPS = Set.of("kafka.strimzi.io", "postgresql.cnpg.io", "k8s.keycloak.org");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Overlay → its rendered objects (as YAML documents). */
    static final Map<String, List<String>> DOCS = new LinkedHashMap<>();

    static final Map<String, List<JsonNode>> OBJECTS = new LinkedHashMap<>();

    @BeforeAll
    static void render() throws Exception {
        Files.createDirectories(RENDERED);
        Path withKeycloak = Path.of("target/kustomize/prod-keycloak").toAbsolutePath();
        Files.createDirectories(withKeycloak);
        // kustomize takes only relative paths to other kustomizations
        Files.writeString(
                withKeycloak.resolve("kustomization.yaml"),
                String.join(
                        "\n",
                        "apiVersion: kustomize.config.k8s.io/v1beta1",
                        "kind: Kustomization",
                        "resources:",
                        "  - " + withKeycloak.relativize(ROOT.resolve("deploy/kubernetes/overlays/prod")),
                        "components:",
                        "  - " + withKeycloak.relativize(ROOT.resolve("deploy/kubernetes/components/keycloak")),
                        ""));
        for (String overlay : OVERLAYS) {
            Path out = RENDERED.resolve(overlay + ".yaml");
            Path dir = overlay.equals("prod-keycloak")
                    ? withKeycloak
                    : ROOT.resolve("deploy/kubernetes/overlays/" + overlay);
            run(List.of(kubectl(), "kustomize", dir.toString(), "-o", out.toString()));
            List<String> docs = Stream.of(Files.readString(out).split("(?m)^---\\s*$"))
                    .filter(d -> !d.isBlank())
                    .toList();
            DOCS.put(overlay, docs);
            List<JsonNode> objects = new ArrayList<>();
            for (String d : docs) {
                objects.add(YAML.readTree(d));
            }
            OBJECTS.put(overlay, objects);
            assertFalse(docs.isEmpty(), overlay + " renders nothing");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyObjectParsesStrictlyIntoTheTypedModel() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        return DOCS.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(doc -> {
                    JsonNode node = read(doc);
                    String name = e.getKey() + ": " + node.path("kind").asText() + "/"
                            + node.path("metadata").path("name").asText();
                    return DynamicTest.dynamicTest(name, () -> {
                        Object o = serialization.unmarshal(doc); // wrong types throw here
                        assertTrue(o instanceof HasMetadata, "not a Kubernetes object");
                        if (o instanceof GenericKubernetesResource g) {
                            String group = g.getApiVersion().contains("/")
                                    ? g.getApiVersion()
                                            .substring(0, g.getApiVersion().indexOf('/'))
                                    : "";
                            assertTrue(
                                    CRD_GROUPS.contains(group),
                                    "unknown apiVersion/kind " + g.getApiVersion() + " " + g.getKind());
                            return;
                        }
                        List<String> unknown = new ArrayList<>();
                        walk(
                                o,
                                ((HasMetadata) o).getKind(),
                                unknown,
                                Collections.newSetFromMap(new IdentityHashMap<>()));
                        assertTrue(unknown.isEmpty(), "unknown fields: " + unknown);
                    });
                }));
    }

    @Test
    void theCheckersCatchTheMistakesTheyAreHereFor() throws Exception {
        Path mistakes = Path.of("src/test/resources/mistakes").toAbsolutePath();
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<String> unknown = new ArrayList<>();
        walk(
                serialization.unmarshal(Files.readString(mistakes.resolve("unknown-field.yaml"))),
                "Deployment",
                unknown,
                Collections.newSetFromMap(new IdentityHashMap<>()));
        assertEquals(1, unknown.size(), "the unknown field was not noticed: " + unknown);
        org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class,
                () -> serialization.unmarshal(Files.readString(mistakes.resolve("wrong-type.yaml"))));
        Path node = installValidator();
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(
                AssertionError.class,
                () -> run(
                        List.of(
                                "node",
                                node.resolve("validate.mjs").toString(),
                                mistakes.resolve("bad-enum.yaml").toString()),
                        node));
        assertTrue(
                refused.getMessage().contains("FETCH") || refused.getMessage().contains("allowed"),
                refused.getMessage());
    }

    @Test
    void everyObjectMatchesItsSchemaInKubernetesModels() throws Exception {
        Path node = installValidator();
        List<String> cmd =
                new ArrayList<>(List.of("node", node.resolve("validate.mjs").toString()));
        OVERLAYS.forEach(o -> cmd.add(RENDERED.resolve(o + ".yaml").toString()));
        run(cmd, node);
    }

    /** The npm validator in target/node, installed from the committed lock file on first use. */
    private static synchronized Path installValidator() throws Exception {
        Path node = Path.of("target/node").toAbsolutePath();
        Path src = Path.of("src/test/node").toAbsolutePath();
        Files.createDirectories(node);
        for (String f : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Files.copy(src.resolve(f), node.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(node.resolve("node_modules/kubernetes-models"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), node);
        }
        return node;
    }

    @Test
    void everyApplicationHasProbesResourcesAndANonRootContainer() {
        for (String overlay : OVERLAYS) {
            for (String app : APPS) {
                JsonNode container = container(overlay, app);
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    assertTrue(container.path(probe).has("httpGet"), overlay + " " + app + " has no " + probe);
                    assertTrue(
                            container
                                    .path(probe)
                                    .path("httpGet")
                                    .path("path")
                                    .asText()
                                    .startsWith("/q/health/"),
                            overlay + " " + app + " " + probe + " is not SmallRye Health");
                }
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        assertFalse(
                                container
                                        .path("resources")
                                        .path(kind)
                                        .path(resource)
                                        .isMissingNode(),
                                overlay + " " + app + " has no " + kind + "." + resource);
                    }
                }
            }
        }
    }

    /**
     * Issue 18: an outage gets an answer, not a hang and not a restart storm. Every HTTPRoute rule
     * bounds a request (at most 10 s, the backend call as the gateway's own upstream timeout, above
     * the services' 8 s request deadline so their JSON 503 arrives first); readiness drops a pod
     * within 15 s; liveness waits a minute before it restarts one.
     */
    @Test
    void everyRouteAndProbeBoundsItsWaits() throws IOException {
        Properties gateway = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("gateway/src/main/resources/application.properties"))) {
            gateway.load(in);
        }
        long upstream = millis(gateway.getProperty("gateway.upstream.response-timeout"));
        for (String overlay : OVERLAYS) {
            ofKind(overlay, "HTTPRoute")
                    .forEach(route -> route.path("spec").path("rules").forEach(rule -> {
                        String where = overlay + " HTTPRoute "
                                + route.path("metadata").path("name").asText() + " " + rule.path("matches");
                        JsonNode timeouts = rule.path("timeouts");
                        assertFalse(
                                timeouts.path("request").isMissingNode()
                                        || timeouts.path("backendRequest").isMissingNode(),
                                where + " has no request and backendRequest timeouts");
                        long request = millis(timeouts.path("request").asText());
                        long backend = millis(timeouts.path("backendRequest").asText());
                        assertTrue(request <= 10_000, where + ": request timeout " + request + " ms is over 10 s");
                        assertTrue(backend <= request, where + ": backendRequest is longer than request");
                        assertEquals(
                                upstream,
                                backend,
                                where + ": backendRequest is not the gateway's upstream response timeout");
                        assertTrue(
                                backend > 8_000,
                                where + ": backendRequest would cut the services' own 503 (8 s request deadline)");
                    }));
            for (String app : APPS) {
                JsonNode c = container(overlay, app);
                JsonNode ready = c.path("readinessProbe");
                JsonNode live = c.path("livenessProbe");
                assertTrue(
                        ready.path("periodSeconds").asInt(10)
                                        * ready.path("failureThreshold").asInt(3)
                                <= 15,
                        overlay + " " + app + ": readiness takes more than 15 s to notice a lost dependency");
                assertTrue(
                        live.path("periodSeconds").asInt(10)
                                        * live.path("failureThreshold").asInt(3)
                                >= 60,
                        overlay + " " + app + ": liveness restarts a pod within a minute of trouble");
                assertTrue(
                        live.path("timeoutSeconds").asInt(1) >= 3,
                        overlay + " " + app + ": liveness timeout under 3 s");
            }
        }
    }

    /** A Gateway API duration ("10s", "9500ms", "1m30s") or a Quarkus one of the same units, in milliseconds. */
    static long millis(String duration) {
        var m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(duration);
        long total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> n * 3_600_000;
                case "m" -> n * 60_000;
                case "s" -> n * 1_000;
                default -> n;
            };
            end = m.end();
        }
        assertTrue(end > 0 && end == duration.length(), "not a duration: " + duration);
        return total;
    }

    @Test
    void prodRunsEveryApplicationTwiceOrMoreWithABudgetAnAutoscalerAndSpread() {
        for (String app : APPS) {
            JsonNode deployment = deployment("prod", app);
            assertTrue(
                    deployment.path("spec").path("replicas").asInt(0) >= 2, app + " has fewer than 2 replicas in prod");
            Map<String, String> labels = labels(
                    deployment.path("spec").path("template").path("metadata").path("labels"));
            assertTrue(
                    ofKind("prod", "PodDisruptionBudget")
                            .anyMatch(p -> selects(p.path("spec").path("selector"), labels)),
                    app + " has no PodDisruptionBudget in prod");
            assertTrue(
                    ofKind("prod", "HorizontalPodAutoscaler")
                            .anyMatch(h -> h.path("spec")
                                    .path("scaleTargetRef")
                                    .path("name")
                                    .asText()
                                    .equals(deployment
                                            .path("metadata")
                                            .path("name")
                                            .asText())),
                    app + " has no HorizontalPodAutoscaler in prod");
            assertFalse(
                    deployment
                            .path("spec")
                            .path("template")
                            .path("spec")
                            .path("affinity")
                            .path("podAntiAffinity")
                            .isMissingNode(),
                    app + " has no pod anti-affinity in prod");
        }
    }

    @Test
    void everyTopicTheServicesNameHasAKafkaTopicWithEnoughPartitions() throws IOException {
        Set<String> named = new TreeSet<>();
        for (String service : SERVICES) {
            Properties p = new Properties();
            try (var in =
                    Files.newInputStream(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
                p.load(in);
            }
            for (String key : p.stringPropertyNames()) {
                if (key.endsWith(".topic") || key.endsWith(".topics")) {
                    for (String t : p.getProperty(key).split(",")) {
                        if (!t.isBlank() && !t.contains("${")) {
                            named.add(t.strip());
                        }
                    }
                }
            }
        }
        Topics.ALL.forEach(t -> {
            named.add(t);
            named.add(Topics.deadLetter(t));
        });
        assertFalse(named.isEmpty());
        for (String overlay : OVERLAYS) {
            Map<String, JsonNode> topics = ofKind(overlay, "KafkaTopic")
                    .collect(Collectors.toMap(
                            t -> t.path("spec")
                                    .path("topicName")
                                    .asText(t.path("metadata").path("name").asText()),
                            t -> t,
                            (a, b) -> a));
            Set<String> missing = new TreeSet<>(named);
            missing.removeAll(topics.keySet());
            assertTrue(missing.isEmpty(), overlay + ": no KafkaTopic for " + missing);
            int mostReplicas = ofKind(overlay, "HorizontalPodAutoscaler")
                    .mapToInt(h -> h.path("spec").path("maxReplicas").asInt())
                    .max()
                    .orElse(OBJECTS.get(overlay).stream()
                            .filter(o -> o.path("kind").asText().equals("Deployment"))
                            .mapToInt(d -> d.path("spec").path("replicas").asInt(1))
                            .max()
                            .orElse(1));
            // dead-letter topics are read by operators, not by a scaled consumer group
            for (String t : named.stream().filter(t -> !t.endsWith(".dlq")).toList()) {
                int partitions = topics.get(t).path("spec").path("partitions").asInt(0);
                assertTrue(
                        partitions >= mostReplicas,
                        overlay + ": " + t + " has " + partitions + " partitions, fewer than the " + mostReplicas
                                + " replicas a consumer group may have");
            }
        }
    }

    @Test
    void everyRouteOfTheRouteTableIsRoutedToItsService() {
        for (String overlay : OVERLAYS) {
            List<JsonNode> rules = new ArrayList<>();
            ofKind(overlay, "HTTPRoute")
                    .forEach(r -> r.path("spec").path("rules").forEach(rules::add));
            List<JsonNode> ingressPaths = new ArrayList<>();
            ofKind(overlay, "Ingress")
                    .forEach(i -> i.path("spec")
                            .path("rules")
                            .forEach(r -> r.path("http").path("paths").forEach(ingressPaths::add)));
            assertFalse(
                    rules.isEmpty() && ingressPaths.isEmpty(), overlay + " has neither an HTTPRoute nor an Ingress");
            for (RouteTable.Route route : RouteTable.load().routes()) {
                String concretePath = route.template().replaceAll("\\{[^/]+}", "x-1");
                if (!ingressPaths.isEmpty()) {
                    assertTrue(
                            ingressPaths.stream().anyMatch(p -> ingressMatches(p, concretePath)),
                            overlay + ": no Ingress path takes " + route.method() + " " + route.path());
                }
                if (rules.isEmpty()) {
                    continue;
                }
                String module = route.service().equals(RouteTable.GATEWAY) ? "gateway" : route.service() + "-service";
                // the route's requests: its path, with each spelling of its query predicate the gateway takes
                // (the value in any case: true, True, TRUE) — none for a plain line
                for (Map<String, String> query : spellings(route.query())) {
                    Set<String> backends = new TreeSet<>();
                    int mostQueryMatches = -1;
                    for (JsonNode rule : rules) {
                        for (JsonNode match : rule.path("matches")) {
                            if (!matches(match, route.method(), concretePath, query)) {
                                continue;
                            }
                            // Gateway API: of matches of the same path and method, the one with more query-parameter
                            // matches wins
                            int queryMatches = match.path("queryParams").size();
                            if (queryMatches > mostQueryMatches) {
                                backends.clear();
                                mostQueryMatches = queryMatches;
                            }
                            if (queryMatches == mostQueryMatches) {
                                rule.path("backendRefs")
                                        .forEach(
                                                b -> backends.add(b.path("name").asText()));
                            }
                        }
                    }
                    assertEquals(
                            Set.of(serviceName(overlay, module)),
                            backends,
                            overlay + ": " + route.method() + " " + route.path() + " " + query + " is routed to "
                                    + backends);
                }
            }
            if (!rules.isEmpty()) {
                // the web console is the gateway's own (Console), not a line of the route table
                Set<String> console = new TreeSet<>();
                for (JsonNode rule : rules) {
                    for (JsonNode match : rule.path("matches")) {
                        if (matches(match, "GET", "/console/js/app.js", Map.of())) {
                            rule.path("backendRefs")
                                    .forEach(b -> console.add(b.path("name").asText()));
                        }
                    }
                }
                assertEquals(
                        Set.of(serviceName(overlay, "gateway")),
                        console,
                        overlay + ": GET /console/* goes to " + console);
            }
            if (!ingressPaths.isEmpty()) {
                assertTrue(
                        ingressPaths.stream().anyMatch(p -> ingressMatches(p, "/console/js/app.js")),
                        overlay + ": no Ingress path takes the console");
            }
            // the Ingress alternative cannot match methods: everything goes to the gateway, which does
            ofKind(overlay, "Ingress")
                    .forEach(i -> i.path("spec")
                            .path("rules")
                            .forEach(r -> r.path("http")
                                    .path("paths")
                                    .forEach(p -> assertEquals(
                                            serviceName(overlay, "gateway"),
                                            p.path("backend")
                                                    .path("service")
                                                    .path("name")
                                                    .asText(),
                                            overlay + ": the Ingress sends "
                                                    + p.path("path").asText() + " past the gateway"))));
        }
    }

    @Test
    void theImagesAreTheBuiltArtifacts() {
        String version = System.getProperty("project.version");
        Pattern image = Pattern.compile("(?:[^/]+/)*entitlements/([a-z-]+):(.+)");
        for (String overlay : OVERLAYS) {
            for (String app : APPS) {
                String ref = container(overlay, app).path("image").asText();
                var m = image.matcher(ref);
                assertTrue(
                        m.matches(),
                        overlay + " " + app + ": image " + ref + " is not <registry>/entitlements/<module>:<tag>");
                assertEquals(app, m.group(1), overlay + " " + app + " runs the image of " + m.group(1));
                assertEquals(
                        version,
                        m.group(2),
                        overlay + " " + app + ": tag " + m.group(2) + " is not the built version " + version);
            }
        }
    }

    @Test
    void theImagesAndPortsAreThoseTheModulesBuildAndListenOn() throws IOException {
        String version = System.getProperty("project.version");
        for (String app : APPS) {
            Properties p = new Properties();
            try (var in =
                    Files.newInputStream(ROOT.resolve(app).resolve("src/main/resources/application.properties"))) {
                p.load(in);
            }
            // what the Jib build names the image (README, Container images)
            String built = p.getProperty("quarkus.container-image.group") + "/"
                    + p.getProperty("quarkus.container-image.name") + ":"
                    + p.getProperty("quarkus.container-image.tag").replace("${quarkus.application.version}", version);
            var port = Pattern.compile("\\$\\{HTTP_PORT:(\\d+)}").matcher(p.getProperty("quarkus.http.port", ""));
            assertTrue(port.matches(), app + ": quarkus.http.port is not ${HTTP_PORT:n}");
            assertEquals(
                    port.group(1),
                    p.getProperty("quarkus.jib.ports"),
                    app + ": the image exposes another port than it listens on");
            for (String overlay : OVERLAYS) {
                JsonNode c = container(overlay, app);
                assertTrue(
                        c.path("image").asText().endsWith("/" + built),
                        overlay + " " + app + " runs " + c.path("image").asText() + ", the build makes " + built);
                String listens = c.path("env").findValues("name").stream()
                                .anyMatch(n -> n.asText().equals("HTTP_PORT"))
                        ? envValue(c, "HTTP_PORT")
                        : port.group(1);
                JsonNode http = null;
                for (JsonNode cp : c.path("ports")) {
                    if (cp.path("name").asText().equals("http")) {
                        http = cp;
                    }
                }
                assertTrue(http != null, overlay + " " + app + " has no port named http");
                assertEquals(
                        listens,
                        http.path("containerPort").asText(),
                        overlay + " " + app + ": containerPort is not the port it listens on");
            }
        }
    }

    @Test
    void everySettingGivenToAnApplicationIsOneItReads() throws IOException {
        for (String app : APPS) {
            String properties =
                    Files.readString(ROOT.resolve(app).resolve("src/main/resources/application.properties"));
            if (SERVICES.contains(app)) {
                // the settings every service shares (the Kafka client's) are read from common's defaults
                properties += Files.readString(
                        ROOT.resolve("common/src/main/resources/META-INF/microprofile-config.properties"));
            }
            for (String overlay : OVERLAYS) {
                JsonNode c = container(overlay, app);
                Set<String> names = new TreeSet<>();
                c.path("env").forEach(e -> names.add(e.path("name").asText()));
                for (JsonNode from : c.path("envFrom")) {
                    String map = from.path("configMapRef").path("name").asText();
                    ofKind(overlay, "ConfigMap")
                            .filter(m ->
                                    m.path("metadata").path("name").asText().equals(map))
                            .forEach(m -> m.path("data").fieldNames().forEachRemaining(names::add));
                }
                for (String name : names) {
                    // Quarkus maps QUARKUS_* itself, and JAVA_* is the image's start script's
                    boolean read = properties.contains("${" + name + ":")
                            || properties.contains("${" + name + "}")
                            || name.startsWith("QUARKUS_")
                            || name.startsWith("JAVA_");
                    assertTrue(
                            read,
                            overlay + " " + app + " is given " + name
                                    + ", which its application.properties never reads");
                }
            }
        }
    }

    private static String envValue(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    /**
     * Replicas guard against a lost node, not against a bad migration or a DELETE: every
     * PostgreSQL cluster archives its WAL and has a scheduled base backup, so it can be restored
     * to a point in time (issue 18; deploy/README.md, Restore).
     */
    @Test
    void everyPostgresClusterArchivesItsWalAndHasAScheduledBackup() {
        for (String overlay : OVERLAYS) {
            List<JsonNode> clusters = ofKind(overlay, "Cluster").toList();
            assertFalse(clusters.isEmpty(), overlay + " has no PostgreSQL Cluster");
            Set<String> scheduled = ofKind(overlay, "ScheduledBackup")
                    .map(b -> b.path("spec").path("cluster").path("name").asText())
                    .collect(Collectors.toSet());
            for (JsonNode cluster : clusters) {
                String name = cluster.path("metadata").path("name").asText();
                JsonNode store = cluster.path("spec").path("backup").path("barmanObjectStore");
                assertFalse(
                        store.path("destinationPath").asText().isBlank(),
                        overlay + ": Cluster " + name + " has no backup destination");
                assertTrue(store.has("wal"), overlay + ": Cluster " + name + " does not archive its WAL");
                assertFalse(
                        cluster.path("spec")
                                .path("backup")
                                .path("retentionPolicy")
                                .asText()
                                .isBlank(),
                        overlay + ": Cluster " + name + " keeps its backups forever");
                assertTrue(scheduled.contains(name), overlay + ": Cluster " + name + " has no ScheduledBackup");
            }
        }
    }

    /**
     * Metrics and alerts (docs/operations.md): in prod a ServiceMonitor scrapes /q/metrics of every
     * application's Service (the gateway's too), a PodMonitor every PostgreSQL instance's exporter,
     * and the PrometheusRule carries the rules file; every overlay renders each dashboard file as a
     * ConfigMap Grafana's sidecar picks up.
     */
    @Test
    void everyApplicationIsScrapedTheRulesAreAppliedAndTheDashboardsRendered() throws IOException {
        for (String overlay : List.of("prod", "prod-keycloak")) {
            for (String app : APPS) {
                String service = serviceName(overlay, app);
                JsonNode labels = ofKind(overlay, "Service")
                        .filter(s -> s.path("metadata").path("name").asText().equals(service))
                        .findFirst()
                        .orElseThrow()
                        .path("metadata")
                        .path("labels");
                assertTrue(
                        ofKind(overlay, "ServiceMonitor")
                                .anyMatch(m -> selects(m.path("spec").path("selector"), labels(labels))
                                        && m.path("spec")
                                                .path("endpoints")
                                                .findValuesAsText("path")
                                                .contains("/q/metrics")),
                        overlay + ": no ServiceMonitor scrapes /q/metrics of " + app);
            }
            assertTrue(
                    ofKind(overlay, "PodMonitor")
                            .anyMatch(m -> m.path("spec")
                                    .path("selector")
                                    .path("matchExpressions")
                                    .findValuesAsText("key")
                                    .contains("cnpg.io/cluster")),
                    overlay + ": no PodMonitor scrapes the PostgreSQL instances");
            List<JsonNode> rules = ofKind(overlay, "PrometheusRule").toList();
            assertEquals(1, rules.size(), overlay + ": PrometheusRules");
            assertEquals(
                    dev.entitlements.infra.test.Observability.rules(ROOT).path("groups"),
                    rules.get(0).path("spec").path("groups"),
                    overlay + ": the PrometheusRule is not the rules file");
        }
        for (String overlay : OVERLAYS) {
            for (Path file : dev.entitlements.infra.test.Observability.dashboardFiles(ROOT)) {
                String key = file.getFileName().toString();
                String json = Files.readString(file);
                assertTrue(
                        ofKind(overlay, "ConfigMap")
                                .anyMatch(m -> m.path("metadata")
                                                .path("labels")
                                                .path("grafana_dashboard")
                                                .asText()
                                                .equals("1")
                                        && json.equals(m.path("data").path(key).asText())),
                        overlay + ": no ConfigMap labelled grafana_dashboard carries " + key);
            }
        }
    }

    @Test
    void noSecretCarriesAValue() throws IOException {
        for (String overlay : OVERLAYS) {
            ofKind(overlay, "Secret").forEach(s -> {
                assertTrue(
                        s.path("data").isMissingNode() || s.path("data").isEmpty(),
                        overlay + ": Secret " + s.path("metadata").path("name").asText() + " carries data");
                assertTrue(
                        s.path("stringData").isMissingNode()
                                || s.path("stringData").isEmpty(),
                        overlay + ": Secret " + s.path("metadata").path("name").asText() + " carries stringData");
            });
        }
        // nor do the sources: a secretGenerator literal would be rendered into a Secret above, a file next to it might
        // not
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy/kubernetes"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertFalse(text.contains("secretGenerator"), f + " generates a Secret from the repository");
            }
        }
    }

    // -- helpers ------------------------------------------------------------------------------------

    private static boolean ingressMatches(JsonNode p, String path) {
        String value = p.path("path").asText("/");
        return switch (p.path("pathType").asText("Prefix")) {
            case "Exact" -> path.equals(value);
            default ->
                value.equals("/") || path.equals(value) || path.startsWith(value.endsWith("/") ? value : value + "/");
        };
    }

    /** A predicate's requests as clients spell them: as written, capitalised and upper case (the gateway reads any case). */
    private static List<Map<String, String>> spellings(Map<String, String> query) {
        if (query.isEmpty()) {
            return List.of(query);
        }
        List<Map<String, String>> spellings = new ArrayList<>();
        for (java.util.function.UnaryOperator<String> spell : List.<java.util.function.UnaryOperator<String>>of(
                v -> v,
                v -> Character.toUpperCase(v.charAt(0)) + v.substring(1),
                v -> v.toUpperCase(java.util.Locale.ROOT))) {
            Map<String, String> spelled = new java.util.LinkedHashMap<>();
            query.forEach((name, value) -> spelled.put(name, spell.apply(value)));
            spellings.add(spelled);
        }
        return spellings;
    }

    private static boolean matches(JsonNode match, String method, String path, Map<String, String> query) {
        if (match.has("method") && !match.path("method").asText().equals(method)) {
            return false;
        }
        for (JsonNode q : match.path("queryParams")) {
            if (!q.path("type").asText("Exact").equals("Exact")) {
                fail("query parameter match type " + q.path("type").asText() + ": routes.txt's predicates are exact");
            }
            if (!q.path("value").asText().equals(query.get(q.path("name").asText()))) {
                return false;
            }
        }
        JsonNode p = match.path("path");
        String type = p.path("type").asText("PathPrefix");
        String value = p.path("value").asText("/");
        return switch (type) {
            case "Exact" -> path.equals(value);
            case "PathPrefix" -> path.equals(value) || path.startsWith(value.endsWith("/") ? value : value + "/");
            case "RegularExpression" -> Pattern.matches(value, path);
            default -> fail("unknown path match type " + type);
        };
    }

    private static String serviceName(String overlay, String app) {
        return ofKind(overlay, "Service")
                .filter(s -> selects(
                        s.path("spec").path("selector"),
                        labels(deployment(overlay, app)
                                .path("spec")
                                .path("template")
                                .path("metadata")
                                .path("labels"))))
                .map(s -> s.path("metadata").path("name").asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no Service selects " + app));
    }

    static JsonNode deployment(String overlay, String app) {
        List<JsonNode> found = ofKind(overlay, "Deployment")
                .filter(d ->
                        d.path("spec").path("template").path("spec").path("containers").findValues("image").stream()
                                .anyMatch(i -> i.asText().contains("/" + app + ":")))
                .toList();
        assertEquals(1, found.size(), overlay + ": " + found.size() + " Deployments run " + app);
        return found.get(0);
    }

    static JsonNode container(String overlay, String app) {
        for (JsonNode c : deployment(overlay, app)
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")) {
            if (c.path("image").asText().contains("/" + app + ":")) {
                return c;
            }
        }
        throw new AssertionError("no container of " + app);
    }

    static Stream<JsonNode> ofKind(String overlay, String kind) {
        return OBJECTS.get(overlay).stream().filter(o -> o.path("kind").asText().equals(kind));
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** Whether a label selector (matchLabels, or a plain map as a Service's) selects these labels. */
    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        JsonNode wanted = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
        if (wanted.isEmpty()) {
            return false;
        }
        return labels(wanted).entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static JsonNode read(String doc) {
        try {
            return YAML.readTree(doc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** fabric8 models keep what they do not know in getAdditionalProperties(): anything there is an unknown field. */
    private static void walk(Object o, String path, List<String> unknown, Set<Object> seen) throws Exception {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), unknown, seen);
            }
            return;
        }
        if (!o.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0
                    || Modifier.isStatic(g.getModifiers())
                    || !g.getName().startsWith("get")
                    || g.getName().equals("getClass")) {
                continue;
            }
            Object v = g.invoke(o);
            if (g.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
                continue;
            }
            walk(v, path + "." + g.getName().substring(3), unknown, seen);
        }
    }

    private static String kubectl() {
        return Stream.of(
                        Optional.ofNullable(System.getenv("KUBECTL")).orElse(""),
                        "/usr/lib/google-cloud-sdk/bin/kubectl",
                        "/usr/local/bin/kubectl",
                        "/usr/bin/kubectl")
                .filter(p -> !p.isEmpty() && Files.isExecutable(Path.of(p)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("kubectl (for kustomize) not found: set KUBECTL"));
    }

    private static void run(List<String> cmd) throws Exception {
        run(cmd, Path.of(".").toAbsolutePath());
    }

    private static void run(List<String> cmd, Path dir) throws Exception {
        Path log = Files.createTempFile("deploy-tests", ".log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish");
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n"
                    + out.lines().filter(l -> !l.startsWith("OK ")).collect(Collectors.joining("\n")));
        }
    }
}
