package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /q/openapi} describes every endpoint of the service, its schemas, and its error answers with examples. */
@QuarkusTest
class OpenApiTests {

    private static final Map<String, String> OPERATIONS = Map.of(
            "/entitlements/query", "post",
            "/entitlements/banners/query", "post",
            "/entitlements/attentionNotes/query", "post",
            "/entitlements/settings", "patch",
            "/mspEntitlements", "get",
            "/audit/events", "get");

    @Test
    void everyEndpointHasItsSchemasAndDocumentedErrorsWithExamples() {
        JsonPath doc = given().when()
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        OPERATIONS.forEach((path, method) -> {
            Map<String, Object> op = doc.getMap("paths.'" + path + "'." + method);
            assertNotNull(op, method + " " + path);
            assertNotNull(doc.get("paths.'" + path + "'." + method + ".responses.'200'"), path + " 200");
            for (String status : List.of("401", "403", "500")) {
                Map<String, Object> example = doc.getMap("paths.'" + path + "'." + method + ".responses.'" + status
                        + "'.content.'application/json'.example");
                assertNotNull(example, path + " " + status);
                assertTrue(((List<?>) example.get("errors")).size() == 1, path + " " + status);
            }
        });
        assertNotNull(doc.get("paths.'/entitlements/settings'.get"));
        assertEquals(
                "ENTITLEMENT-10002",
                doc.getString(
                        "paths.'/entitlements/query'.post.responses.'400'.content.'application/json'.example.errors[0].code"));
        assertNotNull(doc.get("paths.'/entitlements/query'.post.responses.'415'"));
        assertEquals(true, doc.getBoolean("paths.'/mspEntitlements'.get.deprecated"));
        Map<String, Object> schemas = doc.getMap("components.schemas");
        for (String schema : List.of(
                "QueryRequest",
                "QueryResponseEntitlementItem",
                "EntitlementItem",
                "Banner",
                "LegacyBanner",
                "MspEntitlement",
                "UsageSetting",
                "UsageSettingChange",
                "QueryResponseAuditEvent",
                "AuditEvent",
                "BannerRequest",
                "ErrorResponse",
                "ErrorDto")) {
            assertTrue(schemas.containsKey(schema), schema);
        }
        assertNotNull(
                doc.get("components.schemas.QueryRequest.properties.filters.examples"),
                "the envelope carries examples");
    }
}
