package dev.entitlements.common.error;

import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.error.ErrorDto;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which failures mean "a dependency is down, slow or overloaded, try again shortly" rather than
 * "a bug": they are answered 503 with {@code Retry-After} (ErrorMappers, RequestDeadline), never a
 * 500 with a stack trace. The whole cause chain is looked at, because Hibernate Reactive, Mutiny and
 * RESTEasy wrap the driver's exception.
 *
 * <p>
 * A 503 does not say the request had no effect: a connection lost during COMMIT, or a request whose
 * deadline passed, may still have committed. Clients retry a write with the same
 * {@code Idempotency-Key} (docs/errors.md).
 */
public final class Unavailable {

    /** The messages Vert.x' SQL pool fails a waiter with after PoolOptions.connectionTimeout (SqlConnectionPool, its PoolRequest). */
    static final String POOL_WAIT_TIMEOUT = "Timeout waiting for connection";

    static final String POOL_REQUEST_TIMEOUT = "Timeout";

    /**
     * SQLSTATEs that say nothing about the request and pass on their own: connection exceptions (08),
     * insufficient resources (53: too many connections, out of memory or disk), operator intervention
     * (57: shutdown, starting up, statement_timeout 57014), lock_timeout (55P03), the
     * idle-in-transaction timeout (25P03), serialization failure and deadlock (40001, 40P01).
     */
    private static final Set<String> STATES = Set.of("55P03", "25P03", "40001", "40P01");

    private static final Set<String> CLASSES = Set.of("08", "53", "57");

    private Unavailable() {}

    /** Whether the failure, or anything in its cause chain, is a transient unavailability. */
    public static boolean isTransient(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        return isTransient(failure, seen);
    }

    private static boolean isTransient(Throwable t, Map<Throwable, Boolean> seen) {
        while (t != null && seen.put(t, Boolean.TRUE) == null) {
            if (matches(t)) {
                return true;
            }
            if (t instanceof CompositeException composite) {
                for (Throwable each : composite.getCauses()) {
                    if (isTransient(each, seen)) {
                        return true;
                    }
                }
            }
            t = t.getCause();
        }
        return false;
    }

    private static boolean matches(Throwable t) {
        if (t instanceof PgException pg) {
            // FATAL ends the session (refused at connect: database not accepting connections, too many
            // clients, shutting down): never the request's fault
            return "FATAL".equals(pg.getSeverity())
                    || "PANIC".equals(pg.getSeverity())
                    || transientState(pg.getSqlState());
        }
        if (t instanceof java.sql.SQLException sql) {
            return t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || transientState(sql.getSQLState());
        }
        return t
                        instanceof
                        SocketException // ConnectException (refused; netty's ConnectTimeoutException), reset, no route
                || t instanceof UnknownHostException
                || t instanceof ClosedChannelException
                || t instanceof ClosedConnectionException // the connection died under a query
                || t instanceof ConnectionPoolTooBusyException // the pool's wait queue is full
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof io.smallrye.mutiny.TimeoutException
                // "Connection reset by peer" on the native epoll transport (an IOException, named to avoid a compile
                // dependency)
                || t.getClass().getName().equals("io.netty.channel.unix.Errors$NativeIoException")
                || (t instanceof VertxException && POOL_WAIT_TIMEOUT.equals(t.getMessage()))
                || (t instanceof NoStackTraceThrowable && POOL_REQUEST_TIMEOUT.equals(t.getMessage()));
    }

    static boolean transientState(String state) {
        if (state == null || state.length() != 5) {
            return false;
        }
        return STATES.contains(state) || CLASSES.contains(state.substring(0, 2));
    }

    /** The one error of a 503 body: the same wherever it is answered (mapper or request deadline). */
    public static ErrorDto error(int retryAfterSeconds) {
        return ErrorDto.of(
                ErrorCode.SERVICE_UNAVAILABLE,
                "the service cannot reach its database in time, or is overloaded",
                "retry after " + retryAfterSeconds + " s; a write may have been applied, so send it again with the same"
                        + " Idempotency-Key");
    }

    /** A one-line description for the log: the outermost failure and the transient one, without a stack trace. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure) : failure + " (cause: " + root + ")";
    }
}
