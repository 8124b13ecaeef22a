package dev.entitlements.entitlement;

import static dev.entitlements.entitlement.EntitlementQueryTests.awaitCount;
import static dev.entitlements.entitlement.EntitlementQueryTests.data;
import static dev.entitlements.entitlement.EntitlementQueryTests.purchase;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.TenantUpserted;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The customer view of the entitlement read model (docs/decisions.md, Client compatibility): licenses a
 * customer received by assignment are its own (usageType SELF, {@code assignedLicense: true}) in
 * its entitlements and its banners, whatever {@code isAssignedLicense} says; a customer an MSP
 * manages has an account before it holds a license (200 with an empty page, never 417).
 */
@QuarkusTest
class CustomerViewTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);

    private record Msp(String id, String customer, long assignmentId) {}

    /** An MSP managing one customer, to whom it assigned 10 APSW expiring in 5 days. */
    private static Msp mspWithACustomerThatReceived10() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = "ec-" + UUID.randomUUID();
        TestKafka.publish(EventType.TENANT_UPSERTED, msp, new TenantUpserted(msp, "MSP", "MSP", null));
        TestKafka.publish(EventType.TENANT_UPSERTED, customer, new TenantUpserted(customer, "Customer", "MSP_EC", msp));
        long id = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1;
        TestKafka.publish(
                EventType.ASSIGNMENT_CREATED,
                msp,
                new AssignmentData(
                        id,
                        msp,
                        customer,
                        "APSW",
                        false,
                        10,
                        TODAY.minus(1, ChronoUnit.DAYS),
                        TODAY.plus(5, ChronoUnit.DAYS),
                        "admin@" + msp,
                        TODAY,
                        null,
                        null));
        awaitCount(customer, 1);
        // the tenant directory (another topic) may come a moment later
        await().atMost(WAIT)
                .untilAsserted(() ->
                        asMspFor(msp, customer, "/entitlements/query", "{}").statusCode(200));
        return new Msp(msp, customer, id);
    }

    @Test
    void aCustomersReceivedLicensesAreItsOwnWhateverIsAssignedLicenseSays() {
        Msp m = mspWithACustomerThatReceived10();
        for (String filters : new String[] {
            "{}",
            "{\"usageType\": \"SELF\"}",
            "{\"usageType\": \"SELF\", \"isAssignedLicense\": false}",
            "{\"isAssignedLicense\": true}"
        }) {
            for (ValidatableResponse r : new ValidatableResponse[] {
                asCustomer(m.customer(), "/entitlements/query", "{\"filters\": " + filters + "}"),
                asMspFor(m.id(), m.customer(), "/entitlements/query", "{\"filters\": " + filters + "}")
            }) {
                r.statusCode(200)
                        .body("totalCount", equalTo(1))
                        .body("data[0].usageType", equalTo("SELF"))
                        .body("data[0].assignedLicense", equalTo(true))
                        .body("data[0].quantity", equalTo(10))
                        .body("data[0].externalId", equalTo("assignment:" + m.assignmentId()))
                        .body("data[0].status", equalTo("VALID"));
            }
        }
        // the MSP's own view is still narrowed by it: its pool is not what it assigned to itself
        purchase(data(m.id(), "pool", "APSW-MSP100-001", "APSW", "MSP_APSW", true, false, 100, -30, 300));
        long self = m.assignmentId() + 1;
        TestKafka.publish(
                EventType.ASSIGNMENT_CREATED,
                m.id(),
                new AssignmentData(
                        self,
                        m.id(),
                        m.id(),
                        "APSW",
                        false,
                        5,
                        TODAY.minus(1, ChronoUnit.DAYS),
                        TODAY.plus(50, ChronoUnit.DAYS),
                        "admin@" + m.id(),
                        TODAY,
                        null,
                        null));
        awaitCount(m.id(), 2);
        asMsp(m.id(), "/entitlements/query", "{\"filters\": {\"isAssignedLicense\": true}}")
                .statusCode(200)
                .body("data.externalId", contains("assignment:" + self));
        asMsp(m.id(), "/entitlements/query", "{\"filters\": {\"isAssignedLicense\": false}}")
                .statusCode(200)
                .body("data.externalId", contains("pool"));
    }

    @Test
    void aCustomersReceivedLicensesRaiseItsBanners() {
        Msp m = mspWithACustomerThatReceived10();
        for (ValidatableResponse r : new ValidatableResponse[] {
            asCustomer(m.customer(), "/entitlements/banners/query", "{\"filters\": {\"usageType\": \"SELF\"}}"),
            asMspFor(
                    m.id(), m.customer(), "/entitlements/banners/query", "{\"filters\": {\"licenseType\": [\"APSW\"]}}")
        }) {
            r.statusCode(200)
                    .body("data.type", contains("CLOSE_TO_EXPIRATION"))
                    .body("data[0].licenseType", equalTo("APSW"))
                    .body("data[0].usageType", equalTo("SELF"))
                    .body("data[0].licenseCount", equalTo(10))
                    .body("data[0].effectiveDays", equalTo(5));
        }
    }

    @Test
    void aManagedCustomerWithoutLicensesGetsAnEmptyPageAndOnlyAStrangerGets417() {
        String msp = "msp-" + UUID.randomUUID();
        String customer = "ec-" + UUID.randomUUID();
        TestKafka.publish(EventType.TENANT_UPSERTED, customer, new TenantUpserted(customer, "Customer", "MSP_EC", msp));
        await().atMost(WAIT)
                .untilAsserted(() -> asCustomer(customer, "/entitlements/query", "{}")
                        .statusCode(200)
                        .body("totalCount", equalTo(0))
                        .body("data", empty()));
        asCustomer(
                        customer,
                        "/entitlements/query",
                        "{\"filters\": {\"usageType\": \"SELF\", \"isAssignedLicense\": false}}")
                .statusCode(200)
                .body("totalCount", equalTo(0));
        asMspFor(msp, customer, "/entitlements/query", "{}").statusCode(200).body("totalCount", equalTo(0));
        asCustomer(customer, "/entitlements/banners/query", "{}")
                .statusCode(200)
                .body("data", empty());
        asMspFor(msp, customer, "/entitlements/attentionNotes/query", "{}")
                .statusCode(200)
                .body("data", empty());
        // nobody knows this one: no licensing account, no MSP
        asCustomer("ec-" + UUID.randomUUID(), "/entitlements/query", "{}")
                .statusCode(417)
                .body("errors[0].code", equalTo("ENTITLEMENT-10102"));
    }

    /** Each endpoint of the service that takes filters.licenseType: a string means the same as a one-element list. */
    @ParameterizedTest
    @ValueSource(strings = {"/entitlements/query", "/entitlements/banners/query", "/entitlements/attentionNotes/query"})
    void licenseTypeIsAStringOrAList(String path) {
        Msp m = mspWithACustomerThatReceived10();
        purchase(data(m.customer(), "urlf", "CLD-URLF-1Y", "URLF", "APSW", false, false, 3, -30, 4));
        awaitCount(m.customer(), 2);
        Map<String, Object> asString = asCustomer(m.customer(), path, "{\"filters\": {\"licenseType\": \"URLF\"}}")
                .statusCode(200)
                .extract()
                .as(Map.class);
        Map<String, Object> asList = asCustomer(m.customer(), path, "{\"filters\": {\"licenseType\": [\"URLF\"]}}")
                .statusCode(200)
                .extract()
                .as(Map.class);
        asString.remove("requestId");
        asList.remove("requestId");
        assertEquals(asList, asString);
        if (!path.contains("attentionNotes")) {
            List<String> types = asCustomer(m.customer(), path, "{\"filters\": {\"licenseType\": \"URLF\"}}")
                    .extract()
                    .path("data.licenseType");
            assertEquals(List.of("URLF"), types, path);
        }
    }

    private static ValidatableResponse asMsp(String msp, String path, String body) {
        return given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then();
    }

    private static ValidatableResponse asCustomer(String customer, String path, String body) {
        return given().auth()
                .oauth2(TestTokens.token(customer, "MSP_EC", Roles.READ_ONLY))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then();
    }

    private static ValidatableResponse asMspFor(String msp, String customer, String path, String body) {
        return given().auth()
                .oauth2(TestTokens.readOnly(msp))
                .header(CallerContext.TENANT_HEADER, customer)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then();
    }
}
