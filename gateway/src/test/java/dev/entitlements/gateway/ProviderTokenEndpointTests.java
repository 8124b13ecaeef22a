package dev.entitlements.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The token endpoint in front of an OIDC provider: credentials passed on, the answer cut to the RUCKUS shape. */
@QuarkusTest
@QuarkusTestResource(value = BackendStub.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ProviderStub.class, restrictToAnnotatedClass = true)
class ProviderTokenEndpointTests {

    @Test
    void theProvidersTokenComesBackInTheRuckusShape() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "automation")
                .formParam("client_secret", "pw")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(200)
                .body("$", aMapWithSize(3))
                .body("access_token", startsWith("h."))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(300));
        assertEquals("grant_type=client_credentials&client_id=automation&client_secret=pw", ProviderStub.lastBody);
    }

    @Test
    void aTokenForAnotherTenantThanThePathIsNotHandedOut() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "automation")
                .formParam("client_secret", "pw")
                .when()
                .post("/oauth2/token/msp-2")
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    @Test
    void theProvidersRefusalIs401AndItsFailure502() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "automation")
                .formParam("client_secret", "nope")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "broken")
                .formParam("client_secret", "pw")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(502)
                .body("errors[0].code", equalTo("ENTITLEMENT-10018"));
    }
}
