package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.SELF;
import static dev.entitlements.assignment.AssignmentFixtures.TODAY;
import static dev.entitlements.assignment.AssignmentFixtures.WAIT;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.create;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the vendor's web UI sends on assignment writes, understood as it means it (docs/decisions.md,
 * Assignments and Client compatibility): the MSP license names of newer builds, the browser's local
 * wall-clock time with a literal Z, fields the endpoint does not take, every MSP kind, and the
 * {@code x-rks-tenantid} of a customer's page.
 */
@QuarkusTest
class ClientHabitsTests {

    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");

    @Test
    void theMspLicenseNamesOfNewerBuildsMeanTheCurrentOnesAndTempMeansTrial() {
        String msp = mspWithPool();
        create(msp, body(0, 30, 5, "MSP_APSW"))
                .statusCode(201)
                .body("data.licenseType", equalTo("APSW"))
                .body("data.isTrial", equalTo(false));
        // the pool is paid: a trial asked for by name finds no trial pool
        create(msp, body(0, 30, 5, "msp_apsw_temp"))
                .statusCode(402)
                .body("errors[0].reason", containsString("trial APSW"));
        create(msp, body(0, 30, 5, "MSP_WIFI"))
                .statusCode(400)
                .body("errors[0].reason", containsString("'licenseType'"));
    }

    @Test
    void fieldsTheEndpointDoesNotTakeAreIgnoredUnlessTheClientAsksForStrictness() {
        String msp = mspWithPool();
        String withExtra = body(0, 30, 5, "APSW").replace("}", ", \"colour\": 1, \"tenantName\": \"x\"}");
        create(msp, withExtra).statusCode(201);
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .header("Prefer", "handling=strict")
                .body(withExtra)
                .when()
                .post(SELF)
                .then()
                .statusCode(400)
                .header("Preference-Applied", "handling=strict")
                .body("errors[0].code", equalTo("ENTITLEMENT-10003"))
                .body("errors[0].reason", containsString("'colour'"))
                .body("message", equalTo("The request names a field that does not exist"));
        assertEquals(5L, AssignmentFixtures.assigned(msp), "the strict refusal wrote nothing");
    }

    @Test
    void everyIgnoredNameIsCounted() {
        String msp = mspWithPool();
        String name = "habit" + Long.toHexString(System.nanoTime());
        create(msp, body(0, 30, 1, "APSW").replace("}", ", \"" + name + "\": true}"))
                .statusCode(201);
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType(ContentType.JSON)
                .body("{\"sortField\": \"" + name + "\"}")
                .when()
                .post(SELF + "/query")
                .then()
                .statusCode(200);
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String kind : java.util.List.of("field", "sort_field")) {
            java.util.regex.Pattern counted = java.util.regex.Pattern.compile(
                    "api_request_ignored_names_total\\{kind=\"" + kind + "\",name=\"" + name + "\"} 1(\\.0)?\\b");
            org.junit.jupiter.api.Assertions.assertTrue(
                    counted.matcher(metrics).find(),
                    kind + " counted once: "
                            + metrics.lines()
                                    .filter(l -> l.contains("ignored_names"))
                                    .toList());
        }
    }

    /** A browser anywhere from UTC−10 to UTC+13 asking to start now: valid at once, never 422, never FUTURE. */
    @ParameterizedTest
    @ValueSource(ints = {-10, -5, 0, 5, 13})
    void theBrowsersLocalWallClockWithALiteralZStartsNow(int offsetHours) {
        String msp = mspWithPool();
        Instant now = Instant.now();
        String local = WALL_CLOCK.format(LocalDateTime.ofInstant(now, ZoneOffset.ofHours(offsetHours)));
        Instant start = Instant.parse(create(
                        msp,
                        "{\"effectiveDate\": \"" + local + "\", \"expirationDate\": \"" + TODAY.plusDays(30)
                                + "\", \"quantity\": 1, \"licenseType\": \"APSW\"}")
                .statusCode(201)
                .body("data.status", equalTo("VALID"))
                .extract()
                .<String>path("data.effectiveDate"));
        assertEquals(0, Math.abs(ChronoUnit.MINUTES.between(now, start)), "starts now: " + start);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSP_NON_VAR", "MSP_INTEGRATOR", "MSP_INSTALLER", "VAR"})
    void everyMspKindMayAssign(String kind) {
        String msp = mspWithPool();
        given().auth()
                .oauth2(TestTokens.token(msp, kind, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body(body(0, 30, 1, "APSW"))
                .when()
                .post(SELF)
                .then()
                .statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSP_EC", "MSP_REC", "REC"})
    void noCustomerKindMayAssign(String kind) {
        given().auth()
                .oauth2(TestTokens.token("t-" + java.util.UUID.randomUUID(), kind, Roles.PRIME_ADMIN))
                .contentType(ContentType.JSON)
                .body(body(0, 30, 1, "APSW"))
                .when()
                .post(SELF)
                .then()
                .statusCode(403);
    }

    @Test
    void onACustomersPageTheMspAssignsToThatCustomerFromItsOwnPools() {
        String msp = mspWithPool();
        String customer = TestTenants.customerOf(msp);
        await().atMost(WAIT)
                .until(() -> ((Number) TestDatabase.single(
                                        "SELECT count(*) FROM tenant_directory WHERE tenant_id = ?", customer))
                                .longValue()
                        == 1);
        long id = ((Number) given().auth()
                        .oauth2(TestTokens.mspAdmin(msp))
                        .header(CallerContext.TENANT_HEADER, customer)
                        .contentType(ContentType.JSON)
                        .body(body(0, 30, 7, "APSW"))
                        .when()
                        .post(SELF)
                        .then()
                        .statusCode(201)
                        .body("data.isSelfAssignment", equalTo(false))
                        .extract()
                        .path("data.id"))
                .longValue();
        assertEquals(customer, TestDatabase.single("SELECT tenant_id FROM assignment WHERE id = ?", id));
        assertEquals(msp, TestDatabase.single("SELECT provider_tenant_id FROM assignment WHERE id = ?", id));
        // the customer's page lists it, the MSP's own page does not
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header(CallerContext.TENANT_HEADER, customer)
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(SELF + "/query")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(1))
                .body("data[0].id", equalTo((int) id));
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(SELF + "/query")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(0));
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header(CallerContext.TENANT_HEADER, customer)
                .when()
                .delete(SELF + "/" + id)
                .then()
                .statusCode(204);
        // another MSP's customer is not found
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header(CallerContext.TENANT_HEADER, TestTenants.customerOf("msp-other"))
                .contentType(ContentType.JSON)
                .body(body(0, 30, 1, "APSW"))
                .when()
                .post(SELF)
                .then()
                .statusCode(404);
    }
}
