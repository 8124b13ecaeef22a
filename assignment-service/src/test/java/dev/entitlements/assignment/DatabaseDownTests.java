package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.SELF;
import static dev.entitlements.assignment.AssignmentFixtures.assigned;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The API while PostgreSQL refuses the service or is starved: every request is answered within 10 s
 * with 503, Retry-After and the JSON error body (never a 500 with a stack trace, never a hang), and
 * the service serves again once the database is back (docs/errors.md).
 */
@QuarkusTest
class DatabaseDownTests {

    /** REST Assured waits forever by default: a hang must fail the test. */
    private static final RestAssuredConfig BOUNDED = RestAssured.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 15_000)
                    .setParam("http.socket.timeout", 15_000));

    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(10);

    @Test
    void aCreateWhileTheDatabaseRefusesConnectionsIsA503AndTheSameKeyLaterA201() throws Exception {
        String msp = mspWithPool();
        String key = UUID.randomUUID().toString();
        String database = database();
        try (Connection admin = admin();
                Statement s = admin.createStatement()) {
            // REVOKE CONNECT would not stop the superuser the tests connect as; this stops everyone
            s.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            try {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                long started = System.nanoTime();
                Response refused = create(msp, key, body(0, 30, 10, "APSW"));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                refused.then()
                        .statusCode(503)
                        .contentType(ContentType.JSON)
                        .header("Retry-After", "5")
                        .body("errors[0].code", equalTo("ENTITLEMENT-10017"))
                        .body("requestId", equalTo(refused.header("x-request-id")))
                        .body(not(containsString("Exception")))
                        .body(not(containsString("\tat ")));
                assertTrue(took.compareTo(ANSWERED_WITHIN) < 0, "answered after " + took);
            } finally {
                s.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
        // the client's retry with the same key, once the database is back
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> create(msp, key, body(0, 30, 10, "APSW")).statusCode() == 201);
        assertEquals(10L, assigned(msp));
    }

    @Test
    void withTheBucketTableLockedEveryCreateIsAnsweredWithinTheDeadline() throws Exception {
        String msp = mspWithPool();
        int requests = 40;
        // java.net.http, one token: 40 REST Assured threads cost the client seconds on a busy machine
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest create = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + SELF))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + TestTokens.mspAdmin(msp))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(0, 30, 1, "APSW")))
                .build();
        List<HttpResponse<String>> answers = new ArrayList<>();
        List<Duration> times = new ArrayList<>();
        try (Connection locker = DriverManager.getConnection(jdbcUrl(database()), user(), password());
                Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            // held by another session for longer than any request may take: every create waits for the bucket
            s.execute("LOCK TABLE pool_bucket IN ACCESS EXCLUSIVE MODE");
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                long started = System.nanoTime();
                pending.add(client.sendAsync(create, HttpResponse.BodyHandlers.ofString())
                        .thenAccept(r -> {
                            synchronized (answers) {
                                answers.add(r);
                                times.add(Duration.ofNanos(System.nanoTime() - started));
                            }
                        }));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            locker.rollback();
        }
        Duration slowest = times.stream().max(Duration::compareTo).orElseThrow();
        assertTrue(slowest.compareTo(ANSWERED_WITHIN) < 0, "slowest answer after " + slowest);
        for (HttpResponse<String> r : answers) {
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("5", r.headers().firstValue("Retry-After").orElse(null), r.body());
            assertEquals(
                    "application/json", r.headers().firstValue("content-type").orElse(""), r.body());
            assertTrue(r.body().contains("\"code\":\"ENTITLEMENT-10017\""), r.body());
        }
        assertEquals(0L, assigned(msp), "a refused create assigned nothing");
        // the lock gone, the pool is healthy again
        create(msp, null, body(0, 30, 1, "APSW")).then().statusCode(201);
    }

    private static Response create(String msp, String key, String body) {
        var request = given().config(BOUNDED)
                .auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .contentType(ContentType.JSON)
                .body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post(SELF);
    }

    private static String jdbcUrl(String database) {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    private static String database() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String db = url.substring(url.lastIndexOf('/') + 1);
        return db.contains("?") ? db.substring(0, db.indexOf('?')) : db;
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
    }

    private static String user() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
    }

    private static String password() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class);
    }
}
