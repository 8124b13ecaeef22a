package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.SELF;
import static dev.entitlements.assignment.AssignmentFixtures.assigned;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The last line of defence: with every server-side timeout off (as with a frozen database, where
 * none of them fires), a request still gets the 503 JSON answer at its deadline. And the rule that
 * comes with it (docs/errors.md): the work may still commit afterwards, so the client retries with
 * the same Idempotency-Key and gets the first answer; nothing is assigned twice.
 */
@QuarkusTest
@TestProfile(RequestDeadlineTests.ServerTimeoutsOff.class)
class RequestDeadlineTests {

    static final Duration DEADLINE = Duration.ofSeconds(2);

    public static class ServerTimeoutsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "platform.db.lock-timeout",
                    "0",
                    "platform.db.statement-timeout",
                    "0",
                    "platform.availability.request-deadline",
                    DEADLINE.toMillis() + "ms");
        }
    }

    @Test
    void aRequestStuckOnTheDatabaseIs503AtItsDeadlineAndTheRetryWithItsKeyGetsTheCommittedAnswer() throws Exception {
        String msp = mspWithPool();
        String key = UUID.randomUUID().toString();
        // a first request warms the freshly started service (JIT, token verification), so the time below is the
        // deadline's
        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(SELF + "/query")
                .then()
                .statusCode(200);
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection locker = DriverManager.getConnection(
                        url,
                        ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class),
                        ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class));
                Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE pool_bucket IN ACCESS EXCLUSIVE MODE");
            long started = System.nanoTime();
            Response late = create(msp, key);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            late.then()
                    .statusCode(503)
                    .contentType(ContentType.JSON)
                    .header("Retry-After", "5")
                    .body("errors[0].code", equalTo("ENTITLEMENT-10017"))
                    .body("requestId", equalTo(late.header("x-request-id")));
            assertTrue(
                    took.compareTo(DEADLINE) >= 0 && took.compareTo(DEADLINE.plusSeconds(3)) < 0,
                    "answered after " + took);
            locker.rollback();
        }
        // the lock gone, the create the caller was told 503 about goes on and commits: the retry with
        // the same key gets its answer instead of assigning again
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> create(msp, key).statusCode() == 201);
        assertEquals(10L, assigned(msp), "assigned once");
        // the late write of the first request's resource changed nothing for the next request
        create(msp, UUID.randomUUID().toString()).then().statusCode(201);
    }

    private static Response create(String msp, String key) {
        return given().config(RestAssured.config()
                        .httpClient(HttpClientConfig.httpClientConfig()
                                .setParam("http.connection.timeout", 15_000)
                                .setParam("http.socket.timeout", 15_000)))
                .auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body(0, 30, 10, "APSW"))
                .when()
                .post(SELF);
    }
}
