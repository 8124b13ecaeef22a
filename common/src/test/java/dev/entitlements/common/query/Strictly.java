package dev.entitlements.common.query;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.tolerance.StrictPreferenceTestAccess;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs code as a request that sent {@code Prefer: handling=strict}: on a Vert.x duplicated context
 * (where the service keeps a request's preference) marked strict, as the HTTP layer marks it.
 */
final class Strictly {

    private static final Vertx VERTX = Vertx.vertx();

    private Strictly() {}

    static <T> T call(Callable<T> work) throws Exception {
        Context context = VertxContext.createNewDuplicatedContext(VERTX.getOrCreateContext());
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                StrictPreferenceTestAccess.markStrict();
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    static ApiException refusal(Callable<?> work) {
        return assertThrows(ApiException.class, () -> call(work));
    }
}
