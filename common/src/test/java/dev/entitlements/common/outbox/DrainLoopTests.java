package dev.entitlements.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's pass loop: a backlog of any length drains in constant stack (the recursive drain it
 * replaced nested one subscription per pass and overflowed the stack), and the loop never stays
 * "running" after a failure.
 */
class DrainLoopTests {

    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final List<Throwable> failures = new ArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    /** A backlog of {@code rows}, taken {@code batch} at a time; each pass completes on the caller's stack (the worst case). */
    private static final class Backlog {
        final AtomicInteger left;
        final AtomicInteger passes = new AtomicInteger();
        final int batch;

        Backlog(int rows, int batch) {
            this.left = new AtomicInteger(rows);
            this.batch = batch;
        }

        Uni<Integer> pass() {
            passes.incrementAndGet();
            int taken = Math.min(batch, left.get());
            left.addAndGet(-taken);
            return Uni.createFrom().item(taken);
        }
    }

    @Test
    void aLongBacklogDrainsInConstantStackWhenPassesCompleteAtOnce() {
        Backlog backlog = new Backlog(300_000, 1);
        DrainLoop drain = new DrainLoop(backlog::pass, 1, failures::add);
        // a thread with a small stack, where the nested drain overflowed within a few thousand passes
        AtomicReference<Throwable> died = new AtomicReference<>();
        Thread t = new Thread(null, drain::wake, "relay", 256 * 1024);
        t.setUncaughtExceptionHandler((thread, e) -> died.set(e));
        t.start();
        join(t);
        assertEquals(null, died.get(), "the loop died");
        assertEquals(0, backlog.left.get());
        assertEquals(300_001, backlog.passes.get(), "one pass per row and a last one that finds nothing");
        assertFalse(drain.running());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void aLongBacklogDrainsWhenPassesCompleteOnAnotherThread() throws Exception {
        Backlog backlog = new Backlog(50_000, 1);
        DrainLoop drain = new DrainLoop(() -> backlog.pass().emitOn(loop), 1, failures::add);
        drain.wake();
        await(() -> backlog.left.get() == 0 && !drain.running());
        assertEquals(50_001, backlog.passes.get());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void aFailedOrThrowingPassLeavesTheLoopReadyForTheNextWakeUp() {
        AtomicInteger calls = new AtomicInteger();
        DrainLoop drain = new DrainLoop(
                () -> switch (calls.incrementAndGet()) {
                    case 1 -> Uni.createFrom().failure(new IllegalStateException("database down"));
                    case 2 -> throw new IllegalStateException("pool closed");
                    default -> Uni.createFrom().item(0);
                },
                10,
                failures::add);
        drain.wake();
        assertFalse(drain.running(), "running after a failed pass");
        drain.wake();
        assertFalse(drain.running(), "running after a pass that threw");
        drain.wake();
        assertEquals(3, calls.get());
        assertEquals(2, failures.size());
        assertFalse(drain.running());
    }

    @Test
    void aWakeUpDuringAPassCausesAnotherPass() {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<DrainLoop> self = new AtomicReference<>();
        DrainLoop drain = new DrainLoop(
                () -> {
                    if (calls.incrementAndGet() == 1) {
                        self.get().wake(); // rows committed while the first pass ran
                    }
                    return Uni.createFrom().item(0);
                },
                10,
                failures::add);
        self.set(drain);
        drain.wake();
        assertEquals(2, calls.get());
        assertFalse(drain.running());
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            fail("the drain did not finish");
        }
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                fail("not drained within 60 s");
            }
            Thread.sleep(10);
        }
    }
}
