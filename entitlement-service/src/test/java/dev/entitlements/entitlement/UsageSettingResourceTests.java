package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UsageSettingResourceTests {

    @Test
    void aTenantWithoutSettingsSeesEveryFeatureWithItsDefaults() {
        given().auth().oauth2(TestTokens.readOnly("msp-" + UUID.randomUUID()))
                .when().get("/entitlements/settings")
                .then().statusCode(200)
                .body("$", hasSize(5))
                .body("find { it.featureType == 'SLTN_PI_NET' }.featureName", equalTo("Personal Identity Network"))
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(100))
                .body("find { it.featureType == 'SLTN_PI_NET' }.enabled", equalTo(false))
                .body("find { it.featureType == 'SLTN_PI_NET' }.featureUnit", equalTo("Tunnel"));
    }

    @Test
    void aTenantSeesItsOwnSettingAndNotAnotherTenants() {
        String mine = "msp-" + UUID.randomUUID();
        TestDatabase.update("INSERT INTO usage_setting (tenant_id, feature_type, max_quantity, enabled, capped, updated_by) "
                + "VALUES (?, 'SLTN_PI_NET', 7, true, true, 'tests')", mine);

        given().auth().oauth2(TestTokens.readOnly(mine)).when().get("/entitlements/settings")
                .then().statusCode(200)
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(7))
                .body("find { it.featureType == 'SLTN_PI_NET' }.capped", equalTo(true));
        given().auth().oauth2(TestTokens.readOnly("msp-" + UUID.randomUUID())).when().get("/entitlements/settings")
                .then().statusCode(200)
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(100));
    }

    @Test
    void aTokenWithoutTenantIs403AndNoTokenIs401() {
        var issuer = TestTokens.issuer();
        var claims = issuer.claims("nobody", java.time.Duration.ofMinutes(5));
        claims.setStringListClaim("groups", "READ_ONLY");
        given().auth().oauth2(issuer.sign(claims)).when().get("/entitlements/settings")
                .then().statusCode(403).body("errors[0].code", equalTo("ENTITLEMENT-10011"));
        given().when().get("/entitlements/settings")
                .then().statusCode(401).body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    @Test
    void anUnknownPathIsAJson404() {
        given().auth().oauth2(TestTokens.readOnly("msp-" + UUID.randomUUID()))
                .when().get("/entitlements/nothing-here")
                .then().statusCode(404).body("errors[0].code", equalTo("ENTITLEMENT-10012"));
    }
}
