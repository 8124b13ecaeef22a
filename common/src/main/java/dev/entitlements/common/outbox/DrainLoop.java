package dev.entitlements.common.outbox;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs passes one after another until a pass finds less than a full batch and no wake-up came
 * meanwhile; a wake-up during a pass causes another pass. At most one pass runs at a time.
 *
 * <p>
 * The passes form a loop, not a chain of nested subscriptions: a backlog of any length takes
 * constant stack, also when a pass completes on the caller's stack (a trampoline, {@code wip}).
 * {@code running} is given back on every way out (end of the backlog, a failed pass, a pass that
 * throws), so a failure never stops the relay for good: the next wake-up starts again.
 */
final class DrainLoop {

    private final Supplier<Uni<Integer>> pass;
    private final int fullBatch;
    private final Consumer<Throwable> onFailure;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Passes asked for and not yet started; only the caller that raises it from 0 runs the loop. */
    private final AtomicInteger wip = new AtomicInteger();

    /**
     * @param pass      one pass: the number of items it handled
     * @param fullBatch a pass that handled this many may have left more behind
     * @param onFailure told of a failed pass (the loop stops until the next wake-up)
     */
    DrainLoop(Supplier<Uni<Integer>> pass, int fullBatch, Consumer<Throwable> onFailure) {
        this.pass = pass;
        this.fullBatch = fullBatch;
        this.onFailure = onFailure;
    }

    /** Asks for passes until the backlog is empty; returns at once. */
    void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            next();
        }
    }

    boolean running() {
        return running.get();
    }

    private void next() {
        if (wip.getAndIncrement() != 0) {
            return; // the loop below, further up this stack or on another thread, starts it
        }
        do {
            again.set(false);
            Uni<Integer> one;
            try {
                one = pass.get();
            } catch (RuntimeException e) {
                failed(e);
                continue;
            }
            one.subscribe().with(this::passed, this::failed);
        } while (wip.decrementAndGet() != 0);
    }

    private void passed(Integer handled) {
        if (handled != null && handled >= fullBatch || again.get()) {
            next();
            return;
        }
        running.set(false);
        // a wake-up between the check above and the reset would otherwise be lost
        if (again.get() && running.compareAndSet(false, true)) {
            next();
        }
    }

    private void failed(Throwable failure) {
        running.set(false);
        onFailure.accept(failure);
    }
}
