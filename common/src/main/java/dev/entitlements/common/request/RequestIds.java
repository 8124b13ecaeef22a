package dev.entitlements.common.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.error.ErrorDto;
import dev.entitlements.contract.error.ErrorResponse;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * Gives every request an id ({@code x-request-id}, echoed or generated), puts it in the log
 * context and on the response, and answers what never reaches a REST resource (unknown paths,
 * HTTP-level failures such as an oversized body) with the same JSON error body.
 *
 * <p>A body over {@code quarkus.http.limits.max-body-size} is 413 with the error body whether its
 * length is declared (refused before it is read) or not (a chunked upload: read here up to the
 * limit, refused once past it; Quarkus REST would answer it with an empty 413 from a worker thread).
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "x-request-id";
    public static final String MDC_KEY = "requestId";
    // an echoed id ends up in logs and bodies: accept only a tame shape
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RequestIds.class);

    private final ObjectMapper mapper;
    private final long maxBody;
    /** Reads a chunked body up to the limit (Quarkus REST then takes it from the routing context); beyond: 413. */
    private final BodyHandler chunkedBody;

    public RequestIds(
            ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody) {
        this.mapper = mapper;
        this.maxBody = maxBody.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.chunkedBody = BodyHandler.create(false).setBodyLimit(this.maxBody).setMergeFormAttributes(false);
    }

    void install(@Observes Router router) {
        router.route().order(-10_000).handler(this::assign);
        router.route()
                .order(Integer.MAX_VALUE)
                .handler(ctx ->
                        writeError(ctx, 404, "no such path: " + ctx.request().path()));
        router.route().order(-10_000).failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (ctx.response().headWritten()) {
                if (ctx.get(dev.entitlements.common.rest.RequestDeadline.EXPIRED) != null) {
                    // the deadline answered 503; this is the resource's late answer, which has nowhere to go
                    LOG.debugf(
                            "request %s: late answer after the request deadline dropped: %s",
                            ctx.request().getHeader(HEADER), ctx.failure());
                    return;
                }
                ctx.next();
                return;
            }
            if (status == 413) {
                tooLarge(ctx);
                return;
            }
            if (status >= 500) {
                LOG.errorf(
                        ctx.failure(),
                        "unexpected failure of request %s",
                        ctx.request().getHeader(HEADER));
            }
            writeError(ctx, status, ErrorCode.forStatus(status).message());
        });
    }

    private void assign(RoutingContext ctx) {
        String id = ctx.request().getHeader(HEADER);
        if (id == null || !SAFE.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            ctx.request().headers().set(HEADER, id);
        }
        ctx.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        // Quarkus refuses a declared oversized body itself, but with an empty answer; this gives it
        // the error body (a chunked body that grows too large fails in the body handler instead,
        // and reaches the failure handler below)
        if (declaredLength(ctx) > maxBody) {
            tooLarge(ctx);
            return;
        }
        if (maxBody < Long.MAX_VALUE && isChunked(ctx)) {
            chunkedBody.handle(ctx); // next() when read whole, fail(413) past the limit
            return;
        }
        ctx.next();
    }

    private void tooLarge(RoutingContext ctx) {
        // the rest of an oversized upload is not read: the connection closes after the answer
        ctx.response().putHeader("connection", "close");
        writeError(ctx, 413, "the request body is larger than " + maxBody + " bytes");
    }

    /**
     * A chunked transfer (HTTP/1.1) with no declared length: the length is known only once the body
     * was read. An HTTP/2 body without a declared length is not read ahead (Vert.x refuses to pause
     * an HTTP/2 stream that has ended, which the proxy and Quarkus REST do): it streams, and Quarkus'
     * own limit cuts it off, without the error body.
     */
    private static boolean isChunked(RoutingContext ctx) {
        String encoding = ctx.request().getHeader("transfer-encoding");
        return ctx.request().getHeader("content-length") == null
                && encoding != null
                && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    private static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader("content-length");
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void writeError(RoutingContext ctx, int status, String reason) {
        String id = ctx.request().getHeader(HEADER);
        ErrorResponse body = new ErrorResponse(id, List.of(ErrorDto.of(ErrorCode.forStatus(status), reason, null)));
        try {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json")
                    .end(mapper.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
