package dev.entitlements.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import dev.entitlements.gateway.RouteTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real answers of every operation, through the gateway of the running platform, against the
 * OpenAPI document the gateway publishes ({@code GET /q/openapi}): the status must be one the
 * operation declares and the body must validate against the declared schema (networknt
 * json-schema-validator, OpenAPI 3.1 dialect, formats asserted). Response schemas are closed
 * ({@code additionalProperties: false}, every field required unless it is left out when null), so
 * a field the service sends but the document does not declare, a declared field it leaves out, or
 * a null where the document promises a value fails here. Each route is called with the valid request
 * of {@link Endpoints} (the table that covers routes.txt), plus the media-type and shape variants a
 * route has, and once without a token (the error body).
 */
class OpenApiResponsesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOC_URI = "https://entitlements.local/openapi.json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String gateway;
    private static Api api;
    private static Family family;
    private static JsonNode document;
    private static JsonSchemaFactory factory;

    @BeforeAll
    static void platform() throws Exception {
        PlatformStack stack = PlatformStack.shared();
        gateway = stack.gatewayUrl();
        api = new Api(gateway);
        family = new Family(stack.issuer(), api).create();
        String published = get("/q/openapi?format=json", "*/*").body();
        document = JSON.readTree(published);
        factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(OpenApi31.getInstance())
                        .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                        .schemaLoaders(loaders -> loaders.schemas(Map.of(DOC_URI, published))));
    }

    @Test
    void theGatewayPublishesTheCommittedDocumentAsJsonAndYaml() throws Exception {
        JsonNode committed = OpenApiMerge.read(OpenApiMerge.root().resolve(OpenApiMerge.SNAPSHOT));
        assertEquals(committed, document);
        HttpResponse<String> json = get("/q/openapi", "application/json");
        assertTrue(
                json.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                json.headers().toString());
        assertEquals(committed, JSON.readTree(json.body()));
        HttpResponse<String> yaml = get("/q/openapi", "*/*");
        assertTrue(
                yaml.headers().firstValue("content-type").orElse("").startsWith("application/yaml"),
                yaml.headers().toString());
        assertEquals(committed, new YAMLMapper().readTree(yaml.body()));
        assertEquals(200, get("/q/swagger-ui/swagger-ui-bundle.js", "*/*").statusCode());
        assertEquals(404, get("/q/swagger-ui/..%2Froutes.txt", "*/*").statusCode());
    }

    @TestFactory
    Stream<DynamicTest> everyOperationAnswersWhatTheDocumentSays() {
        List<DynamicTest> tests = new ArrayList<>();
        // every line of the route table, a query predicate's too (D2/D5 refresh=true: the sync service's 202)
        for (RouteTable.Route route : RouteTable.load().routes()) {
            if (route.service().equals(RouteTable.GATEWAY)) {
                continue;
            }
            String key = route.method() + " " + route.path();
            Endpoints.Endpoint e = Endpoints.ALL.get(key);
            assertTrue(e != null, "no request for " + key + " in Endpoints");
            String template = OpenApiSnapshotTests.template(route.path());
            String token = family.token(route.roles().iterator().next());
            tests.add(dynamicTest(key, () -> {
                Endpoints.Request r = e.request().apply(family);
                check(template, e.method(), r.path(), token, r.body(), Map.of(), e.success());
            }));
            tests.add(dynamicTest(key + " without a token", () -> {
                Endpoints.Request r = e.request().apply(family);
                check(template, e.method(), r.path(), null, r.body(), Map.of(), 401);
            }));
        }
        for (Variant v : variants()) {
            tests.add(dynamicTest(
                    v.name, () -> check(v.template, v.method, v.path, v.token, v.body, v.headers, v.status)));
        }
        return tests.stream();
    }

    /** Other shapes of the same operations: older media types, a customer's view, one result or many, device details. */
    private static List<Variant> variants() {
        String admin = family.admin;
        String customer = family.customerToken("PRIME_ADMIN");
        String v1 = "application/vnd.ruckus.v1+json";
        String v11 = "application/vnd.ruckus.v1.1+json";
        Map<String, String> delegated = Map.of("x-rks-tenantid", family.customer);
        String availability = "{\"operator\": \"%s\", \"effectiveDate\": \"" + Family.TODAY
                + "\", \"expirationDate\": \"" + Family.TODAY.plusDays(10)
                + "\", \"quantity\": 1, \"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": %s}}";
        return List.of(
                new Variant(
                        "banners v1 (legacy shape)",
                        "/entitlements/banners/query",
                        "POST",
                        "/entitlements/banners/query",
                        admin,
                        "{}",
                        Map.of("Accept", v1, "Content-Type", v1),
                        200),
                new Variant(
                        "banners v1.1",
                        "/entitlements/banners/query",
                        "POST",
                        "/entitlements/banners/query",
                        admin,
                        "{}",
                        Map.of("Accept", v11, "Content-Type", v11),
                        200),
                new Variant(
                        "utilizations v1",
                        "/entitlements/utilizations/query",
                        "POST",
                        "/entitlements/utilizations/query",
                        admin,
                        "{\"filters\": {\"usageType\": \"ASSIGNED\"}}",
                        Map.of("Accept", v1, "Content-Type", v1),
                        200),
                new Variant(
                        "utilizations of a customer",
                        "/entitlements/utilizations/query",
                        "POST",
                        "/entitlements/utilizations/query",
                        customer,
                        "{}",
                        Map.of(),
                        200),
                new Variant(
                        "compliance of a customer",
                        "/entitlements/compliances/query",
                        "POST",
                        "/entitlements/compliances/query",
                        customer,
                        "{\"filters\": {}}",
                        Map.of(),
                        200),
                new Variant(
                        "compliance, MSP acting for its customer",
                        "/entitlements/compliances/query",
                        "POST",
                        "/entitlements/compliances/query",
                        admin,
                        "{\"filters\": {}}",
                        delegated,
                        200),
                new Variant(
                        "entitlements of a customer",
                        "/entitlements/query",
                        "POST",
                        "/entitlements/query",
                        admin,
                        "{\"fields\": [\"sku\"]}",
                        delegated,
                        200),
                new Variant(
                        "entitlements, counts only",
                        "/entitlements/query",
                        "POST",
                        "/entitlements/query?excludeContent=true",
                        admin,
                        "{}",
                        Map.of(),
                        200),
                new Variant(
                        "availability, MAX_PERIOD, one license type",
                        "/entitlements/availabilityReports/query",
                        "POST",
                        "/entitlements/availabilityReports/query",
                        admin,
                        availability.formatted("MAX_PERIOD", "\"APSW\""),
                        Map.of(),
                        200),
                new Variant(
                        "availability, several license types",
                        "/entitlements/availabilityReports/query",
                        "POST",
                        "/entitlements/availabilityReports/query",
                        admin,
                        availability.formatted("MAX_QUANTITY", "[\"APSW\", \"EDGE_SECL\"]"),
                        Map.of(),
                        200),
                new Variant(
                        "mileage, self",
                        "/entitlements/mileageReports/query",
                        "POST",
                        "/entitlements/mileageReports/query",
                        admin,
                        "{\"page\": 1, \"pageSize\": 24, \"filters\": {\"usageType\": \"SELF\", \"licenseType\": \"APSW\"}}",
                        Map.of(),
                        200),
                new Variant(
                        "usage report with devices, paged",
                        "/entitlements/licenseUsageReports",
                        "GET",
                        "/entitlements/licenseUsageReports?deviceDetails=true&page=1&pageSize=5&startDate="
                                + Family.TODAY.minusDays(7) + "&endDate=" + Family.TODAY,
                        admin,
                        null,
                        Map.of(),
                        200),
                new Variant(
                        "usage report of one customer",
                        "/entitlements/licenseUsageReports",
                        "GET",
                        "/entitlements/licenseUsageReports?mspEcTenantId=" + family.customer,
                        admin,
                        null,
                        Map.of(),
                        200),
                new Variant(
                        "attention notes, unknown filter tolerated",
                        "/entitlements/attentionNotes/query",
                        "POST",
                        "/entitlements/attentionNotes/query",
                        admin,
                        "{\"filters\": {\"usageType\": \"ASSIGNED\"}}",
                        Map.of(),
                        200),
                new Variant(
                        "a bad value: the error body",
                        "/entitlements/query",
                        "POST",
                        "/entitlements/query",
                        admin,
                        "{\"page\": \"one\"}",
                        Map.of(),
                        400),
                new Variant(
                        "an unknown assignment: the error body",
                        "/tenants/self/entitlements/assignments/{id}",
                        "DELETE",
                        "/tenants/self/entitlements/assignments/999999999",
                        admin,
                        null,
                        Map.of(),
                        404));
    }

    private record Variant(
            String name,
            String template,
            String method,
            String path,
            String token,
            String body,
            Map<String, String> headers,
            int status) {}

    private static void check(
            String template,
            String method,
            String path,
            String token,
            String body,
            Map<String, String> headers,
            int expected)
            throws Exception {
        Api.Answer answer = api.call(method, path, token, body, headers);
        String where = method + " " + path + " → " + answer;
        assertEquals(expected, answer.status(), where);
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase());
        assertFalse(operation.isMissingNode(), "no operation " + method + " " + template + " in the document");
        JsonNode response = operation.path("responses").path(String.valueOf(answer.status()));
        assertFalse(response.isMissingNode(), "the document does not declare " + answer.status() + " for " + where);
        if (!response.has("content")) {
            assertTrue(answer.body().isEmpty(), "the document declares no body: " + where);
            return;
        }
        String accept = headers.getOrDefault("Accept", "application/json");
        String mediaType = answer.status() >= 400
                ? "application/json"
                : response.path("content").has(accept)
                        ? accept
                        : response.path("content").fieldNames().next();
        assertTrue(response.path("content").has(mediaType), "no " + mediaType + " content declared: " + where);
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/" + answer.status()
                + "/content/" + escape(mediaType) + "/schema";
        JsonSchema schema = factory.getSchema(
                SchemaLocation.of(DOC_URI + "#" + pointer),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        Set<ValidationMessage> errors = schema.validate(JSON.readTree(answer.body()));
        assertEquals(
                Set.of(),
                errors.stream()
                        .map(ValidationMessage::toString)
                        .collect(Collectors.toCollection(java.util.TreeSet::new)),
                where);
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway + path))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
