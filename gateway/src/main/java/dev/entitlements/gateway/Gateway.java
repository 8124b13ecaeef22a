package dev.entitlements.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.error.ErrorDto;
import dev.entitlements.contract.error.ErrorResponse;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Routes every API request to the service that owns it ({@link RouteTable}: method, path and, where
 * a line has one, a query predicate such as {@code ?refresh=true}) through Vert.x' reverse proxy. Requests and responses stream through unchanged, headers included; the gateway
 * adds a request id when the caller sent none ({@link Traffic}, which also measures and logs each
 * request), so it appears in every service's logs, and the {@code X-Forwarded-Host}/{@code -Proto}
 * the services build links from.
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);
    static final String REQUEST_ID = "x-request-id";
    /** Every path but {@code /q/*} (the gateway's own health and metrics) is API traffic. */
    static final String API_PATHS = "^/(?!q/).*";

    private final RouteTable table;
    private final Traffic traffic;
    private final Map<String, HttpProxy> proxies = new HashMap<>();
    private final ObjectMapper mapper;
    private final long maxBody;

    public Gateway(ObjectMapper mapper, GatewayConfig config, RouteTable table, Traffic traffic) {
        this.mapper = mapper;
        this.maxBody = config.maxBodySize().asLongValue();
        this.table = table;
        this.traffic = traffic;
    }

    void install(@Observes Router router, Vertx vertx, GatewayConfig config) {
        GatewayConfig.Upstream upstream = config.upstream();
        // every wait bounded (Vert.x' defaults: connect 60 s, no response timeout, unbounded queue)
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(upstream.maxPoolSize())
                .setMaxWaitQueueSize(upstream.maxWaitQueue())
                .setConnectTimeout((int) upstream.connectTimeout().toMillis()));
        for (RouteTable.Route route : table.routes()) {
            if (route.service().equals(RouteTable.GATEWAY)) {
                continue; // served here (TokenEndpoint)
            }
            proxies.computeIfAbsent(route.service(), service -> {
                var url = Optional.ofNullable(config.services().get(service))
                        .orElseThrow(() -> new IllegalStateException("routes.txt names service '" + service
                                + "' but gateway.services." + service + " is not configured"));
                int port = url.getPort() > 0 ? url.getPort() : 80;
                UpstreamFailures failures = new UpstreamFailures(service, mapper, upstream);
                return HttpProxy.reverseProxy(client)
                        .origin(failures.origin(SocketAddress.inetSocketAddress(port, url.getHost())))
                        .addInterceptor(failures);
            });
        }
        // /q/* is the gateway's own health and metrics; everything else is API traffic
        router.routeWithRegex(API_PATHS).order(-100).handler(this::route);
    }

    private void route(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // the proxy talks to the service under the service's own host: links the service builds
        // (e.g. the sync request's status link) must name the host the caller used; an outer
        // proxy's values win
        if (request.getHeader("x-forwarded-host") == null && request.getHeader("host") != null) {
            request.headers().set("x-forwarded-host", request.getHeader("host"));
        }
        if (request.getHeader("x-forwarded-proto") == null) {
            request.headers().set("x-forwarded-proto", request.scheme());
        }
        String length = request.getHeader("content-length");
        if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > maxBody) {
            // refused at the edge: the service would refuse it too, but only after the upload
            ctx.response().putHeader("connection", "close");
            reject(ctx, 413, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + maxBody + " bytes");
            return;
        }
        var route = traffic.route(ctx);
        if (route.isPresent()) {
            LOG.debugf(
                    "%s %s -> %s", request.method(), request.path(), route.get().service());
            proxies.get(route.get().service()).handle(request);
        } else if (table.knowsPath(request.path())) {
            reject(ctx, 405, ErrorCode.METHOD_NOT_ALLOWED, request.method() + " is not allowed on " + request.path());
        } else {
            reject(ctx, 404, ErrorCode.NOT_FOUND, "no such path: " + request.path());
        }
    }

    private void reject(RoutingContext ctx, int status, ErrorCode code, String reason) {
        reject(ctx, mapper, status, code, reason, null);
    }

    /** Answers with the platform's JSON error body: everything the gateway refuses itself goes through here. */
    static void reject(
            RoutingContext ctx, ObjectMapper mapper, int status, ErrorCode code, String reason, String suggestion) {
        String id = ctx.request().getHeader(REQUEST_ID);
        try {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json")
                    .putHeader(REQUEST_ID, id)
                    .end(mapper.writeValueAsString(
                            new ErrorResponse(id, List.of(ErrorDto.of(code, reason, suggestion)))));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
