package dev.entitlements.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.contract.events.TenantUpserted;
import dev.entitlements.infra.EventSchemas;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Device usage published through the real broker, projected into PostgreSQL, read over HTTP. */
@QuarkusTest
class LicenseUsageReportTests {

    private static final String PATH = "/entitlements/licenseUsageReports";

    @Test
    void usagePublishedToKafkaShowsInTheDailyReport() {
        String tenant = newTenant();
        publish(tenant, "2024-01-02", "WIFI", 10, 12);
        publish(tenant, "2024-01-02", "SWITCH", 3, 4);
        publish(tenant, "2024-01-04", "WIFI", 11, 13);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> report(tenant, "2024-01-01", "2024-01-05")
                        .statusCode(200)
                        .body("totalCount", equalTo(5))
                        .body(
                                "data.date",
                                contains("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"))
                        .body("data.usedQuantity", contains(0, 16, 0, 13, 0))
                        .body("data.deviceCount", contains(0, 13, 0, 11, 0)));
    }

    @Test
    void aLaterSnapshotOfTheSameDayReplacesTheEarlierAndARedeliveryChangesNothing() {
        String tenant = newTenant();
        CloudEvent first = publish(tenant, "2024-02-10", "WIFI", 5, 5);
        publish(tenant, "2024-02-10", "WIFI", 7, 9);
        TestKafka.publish(EventType.DEVICE_USAGE_REPORTED.topic(), first); // redelivery of the older one
        publish(tenant, "2024-02-11", "WIFI", 1, 1); // marks the end of the sequence

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> report(tenant, "2024-02-10", "2024-02-11")
                        .statusCode(200)
                        .body("data.usedQuantity", contains(9, 1))
                        .body("data.deviceCount", contains(7, 1)));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String tenant = newTenant();
        String marker = UUID.randomUUID().toString();
        TestKafka.publishRaw(Topics.DEVICE_USAGE, tenant, "{\"not\":\"a cloud event\",\"marker\":\"" + marker + "\"}");
        publish(tenant, "2024-03-01", "EDGE", 2, 2);

        ConsumerRecord<String, String> dead = TestKafka.await(
                Topics.deadLetter(Topics.DEVICE_USAGE),
                r -> r.value() != null && r.value().contains(marker),
                Duration.ofSeconds(30));
        String reason =
                new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertEquals(true, reason.contains("not a CloudEvent"), reason);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> report(tenant, "2024-03-01", "2024-03-01")
                        .statusCode(200)
                        .body("data.usedQuantity", contains(2)));
    }

    @Test
    void pagesSliceTheDaysAndPageZeroReturnsAll() {
        String tenant = newTenant();
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .queryParam("startDate", "2024-01-01")
                .queryParam("endDate", "2024-01-31")
                .queryParam("page", 2)
                .queryParam("pageSize", 7)
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(31))
                .body("page", equalTo(2))
                .body("pageSize", equalTo(7))
                .body(
                        "data.date",
                        contains(
                                "2024-01-08",
                                "2024-01-09",
                                "2024-01-10",
                                "2024-01-11",
                                "2024-01-12",
                                "2024-01-13",
                                "2024-01-14"));
        given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .queryParam("month", "02")
                .queryParam("year", "2024")
                .queryParam("page", 0)
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .body("totalCount", equalTo(29))
                .body("data", hasSize(29));
    }

    @Test
    void anMspSeesItsCustomersDayByDayOneCustomerOnAskDevicesOnAskAndACsvDownload() {
        String msp = newTenant();
        String alpha = newTenant();
        String beta = newTenant();
        ReportEvents.manages(msp, alpha);
        ReportEvents.manages(msp, beta);
        ReportEvents.usage(msp, LocalDate.parse("2024-05-01"), "APSW", "WIFI", 2, 2);
        ReportEvents.usage(alpha, LocalDate.parse("2024-05-01"), "MSP_APSW", "WIFI", 10, 11);
        ReportEvents.usage(alpha, LocalDate.parse("2024-05-01"), "MSP_APSW", "SWITCH", 3, 4);
        ReportEvents.usage(beta, LocalDate.parse("2024-05-02"), "APSW", "WIFI", 5, 5);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> report(msp, "2024-05-01", "2024-05-02")
                        .statusCode(200)
                        .body("data.usedQuantity", contains(17, 5))
                        .body("data.deviceCount", contains(15, 5))
                        .body("data[0].customers.tenantId", contains(msp, alpha))
                        .body("data[0].customers.usedQuantity", contains(2, 15))
                        .body("data[0].customers[1].tenantName", equalTo("Customer " + alpha))
                        .body("data[1].customers.tenantId", contains(beta))
                        .body("data[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("devices"))));
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .queryParam("startDate", "2024-05-01")
                .queryParam("endDate", "2024-05-01")
                .queryParam("mspEcTenantId", alpha)
                .queryParam("deviceDetails", "true")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .body("data[0].usedQuantity", equalTo(15))
                .body("data[0].devices.deviceType", contains("SWITCH", "WIFI"))
                .body("data[0].devices.usedQuantity", contains(4, 11))
                .body("data[0].customers[0].devices.deviceCount", contains(3, 10));
        // a tenant the MSP does not manage: 404, whether it exists or not
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .queryParam("mspEcTenantId", newTenant())
                .when()
                .get(PATH)
                .then()
                .statusCode(404);
        String csv = given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .accept("text/csv")
                .queryParam("startDate", "2024-05-01")
                .queryParam("endDate", "2024-05-02")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .header("Content-Type", startsWith("text/csv"))
                .header(
                        "Content-Disposition",
                        equalTo("attachment; filename=\"license-usage-MSP_APSW-2024-05-01-2024-05-02.csv\""))
                .extract()
                .asString();
        assertEquals(
                java.util.List.of(
                        "date,tenantId,tenantName,deviceType,usedQuantity,deviceCount",
                        "2024-05-01,,,,17,15",
                        "2024-05-01," + msp + ",MSP " + msp + ",,2,2",
                        "2024-05-01," + alpha + ",Customer " + alpha + ",,15,13",
                        "2024-05-02,,,,5,5",
                        "2024-05-02," + beta + ",Customer " + beta + ",,5,5"),
                csv.lines().toList());
    }

    @Test
    void aCustomerNameASpreadsheetWouldRunAsAFormulaIsTextInTheCsv() {
        String msp = newTenant();
        String link = newTenant();
        String sum = newTenant();
        ReportEvents.publish(
                EventType.TENANT_UPSERTED,
                msp,
                new TenantUpserted(msp, "MSP " + msp, "MSP", null),
                java.time.Instant.now());
        ReportEvents.publish(
                EventType.TENANT_UPSERTED,
                link,
                new TenantUpserted(link, "=HYPERLINK(\"http://evil.example\",\"x\")", "MSP_EC", msp),
                java.time.Instant.now());
        ReportEvents.publish(
                EventType.TENANT_UPSERTED,
                sum,
                new TenantUpserted(sum, "-2+3", "MSP_EC", msp),
                java.time.Instant.now());
        ReportEvents.usage(link, LocalDate.parse("2024-06-01"), "MSP_APSW", "WIFI", 3, 3);
        ReportEvents.usage(sum, LocalDate.parse("2024-06-01"), "MSP_APSW", "WIFI", 4, 4);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String csv = given().auth()
                    .oauth2(TestTokens.mspAdmin(msp))
                    .accept("text/csv")
                    .queryParam("startDate", "2024-06-01")
                    .queryParam("endDate", "2024-06-01")
                    .when()
                    .get(PATH)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertEquals(
                    java.util.Set.of(
                            "date,tenantId,tenantName,deviceType,usedQuantity,deviceCount",
                            "2024-06-01,,,,7,7",
                            "2024-06-01," + link + ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",,3,3",
                            "2024-06-01," + sum + ",'-2+3,,4,4"),
                    java.util.Set.copyOf(csv.lines().toList()),
                    csv);
        });
    }

    @Test
    void withoutATokenTheAnswerIs401WithTheErrorBody() {
        given().header("x-request-id", "req-401-check")
                .when()
                .get(PATH)
                .then()
                .statusCode(401)
                .header("x-request-id", "req-401-check")
                .body("requestId", equalTo("req-401-check"))
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() {
        String foreign = dev.entitlements.issuer.TokenIssuer.generate(
                        dev.entitlements.issuer.TokenIssuer.DEFAULT_ISSUER)
                .mint("mallory", "t1", "MSP", java.util.List.of("PRIME_ADMIN"), Duration.ofMinutes(5));
        given().auth()
                .oauth2(foreign)
                .when()
                .get(PATH)
                .then()
                .statusCode(401)
                .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
    }

    @Test
    void aTokenOfTheTrustedIssuerForAnotherAudienceIsRejected() {
        String tenant = newTenant();
        var issuer = TestTokens.issuer();
        var claims = issuer.claims("user@" + tenant, Duration.ofMinutes(5));
        claims.setClaim("tenantId", tenant);
        claims.setClaim("tenantType", "MSP");
        claims.setStringListClaim("groups", "PRIME_ADMIN");
        String right = issuer.sign(claims);
        claims.setAudience("another-api");
        String wrong = issuer.sign(claims);
        claims.unsetClaim("aud");
        String none = issuer.sign(claims);
        for (String token : java.util.List.of(wrong, none)) {
            given().auth()
                    .oauth2(token)
                    .when()
                    .get(PATH)
                    .then()
                    .statusCode(401)
                    .body("requestId", notNullValue())
                    .body("errors[0].code", equalTo("ENTITLEMENT-10010"));
        }
        given().auth().oauth2(right).when().get(PATH).then().statusCode(200);
    }

    @Test
    void badParametersGet400NamingTheParameter() {
        String token = TestTokens.mspAdmin(newTenant());
        given().auth()
                .oauth2(token)
                .queryParam("startDate", "2024-13-45")
                .when()
                .get(PATH)
                .then()
                .statusCode(400)
                .body("requestId", notNullValue())
                .body("errors[0].code", equalTo("ENTITLEMENT-10002"))
                .body("errors[0].reason", startsWith("'startDate'"));
        given().auth()
                .oauth2(token)
                .queryParam("pageSize", "many")
                .when()
                .get(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].reason", startsWith("'pageSize'"));
        given().auth()
                .oauth2(token)
                .queryParam("licenseType", "NOPE")
                .when()
                .get(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].reason", startsWith("'licenseType'"));
        given().auth()
                .oauth2(token)
                .queryParam("startDate", "2024-02-01")
                .queryParam("endDate", "2024-01-01")
                .when()
                .get(PATH)
                .then()
                .statusCode(422)
                .body("errors[0].code", equalTo("ENTITLEMENT-10103"));
    }

    @Test
    void readOnlyMayReadButANonMspTenantMayNot() {
        given().auth()
                .oauth2(TestTokens.readOnly(newTenant()))
                .when()
                .get(PATH)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.token(newTenant(), "MSP_EC", "PRIME_ADMIN"))
                .when()
                .get(PATH)
                .then()
                .statusCode(403)
                .body("errors[0].code", equalTo("ENTITLEMENT-10011"));
    }

    private static ValidatableResponse report(String tenant, String from, String to) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(tenant))
                .queryParam("startDate", from)
                .queryParam("endDate", to)
                .when()
                .get(PATH)
                .then();
    }

    private static CloudEvent publish(String tenant, String date, String deviceType, int devices, int used) {
        DeviceUsageReported usage =
                new DeviceUsageReported(tenant, LocalDate.parse(date), "MSP_APSW", deviceType, devices, used);
        CloudEvent event = CloudEvent.of(EventType.DEVICE_USAGE_REPORTED, "/tests", tenant, usage);
        assertEquals(java.util.List.of(), EventSchemas.violations(EventType.DEVICE_USAGE_REPORTED, event.data()));
        TestKafka.publish(EventType.DEVICE_USAGE_REPORTED.topic(), event);
        return event;
    }

    private static String newTenant() {
        return "msp-" + UUID.randomUUID();
    }
}
