package dev.entitlements.assignment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The pools and requests the assignment tests start from: pools arrive through the real entitlement.events topic. */
final class AssignmentFixtures {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final String SELF = "/tenants/self/entitlements/assignments";

    private AssignmentFixtures() {}

    /** A new MSP with a paid APSW pool of 100, valid from 10 days ago to 200 days from now, once the service has it. */
    static String mspWithPool() {
        String msp = "msp-" + UUID.randomUUID();
        purchase(msp, "pool-1", 100);
        awaitPoolLines(msp, 1);
        return msp;
    }

    /** A paid APSW order line of the MSP's bulk pool, valid from 10 days ago to 200 days from now. */
    static void purchase(String msp, String externalId, int quantity) {
        purchase(line(msp, externalId, quantity));
    }

    /** The licensing system sold {@code line} (a {@link #pool}). */
    static void purchase(EntitlementData line) {
        TestKafka.publish(EventType.ENTITLEMENT_PURCHASED, line.tenantId(), line);
    }

    /** The licensing system reduced (or raised) the quantity of an order line. */
    static void changeQuantity(String msp, String externalId, int from, int to) {
        TestKafka.publish(
                EventType.ENTITLEMENT_CHANGED,
                msp,
                new EntitlementChanged(
                        line(msp, externalId, to), line(msp, externalId, from), java.util.List.of("quantity")));
    }

    private static EntitlementData line(String msp, String externalId, int quantity) {
        return pool(msp, externalId, "APSW-MSP100-001", quantity, 200);
    }

    /** A paid APSW bulk-pool order line of {@code sku}, valid from 10 days ago to day {@code lastDay}. */
    static EntitlementData pool(String msp, String externalId, String sku, int quantity, int lastDay) {
        Instant start = TODAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new EntitlementData(
                msp,
                "acc-" + msp,
                externalId,
                sku,
                "APSW",
                "MSP_APSW",
                null,
                false,
                true,
                true,
                quantity,
                start.minus(10, ChronoUnit.DAYS),
                start.plus(lastDay, ChronoUnit.DAYS),
                null,
                false,
                false,
                null,
                null);
    }

    static void awaitPoolLines(String msp, long lines) {
        awaitSingle(lines, "SELECT count(*) FROM pool WHERE provider_tenant_id = ?", msp);
    }

    /** Waits until a change of the order line's quantity has reached the pool. */
    static void awaitPoolQuantity(String msp, String externalId, long quantity) {
        awaitSingle(
                quantity,
                "SELECT quantity FROM pool WHERE provider_tenant_id = ? AND external_id = ?",
                msp,
                externalId);
    }

    /** Waits until the tenant directory (fed by tenant events) knows {@code tenant}. */
    static void awaitTenant(String tenant) {
        awaitSingle(1, "SELECT count(*) FROM tenant_directory WHERE tenant_id = ?", tenant);
    }

    private static void awaitSingle(long expected, String sql, Object... args) {
        await().atMost(WAIT).until(() -> ((Number) TestDatabase.single(sql, args)).longValue() == expected);
    }

    /** A create body for days {@code fromDay}..{@code toDay} from today, as bare dates. */
    static String body(int fromDay, int toDay, long quantity, String licenseType) {
        return "{\"effectiveDate\": \"" + TODAY.plusDays(fromDay) + "\", \"expirationDate\": \"" + TODAY.plusDays(toDay)
                + "\", \"quantity\": " + quantity + ", \"licenseType\": \"" + licenseType + "\"}";
    }

    static ValidatableResponse create(String msp, String body) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(SELF)
                .then();
    }

    /**
     * Creates an assignment at {@code path} (the MSP's own or a customer's) and returns its id. A 503
     * (the first requests of a cold service on a busy machine can pass the request deadline) is
     * retried with the same Idempotency-Key, as docs/errors.md tells clients, so a create that did
     * commit is not made twice.
     */
    static long created(String msp, String path, String body) {
        String key = UUID.randomUUID().toString();
        var response = await().atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> given().auth()
                                .oauth2(TestTokens.mspAdmin(msp))
                                .header("Idempotency-Key", key)
                                .contentType(ContentType.JSON)
                                .body(body)
                                .when()
                                .post(path)
                                .then()
                                .extract(),
                        r -> r.statusCode() != 503);
        assertEquals(201, response.statusCode(), response.asString());
        return ((Number) response.path("data.id")).longValue();
    }

    /** Licenses the MSP's live (not revoked) assignments hold. */
    static long assigned(String msp) {
        return ((Number) TestDatabase.single(
                        "SELECT coalesce(sum(quantity), 0) FROM assignment WHERE provider_tenant_id = ?"
                                + " AND revoked_date IS NULL",
                        msp))
                .longValue();
    }
}
