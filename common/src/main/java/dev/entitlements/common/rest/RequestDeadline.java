package dev.entitlements.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.common.error.AvailabilityConfig;
import dev.entitlements.common.error.Unavailable;
import dev.entitlements.common.request.RequestIds;
import dev.entitlements.contract.error.ErrorResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every API request is answered within {@link AvailabilityConfig#requestDeadline()}: if no response
 * has started by then, the caller gets the 503 JSON body with {@code Retry-After} instead of waiting
 * on (for example) a frozen database. The work itself is not cancelled; the pool's and the server's
 * timeouts end it. Its late answer cannot be written: ErrorMappers and RequestIds drop it quietly
 * ({@link #isLateWrite}, {@link #EXPIRED}).
 */
@ApplicationScoped
public class RequestDeadline {

    private static final Logger LOG = Logger.getLogger(RequestDeadline.class);
    /** Set on the routing context once the deadline answered, so a late failure is not logged as a bug. */
    public static final String EXPIRED = "platform.deadline.expired";

    /** What Vert.x throws when a resource writes to a response the deadline has ended (Http1xServerResponse.checkValid). */
    private static final String ALREADY_WRITTEN = "Response has already been written";

    private final AvailabilityConfig config;
    private final ObjectMapper mapper;

    public RequestDeadline(AvailabilityConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        long millis = config.requestDeadline().toMillis();
        if (millis <= 0) {
            return;
        }
        // after RequestIds (order -10 000), so the request id is known; /q/* (health, metrics) has its own timeouts
        router.routeWithRegex("^/(?!q/).*").order(-9_000).handler(ctx -> {
            long timer = ctx.vertx().setTimer(millis, id -> expire(ctx, millis));
            ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
            ctx.next();
        });
    }

    /** Whether a failure is a resource's late answer to a response that was already ended (by the deadline). */
    public static boolean isLateWrite(Throwable failure) {
        return failure instanceof IllegalStateException && ALREADY_WRITTEN.equals(failure.getMessage());
    }

    private void expire(RoutingContext ctx, long millis) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        String id = ctx.request().getHeader(RequestIds.HEADER);
        LOG.warnf(
                "request %s (%s %s) not answered within %d ms: 503",
                id, ctx.request().method(), ctx.request().path(), millis);
        ctx.put(EXPIRED, Boolean.TRUE);
        int retryAfter = config.retryAfterSeconds();
        try {
            response.setStatusCode(503)
                    .putHeader("content-type", "application/json")
                    .putHeader("Retry-After", String.valueOf(retryAfter))
                    .end(mapper.writeValueAsString(new ErrorResponse(id, List.of(Unavailable.error(retryAfter)))));
        } catch (JsonProcessingException e) {
            response.setStatusCode(503)
                    .putHeader("Retry-After", String.valueOf(retryAfter))
                    .end();
        }
    }
}
