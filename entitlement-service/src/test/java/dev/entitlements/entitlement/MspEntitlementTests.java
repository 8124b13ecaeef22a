package dev.entitlements.entitlement;

import static dev.entitlements.entitlement.EntitlementQueryTests.awaitCount;
import static dev.entitlements.entitlement.EntitlementQueryTests.data;
import static dev.entitlements.entitlement.EntitlementQueryTests.purchase;
import static dev.entitlements.entitlement.EntitlementQueryTests.query;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The deprecated {@code GET /mspEntitlements}, and licenses received by assignment in the SELF list. */
@QuarkusTest
class MspEntitlementTests {

    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);

    @Test
    void listsTheBulkPoolsWithExactlyTheDeprecatedFieldsAndHeaders() {
        String msp = "msp-" + UUID.randomUUID();
        purchase(data(msp, "pool-b", "APSW-MSP100-001", "APSW", "MSP_APSW", true, false, 100, -30, 300));
        purchase(data(msp, "pool-a", "APSW-MSP100-TEMP", "APSW", "MSP_APSW", true, true, 10, -30, 20));
        purchase(data(msp, "own", "CLD-APSW-1Y", "APSW", "APSW", false, false, 20, -30, 200));
        awaitCount(msp, 3);
        Map<String, Object> first = given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .accept("*/*")
                .when()
                .get("/mspEntitlements")
                .then()
                .statusCode(200)
                .header(
                        "Deprecation",
                        equalTo("@" + Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()))
                .header(
                        "Sunset",
                        equalTo(dev.entitlements.common.rest.DeprecationHeaders.sunset()
                                .orElse("(none: the configured sunset has come)")))
                .header("Link", containsString("</entitlements/query>; rel=\"successor-version\""))
                .body("sku", contains("APSW-MSP100-TEMP", "APSW-MSP100-001"))
                .body("isTrial", contains(true, false))
                .body("status", contains("VALID", "VALID"))
                .body("[1].quantity", equalTo(100))
                .body("[1].deviceType", equalTo("MSP_APSW"))
                .body("[1].isR1Sku", equalTo(true))
                .body("[1].r1Sku", equalTo(true))
                .body("[1].skuTier", equalTo("Gold"))
                .body("[1].lastNotificationDate", nullValue())
                .body(
                        "[1].expirationDate",
                        equalTo(TODAY.plus(300, ChronoUnit.DAYS)
                                .plusSeconds(86_399)
                                .toString()))
                .extract()
                .path("[0]");
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
                first.keySet(),
                "spec §2.3, no more and no less");

        given().auth()
                .oauth2(TestTokens.readOnly("msp-" + UUID.randomUUID()))
                .when()
                .get("/mspEntitlements")
                .then()
                .statusCode(200)
                .body("$", empty());
        given().when().get("/mspEntitlements").then().statusCode(401);
    }

    @Test
    void licensesReceivedByAssignmentAreListedAmongTheRecipientsOwnUntilRevoked() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = "ec-" + UUID.randomUUID();
        long id = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1;
        AssignmentData given = new AssignmentData(
                id,
                msp,
                customer,
                "APSW",
                false,
                25,
                TODAY.minus(1, ChronoUnit.DAYS),
                TODAY.plus(90, ChronoUnit.DAYS),
                "admin@" + msp,
                TODAY,
                null,
                null);
        TestKafka.publish(EventType.ASSIGNMENT_CREATED, msp, given);
        awaitCount(customer, 1);
        query(customer, "{\"filters\": {\"isAssignedLicense\": true}}")
                .body("totalCount", equalTo(1))
                .body("data[0].usageType", equalTo("SELF"))
                .body("data[0].assignedLicense", equalTo(true))
                .body("data[0].quantity", equalTo(25))
                .body("data[0].licenseType", equalTo("APSW"))
                .body("data[0].externalId", equalTo("assignment:" + id))
                .body("data[0].sku", nullValue())
                .body("data[0].status", equalTo("VALID"));
        // an MSP-kind tenant's view is narrowed by isAssignedLicense; a customer's is not: received licenses are its
        // own
        query(customer, "{\"filters\": {\"isAssignedLicense\": false}}").body("totalCount", equalTo(0));
        given().auth()
                .oauth2(TestTokens.token(customer, "MSP_EC", "READ_ONLY"))
                .contentType("application/json")
                .body("{\"filters\": {\"isAssignedLicense\": false, \"usageType\": \"SELF\"}}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(1))
                .body("data[0].assignedLicense", equalTo(true));

        TestKafka.publish(
                EventType.ASSIGNMENT_REVOKED,
                msp,
                new AssignmentData(
                        id,
                        msp,
                        customer,
                        "APSW",
                        false,
                        25,
                        given.effectiveDate(),
                        given.expirationDate(),
                        given.createdBy(),
                        given.createdDate(),
                        "admin@" + msp,
                        Instant.now()));
        awaitCount(customer, 0);
        // the MSP's own list is untouched by what it gave away
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(417);
    }
}
