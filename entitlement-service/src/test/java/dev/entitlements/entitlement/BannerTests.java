package dev.entitlements.entitlement;

import static dev.entitlements.entitlement.EntitlementQueryTests.awaitCount;
import static dev.entitlements.entitlement.EntitlementQueryTests.data;
import static dev.entitlements.entitlement.EntitlementQueryTests.purchase;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.entitlements.common.rest.ApiMediaTypes;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /entitlements/banners/query}: categories and thresholds of docs/decisions.md (INITIAL ≤ 60
 * days, CLOSE_TO_EXPIRATION ≤ 7, GRACE_PERIOD 30 days after expiry, AFTER_GRACE_PERIOD while
 * nothing valid of the type is left), in the three media types.
 */
@QuarkusTest
class BannerTests {

    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);

    /** APSW: 2 lines expiring in 30 and 45 days, 1 in 5 days, 1 far away. URLF: expired 10 days ago. EDGE_SECS: grace over 20 days ago, nothing valid. */
    private static String tenantWithExpiringLicenses() {
        String tenant = "msp-" + UUID.randomUUID();
        purchase(data(tenant, "a30", "CLD-APSW-1Y", "APSW", "APSW", false, false, 10, -300, 30));
        purchase(data(tenant, "a45", "CLD-APSW-1Y", "APSW", "APSW", false, false, 15, -300, 45));
        purchase(data(tenant, "a5", "CLD-APSW-1Y", "APSW", "APSW", false, false, 4, -300, 5));
        purchase(data(tenant, "a-far", "CLD-APSW-1Y", "APSW", "APSW", false, false, 100, -300, 500));
        purchase(data(tenant, "u-gone", "CLD-URLF-1Y", "URLF", "APSW", false, false, 7, -300, -10));
        purchase(data(tenant, "e-over", "EDGE-SECS-1Y", "EDGE_SECS", "EDGE_SECS", false, false, 3, -400, -50));
        // a trial far from expiry and an expired trial pool of another usage type: no banner / separate banner
        purchase(data(tenant, "trial", "CLD-APSW-1Y-TEMP", "APSW", "APSW", false, true, 2, -10, 50));
        awaitCount(tenant, 7);
        return tenant;
    }

    @Test
    void eachCategoryIsOneBannerPerLicenseTypeMostUrgentFirst() {
        String tenant = tenantWithExpiringLicenses();
        banners(tenant, "{\"filters\": {}}", ContentType.JSON.toString())
                .header("Content-Type", containsString("application/json"))
                .body(
                        "data.type",
                        contains("AFTER_GRACE_PERIOD", "GRACE_PERIOD", "CLOSE_TO_EXPIRATION", "INITIAL", "INITIAL"))
                .body("data.licenseType", contains("EDGE_SECS", "URLF", "APSW", "APSW", "APSW"))
                .body("data.isTrial", contains(false, false, false, false, true))
                .body("data[2].licenseCount", equalTo(4))
                .body("data[2].multipleLicense", equalTo(false))
                .body("data[2].effectiveDays", equalTo(5))
                .body(
                        "data[2].effectDate",
                        equalTo(TODAY.plus(5, ChronoUnit.DAYS)
                                .plusSeconds(86_399)
                                .toString()))
                // INITIAL: both lines together, dated by the first to expire
                .body("data[3].licenseCount", equalTo(25))
                .body("data[3].multipleLicense", equalTo(true))
                .body("data[3].effectiveDays", equalTo(30))
                // GRACE_PERIOD: dated by the end of grace (expiry + 30 days)
                .body("data[1].effectiveDays", equalTo(20))
                .body(
                        "data[1].effectDate",
                        equalTo(TODAY.plus(20, ChronoUnit.DAYS)
                                .plusSeconds(86_399)
                                .toString()))
                .body("data[0].effectiveDays", equalTo(0));
    }

    @Test
    void aValidLicenseOfTheTypeEndsTheAfterGraceBannerAndFiltersSelect() {
        String tenant = tenantWithExpiringLicenses();
        purchase(data(tenant, "e-new", "EDGE-SECS-1Y", "EDGE_SECS", "EDGE_SECS", false, false, 3, -1, 400));
        awaitCount(tenant, 8);
        banners(tenant, "{}", ContentType.JSON.toString())
                .body("data.type", contains("GRACE_PERIOD", "CLOSE_TO_EXPIRATION", "INITIAL", "INITIAL"));
        banners(tenant, "{\"filters\": {\"licenseType\": [\"urlf\"]}}", ContentType.JSON.toString())
                .body("data.type", contains("GRACE_PERIOD"));
        banners(tenant, "{\"filters\": {\"licenseType\": \"APSW\", \"isTrial\": true}}", ContentType.JSON.toString())
                .body("data.licenseCount", contains(2));
        banners(tenant, "{\"filters\": {\"usageType\": \"ASSIGNED\"}}", ContentType.JSON.toString())
                .body("data", empty());
    }

    @Test
    void v1AnswersTheLegacyShapeAndV11TheCurrentOne() {
        String tenant = tenantWithExpiringLicenses();
        banners(tenant, "{}", ApiMediaTypes.V1)
                .header("Content-Type", containsString(ApiMediaTypes.V1))
                // spec E5: v1 deprecated with the 2026-01 changes; Sunset is our configured day, never a past one
                .header("Deprecation", equalTo("@1767225600"))
                .header(
                        "Sunset",
                        equalTo(dev.entitlements.common.rest.DeprecationHeaders.sunset()
                                .orElse("(none: the configured sunset has come)")))
                .body("data[2].type", equalTo("CLOSE_TO_EXPIRATION"))
                .body("data[2].deviceType", equalTo("APSW"))
                .body("data[2].deviceCount", equalTo(4))
                .body("data[2].effectDays", equalTo(5))
                .body("data[2].alm", equalTo(false))
                .body("data[2].totalActiveDevices", nullValue())
                .body("data[2].licenseCount", nullValue());
        banners(tenant, "{}", ApiMediaTypes.V1_1)
                .header("Content-Type", containsString(ApiMediaTypes.V1_1))
                .header("Deprecation", nullValue())
                .body("data[2].licenseCount", equalTo(4))
                .body("data[2].deviceCount", nullValue());
    }

    @Test
    void aTenantWithoutLicensesHasNoBannersAndBadFiltersAre400() {
        String tenant = "msp-" + UUID.randomUUID();
        banners(tenant, "{\"filters\": {}}", ContentType.JSON.toString()).body("data", empty());
        // an unknown filter key is ignored (the UI sends keys an endpoint does not take), a 400 only when asked for
        // strictness
        banners(tenant, "{\"filters\": {\"colour\": \"red\"}}", ContentType.JSON.toString())
                .body("data", empty());
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(dev.entitlements.infra.test.TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .header("Prefer", "handling=strict")
                .body("{\"filters\": {\"colour\": \"red\"}}")
                .when()
                .post("/entitlements/banners/query")
                .then()
                .statusCode(400)
                .body("errors[0].reason", org.hamcrest.Matchers.containsString("unknown filters key 'colour'"));
        bad(tenant, "{\"filters\": {\"licenseType\": [\"WIFI6\"]}}", "'filters.licenseType'");
        bad(tenant, "{\"filters\": {\"usageType\": 3}}", "'filters.usageType'");
        bad(tenant, "{\"filters\": {\"isTrial\": \"no\"}}", "'filters.isTrial'");
        bad(tenant, "{\"filters\": []}", null);
        // the query envelope's paging is not the banners' (their body has only filters): ignored like any unknown field
        banners(tenant, "{\"page\": 1}", ContentType.JSON.toString()).body("data", empty());
        given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .accept("text/csv")
                .body("{}")
                .when()
                .post("/entitlements/banners/query")
                .then()
                .statusCode(406);
    }

    private static void bad(String tenant, String body, String reasonPart) {
        ValidatableResponse r = given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/entitlements/banners/query")
                .then()
                .statusCode(400)
                .body("errors[0].code", org.hamcrest.Matchers.startsWith("ENTITLEMENT-"));
        if (reasonPart != null) {
            r.body("errors[0].reason", containsString(reasonPart));
        }
    }

    private static ValidatableResponse banners(String tenant, String body, String accept) {
        return given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .contentType(ContentType.JSON)
                .accept(accept)
                .body(body)
                .when()
                .post("/entitlements/banners/query")
                .then()
                .statusCode(200);
    }
}
