package dev.entitlements.security;

import static org.awaitility.Awaitility.await;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.contract.events.TenantUpserted;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.issuer.TokenIssuer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An MSP and the customer it manages, made through the real topics as tenant management and the
 * licensing system would (tenant events, purchase records), with one assignment of each kind and
 * a sync request. Every id of a family contains its {@link #marker}, so a body that shows another
 * family's data is caught by a plain search.
 */
final class Family {

    static final Duration WAIT = Duration.ofSeconds(120);
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern REQUEST = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");

    final String marker = "f" + UUID.randomUUID().toString().substring(0, 8);
    final String msp = "msp-" + marker;
    final String customer = "ec-" + marker;
    final TokenIssuer issuer;
    final Api api;
    final String admin;
    String selfAssignment;
    String customerAssignment;
    String syncRequest;

    Family(TokenIssuer issuer, Api api) {
        this.issuer = issuer;
        this.api = api;
        this.admin = token(Roles.PRIME_ADMIN);
    }

    String token(String... roles) {
        return HostileTokens.good(issuer, msp, "MSP", List.of(roles));
    }

    String customerToken(String... roles) {
        return HostileTokens.good(issuer, customer, "MSP_EC", List.of(roles));
    }

    /** Announces the tenants and the MSP's purchases, then waits until every service has them. */
    Family create() {
        TestKafka.publish(EventType.TENANT_UPSERTED, msp, new TenantUpserted(msp, "MSP " + marker, "MSP", null));
        TestKafka.publish(
                EventType.TENANT_UPSERTED, customer, new TenantUpserted(customer, "Customer " + marker, "MSP_EC", msp));
        String year = String.valueOf(TODAY.getYear());
        for (PurchaseRecord p : List.of(
                purchase("line-" + marker + "-pool", "APSW-MSP100-001", 100_000, (TODAY.getYear() + 3) + "-12-31"),
                purchase("line-" + marker + "-own", "CLD-APSW-1Y", 20, (TODAY.getYear() + 1) + "-12-31"))) {
            TestKafka.publishRaw(Topics.LICENSING_PURCHASES, msp, EventJson.write(p));
        }
        selfAssignment = awaitCreated("/tenants/self/entitlements/assignments");
        customerAssignment = awaitCreated("/tenants/" + customer + "/entitlements/assignments");
        AtomicReference<String> request = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Answer a = api.call("PATCH", "/entitlements", admin, "{\"refreshType\": \"FULL\"}");
            Matcher m = REQUEST.matcher(a.body());
            if (a.status() == 202 && m.find()) {
                request.set(m.group(1));
                return true;
            }
            return false;
        });
        syncRequest = request.get();
        // every service's tenant directory knows the customer (delegation through x-rks-tenantid)
        for (String path : List.of("/entitlements/query", "/entitlements/utilizations/query")) {
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> api.call("POST", path, admin, "{}", Map.of("x-rks-tenantid", customer))
                                    .status()
                            == 200);
        }
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> api.call("POST", "/entitlements/utilizations/query", admin, "{}")
                                .status()
                        == 200);
        return this;
    }

    /** A new assignment (quantity 1) at {@code path}; its id. */
    String assign(String path) {
        Api.Answer a = api.call("POST", path, admin, assignmentBody());
        if (a.status() != 201) {
            throw new IllegalStateException("POST " + path + ": " + a);
        }
        Matcher m = ID.matcher(a.body());
        if (!m.find()) {
            throw new IllegalStateException("no id in " + a);
        }
        return m.group(1);
    }

    private String awaitCreated(String path) {
        AtomicReference<String> id = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                id.set(assign(path));
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        });
        return id.get();
    }

    static String assignmentBody() {
        return "{\"effectiveDate\": \"" + TODAY + "\", \"expirationDate\": \"" + TODAY.plusDays(30)
                + "\", \"quantity\": 1, \"licenseType\": \"APSW\"}";
    }

    /** A PATCH body: the assignment, one more day and one more license. */
    static String replacementBody() {
        return "{\"expirationDate\": \"" + TODAY.plusDays(31) + "\", \"quantity\": 2}";
    }

    /** A purchase record of this MSP, as the licensing system's webhook receives it. */
    PurchaseRecord purchase(String line, String sku, int quantity, String until) {
        return new PurchaseRecord(
                msp,
                "acc-" + marker,
                line,
                sku,
                quantity,
                TODAY.getYear() + "-01-01",
                until,
                "Gold",
                null,
                null,
                null,
                null,
                null);
    }
}
