package dev.entitlements.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.entitlements.issuer.TokenIssuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The token route as on the local run: the gateway passes the client credentials on to the
 * development issuer's token endpoint, which signs for the clients of its file; the gateway checks
 * the token is for the path's tenant.
 */
@QuarkusTest
@QuarkusTestResource(value = BackendStub.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DevTokenProvider.class, restrictToAnnotatedClass = true)
class DevTokenEndpointTests {

    @Test
    void aClientOfTheTenantGetsATokenTheServicesVerify() throws Exception {
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "msp-automation")
                .formParam("client_secret", "s3cret")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(200)
                .header("cache-control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600))
                .extract()
                .path("access_token");
        JwtClaims claims = verify(token, TokenIssuer.load(DevTokenProvider.keyFile, DevTokenProvider.ISSUER));
        assertEquals("msp-1", claims.getClaimValueAsString("tenantId"));
        assertEquals("MSP", claims.getClaimValueAsString("tenantType"));
        assertEquals(List.of("ADMIN"), claims.getStringListClaimValue("groups"));
        assertEquals("msp-automation", claims.getSubject());
        // signed by that key and no other
        assertThrows(InvalidJwtException.class, () -> verify(token, TokenIssuer.generate(DevTokenProvider.ISSUER)));
    }

    @Test
    void basicAuthenticationCarriesTheCredentialsToo() {
        given().auth()
                .preemptive()
                .basic("msp-automation", "s3cret")
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(200)
                .body("token_type", equalTo("Bearer"));
    }

    @Test
    void aWrongSecretAnUnknownClientOrAnotherTenantsClientIs401() {
        for (String[] c : new String[][] {
            {"msp-automation", "wrong", "msp-1"},
            {"nobody", "s3cret", "msp-1"},
            {"msp-automation", "s3cret", "msp-2"},
            {"licensing", "l1c", "msp-1"}
        }) {
            given().contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "client_credentials")
                    .formParam("client_id", c[0])
                    .formParam("client_secret", c[1])
                    .when()
                    .post("/oauth2/token/" + c[2])
                    .then()
                    .statusCode(401)
                    .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
        }
    }

    @Test
    void anotherGrantMissingCredentialsOrAnotherBodyTypeAreRefused() {
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "password")
                .formParam("client_id", "msp-automation")
                .formParam("client_secret", "s3cret")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("ENTITLEMENT-10002"));
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("ENTITLEMENT-10004"));
        given().contentType("application/json")
                .body("{\"grant_type\":\"client_credentials\"}")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(415)
                .body("errors[0].code", equalTo("ENTITLEMENT-10016"));
    }

    @Test
    void aBadlyEncodedSecretIsAWrongSecret() {
        given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=msp-automation&client_secret=%zz")
                .when()
                .post("/oauth2/token/msp-1")
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    static JwtClaims verify(String token, TokenIssuer issuer) throws InvalidJwtException {
        try {
            var jwk = new org.jose4j.jwk.JsonWebKeySet(issuer.publicJwks())
                    .getJsonWebKeys()
                    .get(0);
            return new JwtConsumerBuilder()
                    .setVerificationKey(jwk.getKey())
                    .setExpectedIssuer(issuer.issuer())
                    .setExpectedAudience(TokenIssuer.DEFAULT_AUDIENCE)
                    .setRequireExpirationTime()
                    .build()
                    .processToClaims(token);
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
