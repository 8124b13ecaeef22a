package dev.entitlements.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.entitlements.gateway.RouteTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's OpenAPI document (issue 17, contract first) is the merge of what the four services
 * generate at build time, and it agrees with the route table and the vendor's contract.
 * <p>
 * When the API changes on purpose, the committed document is brought up to date with
 * {@code ./mvnw -pl security-tests -am package -DskipTests} and then
 * {@code ./mvnw -pl security-tests -am test -Dtest=OpenApiSnapshotTests -Dsurefire.failIfNoSpecifiedTests=false
 * -Dopenapi.snapshot.update=true}
 * (the services must have been built: each writes its own document then); review the diff.
 */
class OpenApiSnapshotTests {

    /** The vendor's operationIds (contract §3, docs/decisions.md Client compatibility) and ours for what the contract has no id for. */
    static final Map<String, String> OPERATION_IDS = new LinkedHashMap<>();

    static {
        OPERATION_IDS.put("POST /entitlements/utilizations/query", "getSummary"); // E1
        OPERATION_IDS.put("POST /entitlements/query", "getEntitlements"); // E2
        OPERATION_IDS.put("POST /entitlements/mileageReports/query", "licenseMileageReports"); // E3
        OPERATION_IDS.put("POST /entitlements/compliances/query", "getCompliances"); // E4
        OPERATION_IDS.put("POST /entitlements/banners/query", "getBanners"); // E5
        OPERATION_IDS.put("POST /entitlements/availabilityReports/query", "licenseAvailabilityReports"); // E6
        OPERATION_IDS.put("POST /entitlements/attentionNotes/query", "queryAttentionNote"); // E7
        OPERATION_IDS.put("PATCH /entitlements", "syncEntitlements"); // E8
        OPERATION_IDS.put("GET /entitlements/licenseUsageReports", "getUsageReport"); // E9
        OPERATION_IDS.put(
                "POST /tenants/{tenantId}/entitlements/assignments/query", "getEntitlementAssignments"); // E10
        OPERATION_IDS.put("POST /tenants/self/entitlements/assignments", "createEntitlementAssignment"); // E11
        OPERATION_IDS.put("POST /tenants/self/entitlements/assignments/query", "getSelfEntitlementAssignments"); // E12
        OPERATION_IDS.put("DELETE /tenants/self/entitlements/assignments/{id}", "deleteEntitlementAssignment"); // E13
        OPERATION_IDS.put("PATCH /tenants/self/entitlements/assignments/{id}", "updateEntitlementAssignment"); // E14
        OPERATION_IDS.put("GET /entitlements/settings", "getUsageSettings"); // E15 (the contract shows no id)
        OPERATION_IDS.put("PATCH /entitlements/settings", "updateUsageSettings"); // E16 (the contract shows no id)
        OPERATION_IDS.put("GET /entitlements", "getEntitlements_1"); // D1
        OPERATION_IDS.put("GET /entitlements/summaries", "getSummary_1"); // D2
        OPERATION_IDS.put("GET /banners", "getBanners_1"); // D3
        OPERATION_IDS.put("GET /mspEntitlements", "getMspEntitlements"); // D4
        OPERATION_IDS.put("GET /mspEntitlements/summaries", "syncMspEntitlements"); // D5
        OPERATION_IDS.put("GET /assignments/summaries", "getAssignmentsSummary"); // D6
        OPERATION_IDS.put("DELETE /assignments", "revokeBulkAssignment"); // D7
        // beyond the contract (docs/decisions.md): assignments to a managed customer, the sync status, the purchase
        // webhook
        OPERATION_IDS.put("POST /tenants/{tenantId}/entitlements/assignments", "createTenantAssignment");
        OPERATION_IDS.put("PATCH /tenants/{tenantId}/entitlements/assignments/{id}", "updateTenantAssignment");
        OPERATION_IDS.put("DELETE /tenants/{tenantId}/entitlements/assignments/{id}", "deleteTenantAssignment");
        OPERATION_IDS.put("GET /entitlements/syncRequests/{requestId}", "getSyncRequest");
        OPERATION_IDS.put("POST /licensing/purchases", "importPurchases");
        // the audit trail (ADR 0015)
        OPERATION_IDS.put("GET /audit/events", "getAuditEvents");
        // capacity against assignments over time (issue 21)
        OPERATION_IDS.put("POST /entitlements/capacityTimelines/query", "queryCapacityTimelines");
    }

    private static JsonNode committed;

    @BeforeAll
    static void document() throws IOException {
        Path root = OpenApiMerge.root();
        String merged = OpenApiMerge.write(OpenApiMerge.merged(root));
        Path snapshot = root.resolve(OpenApiMerge.SNAPSHOT);
        if (Boolean.getBoolean("openapi.snapshot.update")) {
            Files.createDirectories(snapshot.getParent());
            Files.writeString(snapshot, merged, StandardCharsets.UTF_8);
            System.out.println("openapi: wrote " + snapshot);
        }
        committed = OpenApiMerge.read(snapshot);
    }

    @Test
    void theCommittedDocumentIsWhatTheServicesGenerate() throws IOException {
        Path root = OpenApiMerge.root();
        String merged = OpenApiMerge.write(OpenApiMerge.merged(root));
        String snapshot = Files.readString(root.resolve(OpenApiMerge.SNAPSHOT), StandardCharsets.UTF_8);
        assertEquals(
                snapshot,
                merged,
                "the API changed but " + OpenApiMerge.SNAPSHOT + " did not: review the change and update it"
                        + " with -Dopenapi.snapshot.update=true (see this class)");
    }

