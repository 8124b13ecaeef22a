package dev.entitlements.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the public API's one OpenAPI document from the four documents the services generate at
 * build time ({@code <module>/target/openapi/openapi.json}, {@code
 * quarkus.smallrye-openapi.store-schema-directory}): their paths and schemas side by side, the
 * gateway as the one server (a relative URL: "Try it out" goes to whoever serves the page), one
 * bearer (JWT) security scheme instead of each service's OIDC one (roles kept per operation, as
 * OpenAPI 3.1 allows for non-OAuth schemes), and no schema that nothing refers to. Keys are
 * sorted, so the document only changes when the API does.
 */
final class OpenApiMerge {

    static final String SCHEME = "bearerAuth";
    /** The document the gateway serves ({@code GET /q/openapi}), committed. */
    static final String SNAPSHOT = "gateway/src/main/resources/openapi/openapi.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String REF = "#/components/schemas/";

    private OpenApiMerge() {}

    static Path root() {
        return Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** The merged document from the services' generated ones. */
    static ObjectNode merged(Path root) {
        List<JsonNode> docs = new ArrayList<>();
        for (String module : new java.util.TreeSet<>(PlatformStack.MODULES.values())) {
            Path file = root.resolve(module).resolve("target/openapi/openapi.json");
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(
                        file + " is missing: build the services first (./mvnw package -DskipTests);"
                                + " each writes its document at build time");
            }
            docs.add(read(file));
        }
        return merge(docs);
    }

    static ObjectNode merge(List<JsonNode> docs) {
        ObjectNode out = JSON.createObjectNode();
        out.put("openapi", docs.get(0).path("openapi").asText("3.1.0"));
        ObjectNode info = out.putObject("info");
        info.put("title", "Entitlements API");
        info.put("version", "0.2.0");
        info.put(
                "description",
                "The RUCKUS One \"Manage Entitlements\" API (v0.2.0) as this platform serves it, through its gateway. "
                        + "Every call needs a bearer token: `./run` prints some (and `./run token TENANT TYPE ROLE` mints more), or "
                        + "`POST /oauth2/token/{tenantId}` exchanges client credentials for one. Press Authorize and paste the token. "
                        + "Deprecated operations (D1–D7) are served with Deprecation, Sunset and Link headers.");
        out.putArray("servers").addObject().put("url", "/").put("description", "this gateway");
        out.putArray("security").addObject().putArray(SCHEME);
        Map<String, JsonNode> tags = new TreeMap<>();
        Map<String, JsonNode> paths = new TreeMap<>();
        Map<String, JsonNode> schemas = new TreeMap<>();
        for (JsonNode doc : docs) {
            doc.path("tags").forEach(t -> tags.putIfAbsent(t.path("name").asText(), t));
            doc.path("paths").fields().forEachRemaining(p -> {
                ObjectNode item = (ObjectNode) paths.computeIfAbsent(p.getKey(), k -> JSON.createObjectNode());
                p.getValue()
                        .fields()
                        .forEachRemaining(op -> item.set(
                                op.getKey(),
                                item.has(op.getKey())
                                        ? combined(
                                                op.getKey().toUpperCase() + " " + p.getKey(),
                                                item.get(op.getKey()),
                                                operation(op.getValue()))
                                        : operation(op.getValue())));
            });
            // only what the service's own paths use: a service's index also holds shared types it does not answer with
            Map<String, JsonNode> own = new TreeMap<>();
            doc.path("components").path("schemas").fields().forEachRemaining(s -> own.put(s.getKey(), s.getValue()));
            Set<String> ownUsed = used(doc.path("paths"), own);
            own.entrySet().stream().filter(s -> ownUsed.contains(s.getKey())).forEach(s -> {
                JsonNode before = schemas.putIfAbsent(s.getKey(), s.getValue());
                if (before != null && !before.equals(s.getValue())) {
                    throw new IllegalStateException("schema " + s.getKey()
                            + " differs between services: give one another name" + " (@Schema(name = ...))");
                }
            });
        }
        ArrayNode tagList = out.putArray("tags");
        tags.values().forEach(tagList::add);
        ObjectNode pathNode = out.putObject("paths");
        paths.forEach(pathNode::set);
        ObjectNode components = out.putObject("components");
        ObjectNode schemaNode = components.putObject("schemas");
        Set<String> used = used(pathNode, schemas);
        schemas.forEach((name, schema) -> {
            if (used.contains(name)) {
                schemaNode.set(name, schema);
            }
        });
        components
                .putObject("securitySchemes")
                .putObject(SCHEME)
                .put("type", "http")
                .put("scheme", "bearer")
                .put("bearerFormat", "JWT")
                .put(
                        "description",
                        "A token printed by ./run, or from POST /oauth2/token/{tenantId}; tenant and roles come from its "
                                + "claims tenantId, tenantType and groups");
        return out;
    }

