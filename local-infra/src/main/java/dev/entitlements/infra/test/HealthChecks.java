package dev.entitlements.infra.test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * What every service's health must show. Readiness: what the service needs to answer, its
 * database, UP, and no Kafka check (the outbox holds writes while the broker is away, so a broker
 * outage must not take the service out of rotation). Liveness: UP, with the check of its Kafka
 * consumers (common {@code MessagingLiveness}), DOWN only when a channel has stopped for good.
 */
public final class HealthChecks {

    /** The name of common {@code MessagingLiveness}. */
    public static final String CONSUMERS = "Kafka consumers";

    private HealthChecks() {}

    /**
     * Ready within {@link #RECOVERY}: a test that cut the database off before (an outage test of the
     * module) leaves pooled connections the server closed, and the first check on one of them is
     * DOWN; readiness must come back by itself, as a probe with a failure threshold sees it.
     */
    public static void assertReadyWithoutKafka() {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.find { it.name.contains('Reactive PostgreSQL') }.status", equalTo("UP"))
                        .body("checks.name", everyItem(not(containsStringIgnoringCase("kafka"))));
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    /** How long readiness may take to come back after an earlier outage. */
    public static final java.time.Duration RECOVERY = java.time.Duration.ofSeconds(30);

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void assertLive() {
        given().when()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(CONSUMERS))
                .body("checks.find { it.name == '" + CONSUMERS + "' }.status", equalTo("UP"));
    }
}
