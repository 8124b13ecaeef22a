package dev.entitlements.contract;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The latency histogram buckets ({@code le}) of every timer the platform exports: the gateway's
 * routes, the services' HTTP server and the consumers' apply time. They are part of the contract with
 * deploy/observability: the dashboards' and alerts' {@code histogram_quantile} and thresholds read
 * these boundaries, the same in every process.
 */
public final class LatencyBuckets {

    /** A request answers in milliseconds; 10 s is past the gateway's upstream timeout (9.5 s). */
    private static final Duration[] REQUEST = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    /** A retried record waits seconds to minutes before it applies. */
    private static final Duration[] RECORD_TAIL = {Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private LatencyBuckets() {}

    /** The buckets of a request (gateway and services). */
    public static Duration[] request() {
        return REQUEST.clone();
    }

    /** The buckets of a consumed record's apply time: a request's, and a retried record's minute. */
    public static Duration[] record() {
        return Stream.concat(Arrays.stream(REQUEST), Arrays.stream(RECORD_TAIL)).toArray(Duration[]::new);
    }
}
