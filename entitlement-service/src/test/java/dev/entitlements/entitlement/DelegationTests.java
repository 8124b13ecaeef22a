package dev.entitlements.entitlement;

import static dev.entitlements.entitlement.EntitlementQueryTests.awaitCount;
import static dev.entitlements.entitlement.EntitlementQueryTests.data;
import static dev.entitlements.entitlement.EntitlementQueryTests.purchase;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.events.TenantUpserted;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTenants;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An MSP acts for a customer it manages through {@code x-rks-tenantid}; the tenant directory comes
 * from the real tenant.events topic. Nobody else reaches another tenant's rows.
 */
@QuarkusTest
class DelegationTests {

    @Test
    void anMspReadsItsCustomersEntitlementsAndNoOtherTenants() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = TestTenants.customerOf(msp);
        String stranger = TestTenants.customerOf("msp-other");
        purchase(data(customer, "c-1", "CLD-APSW-1Y", "APSW", "APSW", false, false, 5, -5, 100));
        purchase(data(stranger, "s-1", "CLD-APSW-1Y", "APSW", "APSW", false, false, 9, -5, 100));
        purchase(data(msp, "m-1", "CLD-APSW-1Y", "APSW", "APSW", false, false, 1, -5, 100));
        awaitCount(customer, 1);
        awaitCount(stranger, 1);
        awaitCount(msp, 1);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asMsp(msp, customer).statusCode(200).body("data.externalId", contains("c-1")));
        asMsp(msp, msp).statusCode(200).body("data.externalId", contains("m-1"));
        // a customer of another MSP, and a tenant nobody knows: both 404, existence is not told
        asMsp(msp, stranger).statusCode(404).body("errors[0].code", equalTo("ENTITLEMENT-10012"));
        asMsp(msp, "nobody-" + UUID.randomUUID()).statusCode(404);
        // only an MSP may name another tenant
        given().auth()
                .oauth2(TestTokens.token(stranger, "MSP_EC", Roles.PRIME_ADMIN))
                .header(CallerContext.TENANT_HEADER, customer)
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(403)
                .body("errors[0].code", equalTo("ENTITLEMENT-10011"));
        // the same holds for the other reads of the service
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .header(CallerContext.TENANT_HEADER, stranger)
                .when()
                .get("/entitlements/settings")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .header(CallerContext.TENANT_HEADER, stranger)
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/entitlements/banners/query")
                .then()
                .statusCode(404);
    }

    @Test
    void aCustomerMovedToAnotherMspIsNoLongerReachableByTheFirst() {
        String first = "msp-" + UUID.randomUUID();
        String second = "msp-" + UUID.randomUUID();
        String customer = "ec-" + UUID.randomUUID();
        TestKafka.publish(
                EventType.TENANT_UPSERTED, customer, new TenantUpserted(customer, "Customer", "MSP_EC", first));
        purchase(data(customer, "c-1", "CLD-APSW-1Y", "APSW", "APSW", false, false, 5, -5, 100));
        awaitCount(customer, 1);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asMsp(first, customer).statusCode(200));
        TestKafka.publish(
                EventType.TENANT_UPSERTED, customer, new TenantUpserted(customer, "Customer", "MSP_EC", second));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> asMsp(first, customer).statusCode(404));
        asMsp(second, customer).statusCode(200).body("totalCount", equalTo(1));
    }

    private static ValidatableResponse asMsp(String msp, String actingFor) {
        return given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .header(CallerContext.TENANT_HEADER, actingFor)
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/entitlements/query")
                .then();
    }
}