    @Test
    void everyRouteIsAnOperationAndEveryOperationARoute() {
        Set<String> routes = RouteTable.load().routes().stream()
                .filter(r -> !r.service().equals(RouteTable.GATEWAY))
                .map(r -> r.method() + " " + template(r.path()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(routes, new TreeSet<>(operations().keySet()));
    }

    @Test
    void operationIdsAreTheVendors() {
        Map<String, String> ids = new TreeMap<>();
        operations()
                .forEach((route, op) -> ids.put(route, op.path("operationId").asText(null)));
        assertEquals(new TreeMap<>(OPERATION_IDS), ids);
    }

    @Test
    void everyOperationNeedsTheBearerTokenAndTheDeprecatedOnesSaySo() {
        assertEquals(
                "http",
                committed
                        .at("/components/securitySchemes/" + OpenApiMerge.SCHEME + "/type")
                        .asText());
        assertEquals(
                "bearer",
                committed
                        .at("/components/securitySchemes/" + OpenApiMerge.SCHEME + "/scheme")
                        .asText());
        assertEquals(
                "/",
                committed.at("/servers/0/url").asText(),
                "relative: Try it out goes to the gateway that serves the page");
        operations().forEach((route, op) -> {
            assertTrue(
                    op.path("security").toString().contains(OpenApiMerge.SCHEME), route + " has no bearer requirement");
            boolean deprecated = List.of(
                            "getEntitlements_1",
                            "getSummary_1",
                            "getBanners_1",
                            "getMspEntitlements",
                            "syncMspEntitlements",
                            "getAssignmentsSummary",
                            "revokeBulkAssignment")
                    .contains(op.path("operationId").asText());
            assertEquals(deprecated, op.path("deprecated").asBoolean(false), route + " deprecated");
        });
    }

    /**
     * Responses are closed (every property declared, all that are always sent required, nothing
     * else allowed); requests stay open, as the tolerant reader reads them.
     */
    @Test
    void responseSchemasAreClosedAndRequestSchemasOpen() {
        List<String> problems = new ArrayList<>();
        operations().forEach((route, op) -> {
            op.path("responses")
                    .fields()
                    .forEachRemaining(r -> r.getValue().path("content").fields().forEachRemaining(c -> {
                        for (JsonNode object : objects(c.getValue().path("schema"))) {
                            if (!object.path("additionalProperties").isBoolean()
                                    || object.path("additionalProperties").asBoolean()) {
                                problems.add(route + " " + r.getKey() + " " + c.getKey() + ": open object "
                                        + object.path("properties").fieldNames().next());
                            }
                            if (!object.has("required")) {
                                problems.add(route + " " + r.getKey() + ": nothing required in "
                                        + object.path("properties"));
                            }
                        }
                    }));
            op.path("requestBody").path("content").fields().forEachRemaining(c -> {
                for (JsonNode object : objects(c.getValue().path("schema"))) {
                    if (object.path("additionalProperties").isBoolean()
                            && !object.path("additionalProperties").asBoolean()) {
                        problems.add(route + " request: closed object " + object.path("properties"));
                    }
                }
            });
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void queryItemsAreTypedRecordsNotMaps() {
        for (String route : List.of(
                "POST /entitlements/query",
                "POST /entitlements/attentionNotes/query",
                "POST /tenants/self/entitlements/assignments/query",
                "POST /tenants/{tenantId}/entitlements/assignments/query",
                "GET /audit/events")) {
            JsonNode schema = resolve(operations().get(route).at("/responses/200/content/application~1json/schema"));
            JsonNode item = resolve(schema.at("/properties/data/items"));
            assertTrue(item.path("properties").size() >= 10, route + ": items " + item);
            assertFalse(item.path("additionalProperties").asBoolean(true), route);
        }
    }

    /** A route's path without its query predicate ({@code ?refresh=true} picks a service, not another operation). */
    static String template(String routePath) {
        int q = routePath.indexOf('?');
        return q < 0 ? routePath : routePath.substring(0, q);
    }

    /** "METHOD /path" → operation, of the committed document. */
    static Map<String, JsonNode> operations() {
        return operations(committed);
    }

    static Map<String, JsonNode> operations(JsonNode doc) {
        Map<String, JsonNode> ops = new TreeMap<>();
        doc.path("paths")
                .fields()
                .forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
                    if (List.of("get", "put", "post", "delete", "patch", "head", "options")
                            .contains(m.getKey())) {
                        ops.put(m.getKey().toUpperCase() + " " + p.getKey(), m.getValue());
                    }
                }));
        return ops;
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            s = committed.at(
                    "/components/schemas/" + s.get("$ref").asText().substring("#/components/schemas/".length()));
        }
        return s;
    }

    /** The object schemas (with properties) reachable from a schema. */
    private static List<JsonNode> objects(JsonNode root) {
        List<JsonNode> found = new ArrayList<>();
        Set<String> refs = new TreeSet<>();
        List<JsonNode> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode n = todo.remove(todo.size() - 1);
            if (n.isObject() && n.has("$ref") && refs.add(n.get("$ref").asText())) {
                todo.add(resolve(n));
            }
            if (n.isObject()
                    && n.path("properties").isObject()
                    && n.path("properties").size() > 0) {
                found.add(n);
            }
            if (n.isObject()) {
                for (String key : List.of("properties", "items", "oneOf", "anyOf", "allOf", "additionalProperties")) {
                    JsonNode child = n.get(key);
                    if (child == null) {
                        continue;
                    }
                    if (key.equals("properties")) {
                        child.elements().forEachRemaining(todo::add);
                    } else if (child.isArray()) {
                        child.elements().forEachRemaining(todo::add);
                    } else {
                        todo.add(child);
                    }
                }
            }
        }
        return found;
    }
}
