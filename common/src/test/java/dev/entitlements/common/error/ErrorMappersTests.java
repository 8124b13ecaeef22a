package dev.entitlements.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.entitlements.common.request.RequestIds;
import dev.entitlements.contract.error.ErrorResponse;
import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each way PostgreSQL (or the pool in front of it) can be down, slow or starved is a 503 with
 * Retry-After and the catalogue's ENTITLEMENT-10017, also when wrapped; a bug is still a 500.
 */
class ErrorMappersTests {

    private static final ErrorMappers MAPPERS = new ErrorMappers(new AvailabilityConfig() {
        @Override
        public int retryAfterSeconds() {
            return 7;
        }

        @Override
        public Duration requestDeadline() {
            return Duration.ofSeconds(8);
        }
    });

    private static PgException pg(String severity, String state, String message) {
        return new PgException(message, severity, state, null);
    }

    /** The failures seen with the database refused, killed, stopped, locked or starved (docs/errors.md). */
    static List<Throwable> transientFailures() {
        return List.of(
                new ConnectException("Connection refused: /127.0.0.1:15432"),
                new ConnectTimeoutException("connection timed out: /10.0.0.7:5432"),
                ClosedConnectionException.INSTANCE,
                new ClosedChannelException(),
                new VertxException(Unavailable.POOL_WAIT_TIMEOUT, true),
                new io.vertx.core.impl.NoStackTraceThrowable(Unavailable.POOL_REQUEST_TIMEOUT),
                new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 80"),
                new NoStackTraceTimeoutException("The timeout period of 8000ms has been exceeded"),
                new io.smallrye.mutiny.TimeoutException(),
                pg("FATAL", "55000", "database \"assignment\" is not currently accepting connections"),
                pg("FATAL", "57P01", "terminating connection due to administrator command"),
                pg("FATAL", "57P03", "the database system is starting up"),
                pg("FATAL", "53300", "sorry, too many clients already"),
                pg("ERROR", "57014", "canceling statement due to statement timeout"),
                pg("ERROR", "55P03", "canceling statement due to lock timeout"),
                pg("FATAL", "25P03", "terminating connection due to idle-in-transaction timeout"),
                pg("ERROR", "40001", "could not serialize access due to concurrent update"),
                pg("ERROR", "40P01", "deadlock detected"),
                pg("ERROR", "08006", "connection failure"),
                new java.sql.SQLTransientConnectionException("pool exhausted"));
    }

    @TestFactory
    List<DynamicTest> everyTransientFailureIsA503WithRetryAfterAlsoWhenWrapped() {
        return transientFailures().stream()
                .flatMap(failure -> {
                    String name = failure.getClass().getSimpleName() + " " + failure.getMessage();
                    return java.util.stream.Stream.of(
                            DynamicTest.dynamicTest(name, () -> assert503(failure)),
                            // Hibernate Reactive, Mutiny and CompletableFuture wrap the driver's failure
                            DynamicTest.dynamicTest(
                                    name + " (wrapped)",
                                    () -> assert503(new IllegalStateException(
                                            "HR000013: wrapped", new CompletionException(failure)))),
                            DynamicTest.dynamicTest(
                                    name + " (one of several)",
                                    () -> assert503(
                                            new CompositeException(new IllegalArgumentException("first"), failure))));
                })
                .toList();
    }

    @Test
    void aBugIsStillA500WithoutRetryAfter() {
        for (Throwable bug : List.of(
                new NullPointerException(),
                new IllegalStateException("no"),
                new io.vertx.core.impl.NoStackTraceThrowable("Connection is not active now"),
                new RuntimeException("wrapped", new NullPointerException()),
                // errors of the request itself, not of the database's state
                pg("ERROR", "23505", "duplicate key value violates unique constraint"),
                pg("ERROR", "22P02", "invalid input syntax for type integer"),
                pg("ERROR", "42P01", "relation \"nowhere\" does not exist"))) {
            RestResponse<ErrorResponse> r = MAPPERS.unexpected(bug, headers());
            assertEquals(500, r.getStatus(), bug.toString());
            assertEquals("ENTITLEMENT-10000", r.getEntity().errors().get(0).code(), bug.toString());
            assertNull(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), bug.toString());
            assertFalse(Unavailable.isTransient(bug), bug.toString());
        }
    }

    private static void assert503(Throwable failure) {
        RestResponse<ErrorResponse> r = MAPPERS.unexpected(failure, headers());
        assertEquals(503, r.getStatus());
        assertEquals("7", String.valueOf(r.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)));
        ErrorResponse body = r.getEntity();
        assertEquals("req-1", body.requestId());
        assertEquals("ENTITLEMENT-10017", body.errors().get(0).code());
        assertEquals("The service is temporarily unavailable", body.message());
    }

    private static HttpHeaders headers() {
        return (HttpHeaders) Proxy.newProxyInstance(
                HttpHeaders.class.getClassLoader(),
                new Class<?>[] {HttpHeaders.class},
                (proxy, method, args) -> method.getName().equals("getHeaderString") && RequestIds.HEADER.equals(args[0])
                        ? "req-1"
                        : null);
    }
}
