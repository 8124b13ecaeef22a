package dev.entitlements.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.error.ErrorDto;
import dev.entitlements.contract.error.ErrorResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Calls a service with bounded waits and answers a request the service did not answer with the
 * platform's JSON error body, where Vert.x' proxy would send an empty 502 (docs/errors.md):
 * <ul>
 * <li>no connection to the service (refused, connect timeout, gateway queue full): 503 ENTITLEMENT-10017 with Retry-After;</li>
 * <li>connected, but no answer within the response timeout: 504 ENTITLEMENT-10019 with Retry-After;</li>
 * <li>anything else (the connection broke mid-request): 502 ENTITLEMENT-10018.</li>
 * </ul>
 * A 504 or 502 does not say the request had no effect: a write may have committed; clients retry
 * it with the same Idempotency-Key.
 */
final class UpstreamFailures implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamFailures.class);
    /** Set on the proxy context once a connection to the service was obtained. */
    private static final String CONNECTED = "gateway.upstream.connected";

    private final String service;
    private final ObjectMapper mapper;
    private final GatewayConfig.Upstream config;

    UpstreamFailures(String service, ObjectMapper mapper, GatewayConfig.Upstream config) {
        this.service = service;
        this.mapper = mapper;
        this.config = config;
    }

    /** The request to the service at {@code address}, with the connect and response timeouts. */
    OriginRequestProvider origin(SocketAddress address) {
        RequestOptions options = new RequestOptions()
                .setServer(address)
                .setConnectTimeout(config.queueTimeout().toMillis())
                .setIdleTimeout(config.responseTimeout().toMillis());
        return ctx -> {
            Future<HttpClientRequest> request = ctx.client().request(new RequestOptions(options));
            return request.onSuccess(r -> ctx.set(CONNECTED, Boolean.TRUE));
        };
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
        return ctx.sendRequest().recover(failure -> Future.succeededFuture(answer(ctx, failure)));
    }

    private ProxyResponse answer(ProxyContext ctx, Throwable failure) {
        boolean connected = Boolean.TRUE.equals(ctx.get(CONNECTED, Boolean.class));
        String id = ctx.request().proxiedRequest().getHeader(Gateway.REQUEST_ID);
        String what = ctx.request().getMethod() + " " + ctx.request().getURI();
        ErrorCode code;
        String reason;
        if (!connected || failure instanceof ConnectionPoolTooBusyException || failure instanceof ConnectException) {
            code = ErrorCode.SERVICE_UNAVAILABLE;
            reason = "the " + service + " service is not reachable";
        } else if (failure instanceof TimeoutException) {
            code = ErrorCode.GATEWAY_TIMEOUT;
            reason = "the " + service + " service did not answer within "
                    + config.responseTimeout().toMillis() + " ms";
        } else {
            code = ErrorCode.BAD_GATEWAY;
            reason = "the connection to the " + service + " service broke before it answered";
        }
        LOG.warnf("request %s (%s) answered %d: %s", id, what, code.status(), failure);
        ctx.request().release();
        ProxyResponse response = ctx.request()
                .response()
                .setStatusCode(code.status())
                .putHeader("content-type", "application/json")
                .putHeader(Gateway.REQUEST_ID, id);
        String suggestion = null;
        if (code != ErrorCode.BAD_GATEWAY) {
            response.putHeader("Retry-After", String.valueOf(config.retryAfterSeconds()));
            suggestion = "retry after " + config.retryAfterSeconds() + " s";
        }
        if (code != ErrorCode.SERVICE_UNAVAILABLE || connected) {
            suggestion = (suggestion == null ? "retry" : suggestion)
                    + "; a write may have been applied, so send it again with the same" + " Idempotency-Key";
        }
        return response.setBody(Body.body(Buffer.buffer(json(id, ErrorDto.of(code, reason, suggestion)))));
    }

    private String json(String id, ErrorDto error) {
        try {
            return mapper.writeValueAsString(new ErrorResponse(id, List.of(error)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
