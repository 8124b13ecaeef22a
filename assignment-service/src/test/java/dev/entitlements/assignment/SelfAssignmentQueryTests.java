package dev.entitlements.assignment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The self-assignment query envelope against real rows in PostgreSQL. */
@QuarkusTest
class SelfAssignmentQueryTests {

    private static final String PATH = "/tenants/self/entitlements/assignments/query";
    private static final Instant NOW = Instant.now();

    private String tenant;
    private long valid;
    private long future;
    private long expired;
    private long revoked;

    @BeforeEach
    void arrange() {
        tenant = "msp-" + UUID.randomUUID();
        valid = insert(tenant, "APSW", false, 5, NOW.minus(1, ChronoUnit.DAYS), NOW.plus(30, ChronoUnit.DAYS), null);
        future = insert(tenant, "APSW", true, 2, NOW.plus(5, ChronoUnit.DAYS), NOW.plus(60, ChronoUnit.DAYS), null);
        expired = insert(
                tenant, "EDGE_SECS", false, 1, NOW.minus(60, ChronoUnit.DAYS), NOW.minus(2, ChronoUnit.DAYS), null);
        revoked = insert(tenant, "APSW", false, 3, NOW.minus(3, ChronoUnit.DAYS), NOW.plus(10, ChronoUnit.DAYS), NOW);
        insert(
                "msp-" + UUID.randomUUID(),
                "APSW",
                false,
                9,
                NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(1, ChronoUnit.DAYS),
                null);
    }

    @Test
    void withoutABodyTheTenantsOwnAssignmentsComeByExpirationAscending() {
        query("{}")
                .statusCode(200)
                .body("totalCount", equalTo(4))
                .body("page", equalTo(1))
                .body("pageSize", equalTo(20))
                .body("objectId", equalTo("assignment"))
                .body("errors", empty())
                .body("subsequentQueries", empty())
                .body("data.id", contains((int) expired, (int) revoked, (int) valid, (int) future))
                .body("data.status", contains("EXPIRED", "REVOKED", "VALID", "FUTURE"));
    }

    @Test
    void filtersAreOrWithinAndAndAcrossKeysAndEnumsIgnoreCase() {
        query("{\"filters\": {\"licenseType\": [\"apsw\"], \"status\": [\"VALID\", \"future\"]}}")
                .statusCode(200)
                .body("totalCount", equalTo(2))
                .body("data.id", contains((int) valid, (int) future));
        query("{\"filters\": {\"licenseType\": \"edge_secs\", \"isTrial\": false}}")
                .statusCode(200)
                .body("data.id", contains((int) expired));
        query("{\"filters\": {\"licenseType\": [], \"isTrial\": true}}")
                .statusCode(200)
                .body("data.id", contains((int) future));
    }

    @Test
    void fieldsSelectionPagingAndDescendingSort() {
        query(
                        "{\"fields\": [\"id\", \"quantity\"], \"page\": 2, \"pageSize\": 3, \"sortField\": \"effectiveDate\", \"sortOrder\": \"DESC\"}")
                .statusCode(200)
                .body("totalCount", equalTo(4))
                .body("page", equalTo(2))
                .body("pageSize", equalTo(3))
                .body("fields", contains("id", "quantity"))
                .body("data", hasSize(1))
                .body("data[0].id", equalTo((int) expired))
                // fields is echoed but does not narrow the item (docs/decisions.md, Queries): the UI reads fields it
                // did not list
                .body("data[0].keySet()", org.hamcrest.Matchers.hasItems("id", "quantity", "status", "effectiveDate"));
        query("{\"page\": 9}").statusCode(200).body("totalCount", equalTo(4)).body("data", empty());
        query("{\"excludeContent\": true}")
                .statusCode(200)
                .body("totalCount", equalTo(4))
                .body("data", empty());
    }

