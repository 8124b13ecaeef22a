package dev.entitlements.common.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What each consumer is doing, for the liveness check and the metrics: blocked on a record that
 * keeps failing for a reason that may pass (it waits and retries; that is not a death), or stopped
 * for good (its channel terminated: only a restart brings it back). Keyed by the consumer's name
 * ({@code processed_event.consumer}). Wall-clock time, not the injectable {@code Clock}: a test's fixed
 * clock must not hide how long a consumer has waited.
 */
@ApplicationScoped
public class ChannelState {

    /** A consumer waiting on one record: since when, how many attempts, the last failure. */
    public record Blocked(Instant since, long attempts, String lastFailure) {}

    private final ConcurrentMap<String, Blocked> blocked = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> terminated = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Boolean> gauges = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public ChannelState(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The consumer applies records: its gauge shows 0 from now on, so a dashboard lists it before any trouble. */
    public void seen(String consumer) {
        gauge(consumer);
    }

    /** An attempt failed and will be retried; returns the consumer's state after it. */
    public Blocked failedAttempt(String consumer, Throwable failure) {
        gauge(consumer);
        return blocked.merge(
                consumer,
                new Blocked(Instant.now(), 1, String.valueOf(failure)),
                (old, now) -> new Blocked(old.since(), old.attempts() + 1, now.lastFailure()));
    }

    /** The consumer got past the record (applied, or dead-lettered as poison). */
    public void unblocked(String consumer) {
        blocked.remove(consumer);
    }

    /** The consumer's channel stopped for good. */
    public void terminated(String consumer, Throwable cause) {
        terminated.put(consumer, String.valueOf(cause));
    }

    public Map<String, Blocked> blocked() {
        return new TreeMap<>(blocked);
    }

    public Map<String, String> terminated() {
        return new TreeMap<>(terminated);
    }

    /** {@code consumer_retry_blocked_seconds{consumer}}: how long the consumer has been waiting on one record (0: not). */
    private void gauge(String consumer) {
        gauges.computeIfAbsent(consumer, c -> {
            Gauge.builder("consumer.retry.blocked.seconds", blocked, m -> {
                        Blocked b = m.get(c);
                        return b == null
                                ? 0
                                : Duration.between(b.since(), Instant.now()).toMillis() / 1000.0;
                    })
                    .description(
                            "how long a consumer has been retrying one record that fails for a reason that may pass")
                    .tag("consumer", c)
                    .register(registry);
            return Boolean.TRUE;
        });
    }
}