    /** The operation with the gateway's security scheme in place of the service's, roles kept. */
    private static JsonNode operation(JsonNode op) {
        ObjectNode copy = op.deepCopy();
        if (copy.has("security")) {
            ArrayNode security = JSON.createArrayNode();
            for (JsonNode requirement : copy.get("security")) {
                Set<String> roles = new LinkedHashSet<>();
                requirement.elements().forEachRemaining(scopes -> scopes.forEach(r -> roles.add(r.asText())));
                ArrayNode list = security.addObject().putArray(SCHEME);
                roles.forEach(list::add);
            }
            copy.set("security", security);
        }
        return copy;
    }

    /**
     * One method and path served by two services, told apart by a query parameter in the gateway's
     * route table (D2/D5: {@code refresh=true} goes to sync-service): one operation for the client,
     * the read's ({@code getSummary_1}), with the other's answers ({@code getSummary_1_refresh}: 202)
     * and parameters added.
     */
    private static JsonNode combined(String route, JsonNode a, JsonNode b) {
        String idA = a.path("operationId").asText();
        String idB = b.path("operationId").asText();
        ObjectNode main = (ObjectNode) (idB.startsWith(idA + "_") ? a : idA.startsWith(idB + "_") ? b : null);
        if (main == null) {
            throw new IllegalStateException(route + " is in two services' documents as " + idA + " and " + idB
                    + ": one operationId must be the other's with a suffix (_refresh)");
        }
        JsonNode other = main == a ? b : a;
        ObjectNode merged = main.deepCopy();
        ObjectNode responses = (ObjectNode) merged.get("responses");
        other.path("responses").fields().forEachRemaining(r -> {
            if (!responses.has(r.getKey())) {
                responses.set(r.getKey(), r.getValue());
            }
        });
        ArrayNode parameters =
                merged.has("parameters") ? (ArrayNode) merged.get("parameters") : merged.putArray("parameters");
        Set<String> names = new LinkedHashSet<>();
        parameters.forEach(
                p -> names.add(p.path("in").asText() + " " + p.path("name").asText()));
        other.path("parameters").forEach(p -> {
            if (names.add(p.path("in").asText() + " " + p.path("name").asText())) {
                parameters.add(p);
            }
        });
        return merged;
    }

    /** The schemas the paths refer to, directly or through other schemas. */
    private static Set<String> used(JsonNode paths, Map<String, JsonNode> schemas) {
        Set<String> used = new LinkedHashSet<>();
        List<JsonNode> todo = new ArrayList<>(List.of(paths));
        while (!todo.isEmpty()) {
            JsonNode n = todo.remove(todo.size() - 1);
            if (n.isObject()) {
                JsonNode ref = n.get("$ref");
                if (ref != null && ref.isTextual() && ref.asText().startsWith(REF)) {
                    String name = ref.asText().substring(REF.length());
                    if (used.add(name) && schemas.containsKey(name)) {
                        todo.add(schemas.get(name));
                    }
                }
            }
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                todo.add(it.next());
            }
        }
        return used;
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode doc) {
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
