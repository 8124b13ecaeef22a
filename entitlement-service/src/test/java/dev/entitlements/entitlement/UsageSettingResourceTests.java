package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsageSettingResourceTests {

    @Test
    void aTenantWithoutSettingsSeesEveryFeatureWithItsDefaults() {
        given().auth()
                .oauth2(TestTokens.readOnly("msp-" + UUID.randomUUID()))
                .when()
                .get("/entitlements/settings")
                .then()
                .statusCode(200)
                .body("$", hasSize(5))
                .body("find { it.featureType == 'SLTN_PI_NET' }.featureName", equalTo("Personal Identity Network"))
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(100))
                .body("find { it.featureType == 'SLTN_PI_NET' }.enabled", equalTo(false))
                .body("find { it.featureType == 'SLTN_PI_NET' }.featureUnit", equalTo("Tunnel"));
    }

    @Test
    void aTenantSeesItsOwnSettingAndNotAnotherTenants() {
        String mine = "msp-" + UUID.randomUUID();
        TestDatabase.update(
                "INSERT INTO usage_setting (tenant_id, feature_type, max_quantity, enabled, capped, updated_by) "
                        + "VALUES (?, 'SLTN_PI_NET', 7, true, true, 'tests')",
                mine);

        given().auth()
                .oauth2(TestTokens.readOnly(mine))
                .when()
                .get("/entitlements/settings")
                .then()
                .statusCode(200)
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(7))
                .body("find { it.featureType == 'SLTN_PI_NET' }.capped", equalTo(true));
        given().auth()
                .oauth2(TestTokens.readOnly("msp-" + UUID.randomUUID()))
                .when()
                .get("/entitlements/settings")
                .then()
                .statusCode(200)
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(100));
    }

    @Test
    void aTokenWithoutTenantIs403AndNoTokenIs401() {
        var issuer = TestTokens.issuer();
        var claims = issuer.claims("nobody", java.time.Duration.ofMinutes(5));
        claims.setStringListClaim("groups", "READ_ONLY");
        given().auth()
                .oauth2(issuer.sign(claims))
                .when()
                .get("/entitlements/settings")
                .then()
                .statusCode(403)
                .body("errors[0].code", equalTo("ENTITLEMENT-10011"));
        given().when()
                .get("/entitlements/settings")
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    @Test
    void anUnknownPathIsAJson404() {
        given().auth()
                .oauth2(TestTokens.readOnly("msp-" + UUID.randomUUID()))
                .when()
                .get("/entitlements/nothing-here")
                .then()
                .statusCode(404)
                .body("errors[0].code", equalTo("ENTITLEMENT-10012"));
    }

    @Test
    void anAdminChangesSettingsAllOrNoneAndOmittedValuesStay() {
        String tenant = "msp-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .body("[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": 40, \"enabled\": true, \"capped\": true}]")
                .when()
                .patch("/entitlements/settings")
                .then()
                .statusCode(200)
                .body("$", hasSize(5))
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(40))
                .body("find { it.featureType == 'SLTN_PI_NET' }.enabled", equalTo(true));
        // only the cap switch changes; the rest stays as set before
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .body("[{\"featureType\": \"sltn_pi_net\", \"capped\": false}]")
                .when()
                .patch("/entitlements/settings")
                .then()
                .statusCode(200)
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(40))
                .body("find { it.featureType == 'SLTN_PI_NET' }.capped", equalTo(false));
        // a bad second item: nothing of the first is written
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .body(
                        "[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": 1}, {\"featureType\": \"SLTN_NOPE\", \"maxQuantity\": 1}]")
                .when()
                .patch("/entitlements/settings")
                .then()
                .statusCode(400)
                .body("errors[0].reason", containsString("SLTN_NOPE"));
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .when()
                .get("/entitlements/settings")
                .then()
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(40));
    }

    @Test
    void patchNeedsAnAdminAndRejectsBadItems() {
        String tenant = "msp-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body("[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": 1}]")
                .when()
                .patch("/entitlements/settings")
                .then()
                .statusCode(403);
        patch(tenant, "[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": -1}]", 422, "'[0].maxQuantity'");
        patch(tenant, "[{\"featureType\": \"SLTN_PI_NET\"}, {\"featureType\": \"SLTN_PI_NET\"}]", 422, "named twice");
        patch(tenant, "[{\"maxQuantity\": 1}]", 400, "'[0].featureType'");
        patch(tenant, "[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": \"lots\"}]", 400, null);
        // a field the PATCH does not take is ignored (the UI's toggle sends the read-only fields back), refused only
        // when strict
        patch(tenant, "[{\"featureType\": \"SLTN_PI_NET\", \"colour\": 1}]", 200, null);
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .header("Prefer", "handling=strict")
                .body("[{\"featureType\": \"SLTN_PI_NET\", \"featureCostUnit\": \"per Tunnel\"}]")
                .when()
                .patch("/entitlements/settings")
                .then()
                .statusCode(400)
                .body("errors[0].reason", containsString("'[0].featureCostUnit'"));
        patch(tenant, "{\"featureType\": \"SLTN_PI_NET\"}", 400, null);
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .when()
                .get("/entitlements/settings")
                .then()
                .body("find { it.featureType == 'SLTN_PI_NET' }.maxQuantity", equalTo(100));
    }

    private static void patch(String tenant, String body, int status, String reasonPart) {
        var r = given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .patch("/entitlements/settings")
                .then()
                .statusCode(status)
                .body("requestId", org.hamcrest.Matchers.notNullValue());
        if (reasonPart != null) {
            r.body("errors[0].reason", containsString(reasonPart));
        }
    }
}
