package dev.entitlements.common.messaging;

import dev.entitlements.contract.LatencyBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How every consumer applies a record: a failure that may pass (the database away, a connection cut,
 * a timeout) is retried with a growing pause for as long as it takes, so the record's Uni does not
 * complete, its offset is never committed, and SmallRye stops fetching once its small buffer is full
 * (the partition waits; memory stays bounded). Only {@link Poison} fails the Uni (the channel's
 * dead-letter strategy then moves the record to {@code <topic>.dlq}).
 *
 * <p>Once the application is stopping, a record that fails, poison or not, is neither retried nor
 * failed: its Uni never completes, so its offset is not committed and the partition's next owner
 * (another instance, or this one restarted) applies it. A shutdown closes the database pool while
 * the consumers still run, so records fail then for that reason alone. Failing them sent them to
 * the dead-letter topic: a rolling restart of two instances dead-lettered 28 to 58 good records
 * ({@code ./run faults --two-instances}, docs/scaling.md).
 *
 * <p>Each attempt subscribes {@code attempt} again, so each is a new transaction. Needs the Kafka
 * connector's {@code throttled.unprocessed-record-max-age.ms=0}: with its default (60 s) SmallRye
 * closes a consumer whose record waits longer, for good.
 *
 * <p>How long applying took, retries included, is {@code consumer_apply_seconds{consumer, topic}} (a
 * histogram): the processing latency of every consumer, one-record and batch alike.
 */
@ApplicationScoped
public class ConsumerRetry {

    private static final Logger LOG = Logger.getLogger(ConsumerRetry.class);
    /** After this many attempts in a row the consumer logs at ERROR: someone should look (or the database is long gone). */
    private static final long LOUD_AFTER = 30;
    /** The processing-latency timer (Prometheus: {@code consumer_apply_seconds_bucket/_count/_sum}). */
    public static final String APPLY_TIMER = "consumer.apply";

    private final ChannelState state;
    private final ConsumerRetryConfig config;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public ConsumerRetry(ChannelState state, ConsumerRetryConfig config, MeterRegistry registry) {
        this.state = state;
        this.config = config;
        this.registry = registry;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * {@code attempt}, subscribed again after each failure that may pass until it succeeds.
     *
     * @param consumer the consumer's name (as in {@code processed_event.consumer}), for logs, health and metrics
     * @param topic    where the record (or the batch) came from, for the metrics: a topic, or the topics of a
     *                 batch that mixes several, joined by commas (a small, fixed set per consumer)
     */
    public <T> Uni<T> untilApplied(String consumer, String topic, Supplier<Uni<T>> attempt) {
        Timer timer = timers.computeIfAbsent(consumer + '\n' + topic, key -> {
            state.seen(consumer);
            return Timer.builder(APPLY_TIMER)
                    .description("applying a consumed record or batch, retries included")
                    .tag("consumer", consumer)
                    .tag("topic", topic)
                    .serviceLevelObjectives(LatencyBuckets.record())
                    .register(registry);
        });
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return Uni.createFrom()
                    .<T>deferred(attempt::get)
                    .onFailure(this::mayPass)
                    .invoke(e -> failed(consumer, e))
                    .onFailure(this::mayPass)
                    .retry()
                    .withBackOff(config.initialBackoff(), config.maxBackoff())
                    .withJitter(0.2)
                    .indefinitely()
                    .onFailure(failure -> stopping)
                    .recoverWithUni(failure -> leftForNextOwner(consumer, failure))
                    .onItemOrFailure()
                    .invoke(() -> {
                        timer.record(Duration.ofNanos(System.nanoTime() - start));
                        state.unblocked(consumer);
                    });
        });
    }

    private <T> Uni<T> leftForNextOwner(String consumer, Throwable failure) {
        LOG.infof(
                "%s: stopping; a record that failed (%s) is left uncommitted for the partition's next owner",
                consumer, failure.toString());
        return Uni.createFrom().nothing();
    }

    private boolean mayPass(Throwable failure) {
        return !stopping && !Poison.isPoison(failure);
    }

    private void failed(String consumer, Throwable failure) {
        ChannelState.Blocked b = state.failedAttempt(consumer, failure);
        if (b.attempts() == 1) {
            LOG.warnf("%s: applying a record failed, retrying until it passes: %s", consumer, failure.toString());
        } else if (b.attempts() % LOUD_AFTER == 0) {
            LOG.errorf(
                    "%s: still failing after %d attempts since %s (the partition waits; if this record can never be applied,"
                            + " see docs/events.md, Dead letters): %s",
                    consumer, b.attempts(), b.since(), failure.toString());
        }
    }
}
