package dev.entitlements.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SyncRequestResourceTests {

    @Test
    void anUnknownRequestIdIs404WithTheErrorBody() {
        given().auth()
                .oauth2(TestTokens.mspAdmin("msp-" + UUID.randomUUID()))
                .when()
                .get("/entitlements/syncRequests/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .header("x-request-id", notNullValue())
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"));
    }

    @Test
    void aMalformedIdIsAs404AsAnUnknownOne() {
        given().auth()
                .oauth2(TestTokens.mspAdmin("msp-" + UUID.randomUUID()))
                .when()
                .get("/entitlements/syncRequests/not-a-uuid")
                .then()
                .statusCode(404)
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"));
    }

    @Test
    void theOwnerSeesItsRequestAndAnotherTenantGets404() {
        String owner = "msp-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        insert(id, owner);

        given().auth()
                .oauth2(TestTokens.readOnly(owner))
                .when()
                .get("/entitlements/syncRequests/" + id)
                .then()
                .statusCode(200)
                .body("requestId", equalTo(id.toString()))
                .body("state", equalTo("SUCCEEDED"))
                .body("changes.purchased", equalTo(3));
        given().auth()
                .oauth2(TestTokens.mspAdmin("msp-" + UUID.randomUUID()))
                .when()
                .get("/entitlements/syncRequests/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void noTokenIs401() {
        given().when()
                .get("/entitlements/syncRequests/" + UUID.randomUUID())
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    /** A finished request, written straight into the service's real database. */
    private static void insert(UUID id, String tenant) {
        TestDatabase.update(
                "INSERT INTO sync_request (id, tenant_id, refresh_type, state, requested_by, purchased) "
                        + "VALUES (?, ?, 'FULL', 'SUCCEEDED', 'tests', 3)",
                id,
                tenant);
    }
}