    @Test
    void namesItDoesNotKnowAreIgnoredUnlessTheClientAsksForStrictness() {
        // what the UI's table helper adds, and the vendor's own page-0 example
        for (String tolerated : List.of(
                "{\"page\": 0}",
                "{\"pageSize\": 10001}",
                "{\"sortField\": \"quantity\"}",
                "{\"fields\": [\"secret\"]}",
                "{\"filters\": {\"colour\": [\"red\"]}}",
                "{\"pages\": 1, \"total\": 3}",
                "{\"sortOrder\": \"UP\"}")) {
            query(tolerated).statusCode(200);
            io.restassured.response.ExtractableResponse<?> strict = given().auth()
                    .oauth2(TestTokens.readOnly(tenant))
                    .contentType(ContentType.JSON)
                    .header("Prefer", "handling=strict")
                    .body(tolerated)
                    .when()
                    .post(PATH)
                    .then()
                    .statusCode(400)
                    .header("Preference-Applied", "handling=strict")
                    .extract();
            // the top-level message the web UI shows is the first error's
            org.junit.jupiter.api.Assertions.assertEquals(
                    strict.path("errors[0].message"), strict.<String>path("message"), tolerated);
        }
        query("{\"pageSize\": 20000}").statusCode(200).body("pageSize", equalTo(10_000));
    }

    @Test
    void badValuesAre400NamingWhatIsWrong() {
        query("{\"filters\": {\"isTrial\": \"maybe\"}}")
                .statusCode(400)
                .body("errors[0].code", equalTo("ENTITLEMENT-10002"));
        query("{\"page\": \"one\"}").statusCode(400).body("errors[0].code", equalTo("ENTITLEMENT-10002"));
        query("{\"page\": 1,").statusCode(400).body("errors[0].code", equalTo("ENTITLEMENT-10001"));
        query("{\"filters\": {\"status\": [\"ACTIVE\"]}}")
                .statusCode(400)
                .body("errors[0].reason", startsWith("'filters.status'"));
        query("{\"filters\": {\"licenseType\": [\"WIFI\"]}}")
                .statusCode(400)
                .body("errors[0].reason", startsWith("'filters.licenseType'"));
    }

    @Test
    void anUnsupportedMediaTypeIs415AndNoTokenIs401() {
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.XML)
                .body("<q/>")
                .when()
                .post(PATH)
                .then()
                .statusCode(415)
                .body("errors[0].code", equalTo("ENTITLEMENT-10016"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    @TestHTTPResource(PATH)
    URI uri;

    @Test
    void aBodyOverOneMebibyteIs413WithTheErrorBodyWhetherItsLengthIsDeclaredOrItIsChunked() throws Exception {
        String over = "{\"pageSize\": 1" + " ".repeat(1024 * 1024) + "}";
        query(over).statusCode(413).body("errors[0].code", equalTo("ENTITLEMENT-10015"));
        HttpResponse<String> chunked = postChunked(over);
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(chunked.body().contains("\"ENTITLEMENT-10015\""), chunked.body());
        assertTrue(chunked.body().contains("\"requestId\""), chunked.body());
        // within the limit a chunked body is read like any other, also past Quarkus' in-memory read buffer
        HttpResponse<String> within = postChunked("{\"pageSize\": 1" + " ".repeat(64 * 1024) + "}");
        assertEquals(200, within.statusCode(), within.body());
        assertTrue(within.body().matches("(?s).*\"pageSize\":1[,}].*"), within.body());
        HttpResponse<String> small = postChunked("{}");
        assertEquals(200, small.statusCode(), small.body());
        assertTrue(small.body().contains("\"totalCount\":4"), small.body());
    }

    /** POSTs {@code body} with no declared length: an HTTP/1.1 chunked transfer. */
    private HttpResponse<String> postChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("authorization", "Bearer " + TestTokens.readOnly(tenant))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private ValidatableResponse query(String body) {
        return given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(PATH)
                .then();
    }

    private static long insert(
            String tenant, String type, boolean trial, int quantity, Instant from, Instant to, Instant revokedAt) {
        TestDatabase.update(
                "INSERT INTO assignment (provider_tenant_id, tenant_id, license_type, trial, quantity, "
                        + "effective_date, expiration_date, created_by, revoked_by, revoked_date) VALUES (?, ?, ?, ?, ?, ?, ?, 'tests', ?, ?)",
                tenant,
                tenant,
                type,
                trial,
                quantity,
                Timestamp.from(from),
                Timestamp.from(to),
                revokedAt == null ? null : "tests",
                revokedAt == null ? null : Timestamp.from(revokedAt));
        return ((Number) TestDatabase.single("SELECT max(id) FROM assignment WHERE tenant_id = ?", tenant)).longValue();
    }
}
