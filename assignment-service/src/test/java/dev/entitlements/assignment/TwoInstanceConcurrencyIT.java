package dev.entitlements.assignment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.infra.Ports;
import dev.entitlements.infra.ServiceProcess;
import dev.entitlements.infra.test.PackagedStack;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.issuer.TokenIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two running instances of the packaged service on one database take 200 simultaneous creates
 * on one pool of 100: the live assignments never exceed it, every refusal is a 402 that says why,
 * and what the answers report is exactly what the database holds. An in-process lock could not
 * pass this; the bucket's row lock in PostgreSQL does.
 */
class TwoInstanceConcurrencyIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String DB = "assignment_race";
    private static final int POOL = 100;
    private static final int REQUESTS = 200;
    private static final Pattern MAX = Pattern.compile("maxQuantity: (\\d+)");

    @Test
    void twoHundredConcurrentCreatesThroughTwoInstancesNeverOverAllocate() throws Exception {
        try (PackagedStack stack = PackagedStack.start(DB, 3)) {
            TokenIssuer issuer = stack.issuer();
            String msp = "msp-" + UUID.randomUUID();

            try (ServiceProcess a = launch("a", stack);
                    ServiceProcess b = launch("b", stack)) {
                a.awaitReady(WAIT);
                b.awaitReady(WAIT);
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                Instant start = today.atStartOfDay(ZoneOffset.UTC).toInstant();
                TestKafka.publish(
                        EventType.ENTITLEMENT_PURCHASED,
                        msp,
                        new EntitlementData(
                                msp,
                                "acc-" + msp,
                                "pool-1",
                                "APSW-MSP100-001",
                                "APSW",
                                "MSP_APSW",
                                null,
                                false,
                                true,
                                true,
                                POOL,
                                start.minus(10, ChronoUnit.DAYS),
                                start.plus(200, ChronoUnit.DAYS),
                                null,
                                false,
                                false,
                                null,
                                null));
                await().atMost(WAIT)
                        .until(() -> ((Number) TestDatabase.single(
                                                "SELECT count(*) FROM pool WHERE provider_tenant_id = ?", msp))
                                        .longValue()
                                == 1);

                String token = issuer.mint("admin@" + msp, msp, "MSP", List.of(Roles.ADMIN), Duration.ofMinutes(10));
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                Random random = new Random(20261123);
                int[] quantities = new int[REQUESTS];
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                List<HttpRequest> requests = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    quantities[i] = 1 + random.nextInt(5);
                    // windows that overlap in different ways: the rule must hold at every instant, not only today
                    int from = random.nextInt(3);
                    String body = "{\"effectiveDate\": \"" + today.plusDays(from) + "\", \"expirationDate\": \""
                            + today.plusDays(from + 20 + random.nextInt(100)) + "\", \"quantity\": " + quantities[i]
                            + ", \"licenseType\": \"APSW\"}";
                    int port = (i % 2 == 0 ? a : b).port();
                    // keyed: an overloaded instance may answer 503 (its pool's wait is bounded), and the
                    // client then sends the same request again with the same key (docs/errors.md)
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/tenants/self/entitlements/assignments"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", msp + "-" + i)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    requests.add(request);
                    answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
                }

                int[] createdBy = new int[2];
                int[] answeredBy = new int[2];
                int refused = 0;
                for (int i = 0; i < REQUESTS; i++) {
                    HttpResponse<String> r = answers.get(i).join();
                    for (int retry = 0; r.statusCode() == 503 && retry < 30; retry++) {
                        assertTrue(
                                r.headers().firstValue("Retry-After").isPresent(),
                                "a 503 says when to retry: " + r.body());
                        Thread.sleep(500);
                        r = http.send(requests.get(i), HttpResponse.BodyHandlers.ofString());
                    }
                    answeredBy[i % 2]++;
                    if (r.statusCode() == 201) {
                        createdBy[i % 2]++;
                    } else {
                        assertEquals(402, r.statusCode(), "request " + i + ": " + r.body());
                        Matcher m = MAX.matcher(r.body());
                        assertTrue(m.find(), r.body());
                        assertTrue(
                                Integer.parseInt(m.group(1)) < quantities[i],
                                "a refusal names less than was asked: " + r.body());
                        refused++;
                    }
                }
                long[] held = peak(msp);
                assertTrue(held[0] <= POOL, "at its busiest instant the pool holds " + held[0] + " > " + POOL);
                assertEquals(createdBy[0] + createdBy[1], held[1], "every 201 is a row, and every row a 201");
                assertTrue(refused > 0, "200 requests of 1..5 must exhaust a pool of 100");
                // both instances decided requests against the one bucket lock (which of them wins the creates
                // depends on timing: an instance whose requests waited past the lock timeout answers 503 and
                // its clients' retries may find the pool full)
                assertTrue(
                        answeredBy[0] > 0 && answeredBy[1] > 0,
                        "both instances answered: " + answeredBy[0] + " / " + answeredBy[1]);
                assertTrue(createdBy[0] + createdBy[1] > 0, "created: " + createdBy[0] + " / " + createdBy[1]);
            }
        }
    }

    /** The most licenses the MSP's live assignments hold at one instant (checked at every start), and the number of them. */
    private static long[] peak(String msp) {
        Number peak = (Number) TestDatabase.single(
                "SELECT coalesce(max(s.held), 0) FROM (SELECT (SELECT sum(b.quantity) FROM assignment b"
                        + " WHERE b.provider_tenant_id = a.provider_tenant_id AND b.revoked_date IS NULL AND b.effective_date <= a.effective_date"
                        + " AND b.expiration_date >= a.effective_date) AS held FROM assignment a WHERE a.provider_tenant_id = ?"
                        + " AND a.revoked_date IS NULL) s",
                msp);
        Number rows = (Number) TestDatabase.single(
                "SELECT count(*) FROM assignment WHERE provider_tenant_id = ? AND revoked_date IS NULL", msp);
        return new long[] {peak.longValue(), rows.longValue()};
    }

    private static ServiceProcess launch(String name, PackagedStack stack) throws Exception {
        Map<String, String> env = stack.serviceEnv();
        return ServiceProcess.start(
                "assignment-service-" + name,
                Path.of("target/quarkus-app/quarkus-run.jar"),
                Ports.free(),
                env,
                List.of(),
                Files.createTempFile("assignment-race-" + name + "-", ".log"));
    }
}
