package dev.entitlements.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What becomes of a record whose apply fails: retried until it passes, dead-lettered only when it
 * is poison, and left uncommitted (its Uni never completes) once the application is stopping.
 */
class ConsumerRetryTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerRetry retry = new ConsumerRetry(new ChannelState(registry), new Fast(), registry);

    @Test
    void aFailureThatMayPassIsRetriedUntilTheRecordIsApplied() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> applied = retry.untilApplied(
                "test",
                "assignment.events",
                () -> attempts.incrementAndGet() < 3
                        ? Uni.createFrom().failure(new IllegalStateException("connection reset"))
                        : Uni.createFrom().item("applied"));

        applied.subscribe()
                .withSubscriber(UniAssertSubscriber.create())
                .awaitItem(Duration.ofSeconds(5))
                .assertItem("applied");
        assertEquals(3, attempts.get());
    }

    @Test
    void poisonFailsTheRecordSoItIsDeadLettered() {
        retry.untilApplied(
                        "test",
                        "assignment.events",
                        () -> Uni.createFrom().failure(new NullPointerException("no tenantId")))
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(Duration.ofSeconds(5))
                .assertFailedWith(NullPointerException.class);
    }

    @Test
    void onceStoppingAFailedRecordIsLeftForTheNextOwnerNotDeadLettered() throws InterruptedException {
        retry.onStop(null);
        AtomicInteger attempts = new AtomicInteger();

        UniAssertSubscriber<Object> poolClosed = retry.untilApplied("test", "assignment.events", () -> {
                    attempts.incrementAndGet();
                    return Uni.createFrom().failure(new IllegalStateException("Pool closed"));
                })
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        // poison or not: while stopping, a failure may come from the shutdown itself
        UniAssertSubscriber<Object> poison = retry.untilApplied(
                        "test", "assignment.events", () -> Uni.createFrom().failure(new NullPointerException()))
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        Thread.sleep(200); // longer than the retries' pause: no retry, no completion
        poolClosed.assertNotTerminated();
        poison.assertNotTerminated();
        assertEquals(1, attempts.get());
    }

    private static final class Fast implements ConsumerRetryConfig {
        @Override
        public Duration initialBackoff() {
            return Duration.ofMillis(5);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofMillis(20);
        }
    }
}
