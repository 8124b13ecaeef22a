package dev.entitlements.assignment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Assignments to a customer tenant the MSP manages: the same pool as self assignments, the same rules. */
@QuarkusTest
class TenantAssignmentTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Test
    void anMspAssignsToItsCustomerFromTheSamePoolAndToNoOtherTenant() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = TestTenants.customerOf(msp);
        String stranger = TestTenants.customerOf("msp-other");
        Instant start = TODAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        TestKafka.publish(
                EventType.ENTITLEMENT_PURCHASED,
                msp,
                new EntitlementData(
                        msp,
                        "acc-" + msp,
                        "pool-1",
                        "APSW-MSP100-001",
                        "APSW",
                        "MSP_APSW",
                        null,
                        false,
                        true,
                        true,
                        100,
                        start.minus(10, ChronoUnit.DAYS),
                        start.plus(200, ChronoUnit.DAYS),
                        null,
                        false,
                        false,
                        null,
                        null));
        await().atMost(WAIT)
                .until(() -> ((Number) TestDatabase.single(
                                                "SELECT count(*) FROM pool WHERE provider_tenant_id = ?", msp))
                                        .longValue()
                                == 1
                        && ((Number) TestDatabase.single(
                                                "SELECT count(*) FROM tenant_directory WHERE tenant_id = ?", customer))
                                        .longValue()
                                == 1);

        long id = ((Number) post(msp, "/tenants/" + customer + "/entitlements/assignments", body(70))
                        .statusCode(201)
                        .body("data.isSelfAssignment", equalTo(false))
                        .body("data.quantity", equalTo(70))
                        .extract()
                        .path("data.id"))
                .longValue();
        assertEquals(customer, TestDatabase.single("SELECT tenant_id FROM assignment WHERE id = ?", id));
        // the self assignment draws on the same pool
        post(msp, "/tenants/self/entitlements/assignments", body(31))
                .statusCode(402)
                .body("errors[0].suggestion", containsString("maxQuantity: 30"));
        post(msp, "/tenants/" + stranger + "/entitlements/assignments", body(1)).statusCode(404);
        post(msp, "/tenants/nobody-" + UUID.randomUUID() + "/entitlements/assignments", body(1))
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header(CallerContext.TENANT_HEADER, stranger)
                .contentType(ContentType.JSON)
                .body(body(1))
                .when()
                .post("/tenants/" + customer + "/entitlements/assignments")
                .then()
                .statusCode(400)
                .body("errors[0].reason", containsString(CallerContext.TENANT_HEADER));
        given().auth()
                .oauth2(TestTokens.token(customer, "MSP_EC", Roles.PRIME_ADMIN))
                .contentType(ContentType.JSON)
                .body(body(1))
                .when()
                .post("/tenants/" + customer + "/entitlements/assignments")
                .then()
                .statusCode(403);

        // the customer's assignment is not one of the MSP's self assignments
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .when()
                .delete("/tenants/self/entitlements/assignments/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body("{\"quantity\": 60, \"expirationDate\": \"" + TODAY.plusDays(20) + "\"}")
                .when()
                .patch("/tenants/" + customer + "/entitlements/assignments/" + id)
                .then()
                .statusCode(200)
                .body("data.quantity", equalTo(60));
        long live = ((Number) TestDatabase.single(
                        "SELECT id FROM assignment WHERE tenant_id = ? AND revoked_date IS NULL", customer))
                .longValue();
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .when()
                .delete("/tenants/" + customer + "/entitlements/assignments/" + live)
                .then()
                .statusCode(204);
        post(msp, "/tenants/self/entitlements/assignments", body(100)).statusCode(201);
    }

    @Test
    void anMspListsWhatItAssignedToOneCustomerAndNothingOfAnotherTenant() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = TestTenants.customerOf(msp);
        String stranger = TestTenants.customerOf("msp-other");
        await().atMost(WAIT)
                .until(() -> ((Number) TestDatabase.single(
                                        "SELECT count(*) FROM tenant_directory WHERE tenant_id IN (?, ?)",
                                        customer,
                                        stranger))
                                .longValue()
                        == 2);
        Instant now = Instant.now();
        long later =
                insert(msp, customer, "APSW", false, 7, now.minus(1, ChronoUnit.DAYS), now.plus(40, ChronoUnit.DAYS));
        long sooner =
                insert(msp, customer, "APSW", true, 3, now.minus(2, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS));
        insert(
                msp,
                msp,
                "APSW",
                false,
                50,
                now.minus(1, ChronoUnit.DAYS),
                now.plus(30, ChronoUnit.DAYS)); // a self assignment
        insert("msp-other", stranger, "APSW", false, 9, now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS));

        String path = "/tenants/" + customer + "/entitlements/assignments/query";
        given().auth()
                .oauth2(TestTokens.token(msp, "MSP", Roles.READ_ONLY))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(path)
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(2))
                .body("objectId", equalTo("assignment"))
                .body("data.id", contains((int) sooner, (int) later))
                .body("data.isSelfAssignment", contains(false, false));
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body("{\"fields\": [\"id\", \"quantity\"], \"sortField\": \"effectiveDate\", \"sortOrder\": \"DESC\","
                        + " \"filters\": {\"isTrial\": false, \"status\": [\"valid\"], \"createdBy\": [\"tests\"]}}")
                .when()
                .post(path)
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(1))
                .body("data[0].keySet()", org.hamcrest.Matchers.hasItems("id", "quantity", "status"))
                .body("data[0].quantity", equalTo(7));
        // the self list and the customer's list do not mix
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/tenants/self/entitlements/assignments/query")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(1))
                .body("data[0].quantity", equalTo(50));
        // another MSP's customer, an unknown tenant, a non-MSP caller, a bad body
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/tenants/" + stranger + "/entitlements/assignments/query")
                .then()
                .statusCode(404)
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"));
        given().auth()
                .oauth2(TestTokens.token(customer, "MSP_EC", Roles.PRIME_ADMIN))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(path)
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body("{\"filters\": {\"status\": [\"ACTIVE\"]}}")
                .when()
                .post(path)
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("ENTITLEMENT-10002"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(path)
                .then()
                .statusCode(401);
    }

    private static long insert(
            String provider, String tenant, String type, boolean trial, int quantity, Instant from, Instant to) {
        TestDatabase.update(
                "INSERT INTO assignment (provider_tenant_id, tenant_id, license_type, trial, quantity, effective_date,"
                        + " expiration_date, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'tests')",
                provider,
                tenant,
                type,
                trial,
                quantity,
                java.sql.Timestamp.from(from),
                java.sql.Timestamp.from(to));
        return ((Number) TestDatabase.single("SELECT max(id) FROM assignment WHERE tenant_id = ?", tenant)).longValue();
    }

    private static String body(long quantity) {
        return "{\"effectiveDate\": \"" + TODAY + "\", \"expirationDate\": \"" + TODAY.plusDays(30)
                + "\", \"quantity\": " + quantity + ", \"licenseType\": \"APSW\"}";
    }

    private static ValidatableResponse post(String msp, String path, String body) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then();
    }
}
