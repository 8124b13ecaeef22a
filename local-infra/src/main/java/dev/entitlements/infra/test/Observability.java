package dev.entitlements.infra.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The observability files of deploy/: the alert rules ({@value #RULES}, one source for promtool,
 * {@code ./run --observe} and the PrometheusRule) and the Grafana dashboards ({@value #DASHBOARDS}),
 * with every PromQL query they hold, for the tests that check them against promtool and against what
 * the services really expose.
 */
public final class Observability {

    /** The alert rules, relative to the project root. */
    public static final String RULES = "deploy/observability/prometheus/rules.yaml";
    /** Their promtool unit tests. */
    public static final String RULE_TESTS = "deploy/observability/prometheus/rules.test.yaml";
    /** The Grafana dashboards (one JSON file each), relative to the project root. */
    public static final String DASHBOARDS = "deploy/kubernetes/components/dashboards/dashboards";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A PromQL query and where it is: {@code rules.yaml: ApiErrorRateHigh}, {@code overview.json: <panel title>}. */
    public record Query(String where, String expr) {}

    private Observability() {}

    /** The rules file, parsed. */
    public static JsonNode rules(Path root) {
        return read(YAML, root.resolve(RULES));
    }

    /** Every dashboard file. */
    public static List<Path> dashboardFiles(Path root) {
        try (Stream<Path> files = Files.list(root.resolve(DASHBOARDS))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode dashboard(Path file) {
        return read(JSON, file);
    }

    /** Every query of the rules file and the dashboards. */
    public static List<Query> queries(Path root) {
        List<Query> queries = new ArrayList<>(ruleQueries(root));
        for (Path file : dashboardFiles(root)) {
            queries.addAll(dashboardQueries(file));
        }
        return queries;
    }

    /** The expression of every rule (alert or recording) of the rules file. */
    public static List<Query> ruleQueries(Path root) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode group : rules(root).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert")
                        ? rule.path("alert").asText()
                        : rule.path("record").asText();
                queries.add(new Query("rules.yaml: " + name, rule.path("expr").asText()));
            }
        }
        return queries;
    }

    /** The expression of every panel target (rows' panels included) and the PromQL of every query variable. */
    public static List<Query> dashboardQueries(Path file) {
        JsonNode dashboard = dashboard(file);
        String name = file.getFileName().toString();
        List<Query> queries = new ArrayList<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.has("expr")) {
                    queries.add(new Query(
                            name + ": " + panel.path("title").asText(),
                            target.path("expr").asText()));
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode q = variable.path("query");
                String query = q.isObject() ? q.path("query").asText() : q.asText();
                String expr = PromQl.ofVariableQuery(query);
                if (!expr.isBlank()) {
                    queries.add(new Query(
                            name + ": variable " + variable.path("name").asText(), expr));
                }
            }
        }
        return queries;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
