package dev.entitlements.entitlement;

import static dev.entitlements.entitlement.EntitlementQueryTests.awaitCount;
import static dev.entitlements.entitlement.EntitlementQueryTests.data;
import static dev.entitlements.entitlement.EntitlementQueryTests.purchase;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.rest.DeprecationHeaders;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The deprecated reads of the entitlement service (spec D1 {@code GET /entitlements}, D2
 * {@code GET /entitlements/summaries}, D3 {@code GET /banners}, D5 {@code GET /mspEntitlements/summaries}):
 * old shapes over the current read paths, each answer with {@code Deprecation}, {@code Sunset} and
 * the {@code Link} to its successor.
 */
@QuarkusTest
class LegacyEndpointTests {

    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);
    /** Spec §2.2's fields of D1's item, and the three current ones added (licenseType, status, usageType). */
    private static final Set<String> ENTITLEMENT_FIELDS = Set.of(
            "id",
            "createdDate",
            "updatedDate",
            "externalId",
            "deviceType",
            "effectiveDate",
            "expirationDate",
            "quantity",
            "sku",
            "licenseName",
            "licenseDesc",
            "emailStage",
            "deviceSubType",
            "alm",
            "almLicenseType",
            "almActivationId",
            "almSoEntQuantity",
            "almUsedQuantity",
            "extendedLicensesAssignment",
            "r1Sku",
            "tempLicense",
            "assignedLicense",
            "licenseType",
            "status",
            "usageType");
    /** The legacy banner (spec §2.8). */
    private static final Set<String> LEGACY_BANNER_FIELDS = Set.of(
            "alm",
            "almExtraInfo",
            "deviceCount",
            "deviceSubType",
            "deviceType",
            "effectDate",
            "effectDays",
            "multipleLicense",
            "totalActiveDevices",
            "totalRALicense",
            "type");

    /**
     * An MSP with own licenses of three types (one about to expire, one expired), a pool expiring in
     * 40 days and a future trial pool. In expiration order: old, a5, pool, pool-t, e1, u1, a-far.
     */
    private static String msp() {
        String msp = "msp-" + UUID.randomUUID();
        purchase(data(msp, "old", "CLD-APSW-1Y", "APSW", "APSW", false, false, 9, -400, -100));
        purchase(data(msp, "a5", "CLD-APSW-1Y", "APSW", "APSW", false, false, 4, -300, 5));
        purchase(data(msp, "pool", "APSW-MSP100-001", "APSW", "MSP_APSW", true, false, 50, -10, 40));
        purchase(data(msp, "pool-t", "APSW-MSP100-TEMP", "APSW", "MSP_APSW", true, true, 5, 10, 100));
        purchase(data(msp, "e1", "EDGE-SECS-1Y", "EDGE_SECS", "EDGE_SECS", false, false, 3, -30, 120));
        purchase(data(msp, "u1", "CLD-URLF-1Y", "URLF", "APSW", false, false, 7, -30, 200));
        purchase(data(msp, "a-far", "CLD-APSW-1Y", "APSW", "APSW", false, false, 100, -300, 500));
        awaitCount(msp, 7);
        return msp;
    }

    @Test
    void getEntitlementsListsEveryLicenseUnpagedInTheOldShape() {
        String msp = msp();
        Map<String, Object> first = get(msp, "/entitlements")
                .statusCode(200)
                .header("Deprecation", equalTo("@1767225600"))
                .header("Sunset", equalTo(DeprecationHeaders.sunset().orElse("(none: the configured sunset has come)")))
                .header("Link", equalTo("</entitlements/query>; rel=\"successor-version\""))
                .body("externalId", contains("old", "a5", "pool", "pool-t", "e1", "u1", "a-far"))
                .body("status", contains("EXPIRED", "VALID", "VALID", "FUTURE", "VALID", "VALID", "VALID"))
                .body("usageType", contains("SELF", "SELF", "ASSIGNED", "ASSIGNED", "SELF", "SELF", "SELF"))
                .body("tempLicense", contains(false, false, false, true, false, false, false))
                .body("[1].quantity", equalTo(4))
                .body("[1].sku", equalTo("CLD-APSW-1Y"))
                .body("[1].licenseType", equalTo("APSW"))
                .body(
                        "[1].expirationDate",
                        equalTo(TODAY.plus(5, ChronoUnit.DAYS)
                                .plusSeconds(86_399)
                                .toString()))
                .body("emailStage", everyItem(nullValue()))
                .body("almUsedQuantity", everyItem(nullValue()))
                .extract()
                .path("[0]");
        assertEquals(ENTITLEMENT_FIELDS, first.keySet());

        // type is a device type: every one but ANALYTICS counts as APSW, whose licenses are APSW and URLF
        get(msp, "/entitlements?type=WIFI")
                .statusCode(200)
                .body("externalId", contains("old", "a5", "pool", "pool-t", "u1", "a-far"));
        get(msp, "/entitlements?type=edge_secs").statusCode(200).body("externalId", contains("e1"));
        get(msp, "/entitlements?type=ANALYTICS").statusCode(200).body("$", empty());
        get(msp, "/entitlements?type=SWITCH&licenseType=URLF").statusCode(200).body("externalId", contains("u1"));
        get(msp, "/entitlements?type=SWITCH&licenseType=EDGE_SECS")
                .statusCode(200)
                .body("$", empty());
        get(msp, "/entitlements?type=TOASTER").statusCode(400).body("errors[0].reason", containsString("TOASTER"));
        get(msp, "/entitlements?licenseType=FOO").statusCode(400).body("errors[0].code", equalTo("ENTITLEMENT-10002"));
        given().when().get("/entitlements").then().statusCode(401);
    }

    @Test
    void getEntitlementsActsForAManagedCustomer() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = TestTenants.customerOf(msp);
        purchase(data(customer, "c-1", "CLD-APSW-1Y", "APSW", "APSW", false, false, 5, -5, 100));
        awaitCount(customer, 1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().auth()
                        .oauth2(TestTokens.readOnly(msp))
                        .header(CallerContext.TENANT_HEADER, customer)
                        .when()
                        .get("/entitlements")
                        .then()
                        .statusCode(200)
                        .body("externalId", contains("c-1")));
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .header(CallerContext.TENANT_HEADER, "nobody-" + UUID.randomUUID())
                .when()
                .get("/entitlements")
                .then()
                .statusCode(404);
    }

    @Test
    void getSummariesSumsTheValidLicensesAndListsTheLegacyBanners() {
        String msp = msp();
        for (String path : new String[] {"/entitlements/summaries", "/entitlements/summaries?refresh=false"}) {
            Map<String, Object> banner = get(msp, path)
                    .statusCode(200)
                    .header("Deprecation", equalTo("@1767225600"))
                    .header(
                            "Sunset",
                            equalTo(DeprecationHeaders.sunset().orElse("(none: the configured sunset has come)")))
                    .header("Link", equalTo("</entitlements/utilizations/query>; rel=\"successor-version\""))
                    // valid today only: the expired line and the future trial pool are left out
                    .body("summaries.licenseType", contains("APSW", "APSW", "URLF", "EDGE_SECS"))
                    .body("summaries.usageType", contains("SELF", "ASSIGNED", "SELF", "SELF"))
                    .body("summaries.isTrial", contains(false, false, false, false))
                    .body("summaries.quantity", contains(104, 50, 7, 3))
                    .body("summaries.purchasedQuantity", contains(104, 50, 7, 3))
                    .body("summaries.licenses", contains(2, 1, 1, 1))
                    .body(
                            "summaries[0].nextExpirationDate",
                            equalTo(TODAY.plus(5, ChronoUnit.DAYS)
                                    .plusSeconds(86_399)
                                    .toString()))
                    // the banners of POST /entitlements/banners/query, legacy shape
                    .body("banners.type", contains("CLOSE_TO_EXPIRATION", "INITIAL"))
                    .body("banners.deviceType", contains("APSW", "APSW"))
                    .body("banners.deviceCount", contains(4, 50))
                    .extract()
                    .path("banners[0]");
            assertEquals(LEGACY_BANNER_FIELDS, banner.keySet(), "spec §2.8, legacy banner");
        }
        get(msp, "/entitlements/summaries?licenseType=URLF")
                .statusCode(200)
                .body("summaries.licenseType", contains("URLF"))
                .body("banners", empty());
        // refresh=true is the sync service's (the gateway routes it there); a spelling it did not take is refused, not
        // read
        get(msp, "/entitlements/summaries?refresh=TRUE")
                .statusCode(400)
                .body("errors[0].reason", containsString("refresh"));
        get(msp, "/entitlements/summaries?refresh=true").statusCode(400);
    }

    @Test
    void getBannersAnswersTheLegacyBannersAsAnArray() {
        String msp = msp();
        Map<String, Object> first = get(msp, "/banners")
                .statusCode(200)
                .header("Deprecation", equalTo("@1767225600"))
                .header("Sunset", equalTo(DeprecationHeaders.sunset().orElse("(none: the configured sunset has come)")))
                .header("Link", equalTo("</entitlements/banners/query>; rel=\"successor-version\""))
                .body("type", contains("CLOSE_TO_EXPIRATION", "INITIAL"))
                .body("deviceCount", contains(4, 50))
                .body("effectDays", contains(5, 40))
                .extract()
                .path("[0]");
        assertEquals(LEGACY_BANNER_FIELDS, first.keySet());
        get(msp, "/banners?type=EDGE_SECS").statusCode(200).body("$", empty());
        get(msp, "/banners?type=WIFI&licenseType=APSW")
                .statusCode(200)
                .body("type", contains("CLOSE_TO_EXPIRATION", "INITIAL"));
    }

    @Test
    void getMspSummariesListsThePoolsTheirSummariesAndTheirBanners() {
        String msp = msp();
        Map<String, Object> answer = get(msp, "/mspEntitlements/summaries")
                .statusCode(200)
                .header("Deprecation", equalTo("@1767225600"))
                .header("Sunset", equalTo(DeprecationHeaders.sunset().orElse("(none: the configured sunset has come)")))
                .header("Link", equalTo("</entitlements/utilizations/query>; rel=\"successor-version\""))
                // as GET /mspEntitlements (spec §2.3)
                .body("mspEntitlements.sku", contains("APSW-MSP100-001", "APSW-MSP100-TEMP"))
                .body("mspEntitlements.status", contains("VALID", "FUTURE"))
                // spec §2.12
                .body("mspEntitlementSummaries.derivedLicenseType", contains("APSW", "APSW"))
                .body("mspEntitlementSummaries.deviceType", contains("MSP_APSW", "MSP_APSW"))
                .body("mspEntitlementSummaries.quantity", contains(50, 5))
                .body("mspEntitlementSummaries.courtesyQuantity", contains(0, 0))
                .body("mspEntitlementSummaries.remainingDays", contains(40, 100))
                .body("mspEntitlementSummaries.trial", contains(false, true))
                .body("mspEntitlementSummaries.remainingLicenses", contains(nullValue(), nullValue()))
                // the pool's own banner, not the MSP's own licenses'
                .body("mspEntitlementBanners.type", contains("INITIAL"))
                .body("mspEntitlementBanners[0].licenseCount", equalTo(50))
                .body("mspEntitlementBanners[0].affectedDeviceCount", nullValue())
                .extract()
                .path("");
        assertEquals(Set.of("mspEntitlements", "mspEntitlementSummaries", "mspEntitlementBanners"), answer.keySet());
        @SuppressWarnings("unchecked")
        Map<String, Object> summary =
                ((java.util.List<Map<String, Object>>) answer.get("mspEntitlementSummaries")).get(0);
        assertEquals(
                Set.of(
                        "deviceType",
                        "deviceSubType",
                        "derivedLicenseType",
                        "quantity",
                        "courtesyQuantity",
                        "effectiveDate",
                        "expirationDate",
                        "remainingDays",
                        "remainingLicenses",
                        "trial"),
                summary.keySet(),
                "spec §2.12");
        @SuppressWarnings("unchecked")
        Map<String, Object> pool = ((java.util.List<Map<String, Object>>) answer.get("mspEntitlements")).get(0);
        assertEquals(
                Set.of(
                        "alm",
                        "almActivationId",
                        "almSoEntQuantity",
                        "deviceSubType",
                        "deviceType",
                        "effectiveDate",
                        "expirationDate",
                        "id",
                        "isR1Sku",
                        "isTrial",
                        "lastNotificationDate",
                        "quantity",
                        "r1Sku",
                        "sku",
                        "skuTier",
                        "status"),
                pool.keySet(),
                "spec §2.3");

        // a tenant nobody knows has no pools: empty lists, not 417
        get("msp-" + UUID.randomUUID(), "/mspEntitlements/summaries")
                .statusCode(200)
                .body("mspEntitlements", empty())
                .body("mspEntitlementSummaries", empty())
                .body("mspEntitlementBanners", empty());
        get(msp, "/mspEntitlements/summaries?refresh=True").statusCode(400);
    }

    private static ValidatableResponse get(String tenant, String path) {
        // as scripts call it: any Accept, and a Content-Type on a GET without a body
        return given().auth()
                .oauth2(TestTokens.readOnly(tenant))
                .accept("*/*")
                .contentType("application/json")
                .when()
                .get(path)
                .then();
    }
}
