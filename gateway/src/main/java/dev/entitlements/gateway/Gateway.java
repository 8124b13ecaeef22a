package dev.entitlements.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.error.ErrorDto;
import dev.entitlements.contract.error.ErrorResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Routes every API request to the service that owns it ({@link RouteTable}: method, path and, where
 * a line has one, a query predicate such as {@code ?refresh=true}) through Vert.x' reverse proxy. Requests and responses stream through unchanged, headers included; the gateway
 * adds a request id when the caller sent none ({@link Traffic}, which also measures and logs each
 * request), so it appears in every service's logs, and the {@code X-Forwarded-Host}/{@code -Proto}
 * the services build links from. Tracing (ADR 0016) needs nothing here: Quarkus' Vert.x
 * instrumentation gives each request a server span and the proxied call a client span, whose
 * {@code traceparent} it writes on the request to the service.
 *
 * <p>A body over the services' limit is refused here with 413 and the JSON error body: by its
 * declared length before anything is read, and a chunked one (no declared length) once it has grown
 * past the limit. A chunked body within the limit is read whole first (at most the limit, 1 MiB) and
 * passed on with its length: the service never sees an upload it would refuse half-way, which the
 * caller would get as a broken connection (502) instead of a 413.
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);
    static final String REQUEST_ID = "x-request-id";
    /** Every path but {@code /q/*} (the gateway's own health and metrics) is API traffic. */
    static final String API_PATHS = "^/(?!q/|console(?:/|$)).*";
    /** A {@code content-length}, stripped, worth reading (compiled once: this runs on every request). */
    private static final Pattern DECLARED_LENGTH = Pattern.compile("\\d{1,18}");

    private final RouteTable table;
    private final Traffic traffic;
    private final Map<String, HttpProxy> proxies = new HashMap<>();
    private final ObjectMapper mapper;
    private final long maxBody;
    /** Reads a chunked body up to the limit and fails the request with 413 beyond it. */
    private final BodyHandler chunkedBody;
    /**
     * Chunked bodies read whole, by request, from {@link #route} to the proxy's first interceptor,
     * which passes them on instead of the (already read) request stream. The interceptor runs within
     * {@code HttpProxy.handle}, so an entry lives only for that call.
     */
    private final Map<HttpServerRequest, Buffer> readBodies = new ConcurrentHashMap<>();

    public Gateway(ObjectMapper mapper, GatewayConfig config, RouteTable table, Traffic traffic) {
        this.mapper = mapper;
        this.maxBody = config.maxBodySize().asLongValue();
        this.chunkedBody = BodyHandler.create(false).setBodyLimit(maxBody).setMergeFormAttributes(false);
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
                        .addInterceptor(new ReadBody())
                        .addInterceptor(failures);
            });
        }
        // /q/* is the gateway's own health and metrics, /console the web console's files (Console); everything else is
        // API traffic
        router.routeWithRegex(API_PATHS)
                .order(-100)
                .handler(this::prepare)
                .handler(this::readChunked)
                .handler(this::route)
                .failureHandler(this::failed);
    }

    private void prepare(RoutingContext ctx) {
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
        String declared = length == null ? null : length.strip();
        if (declared != null && DECLARED_LENGTH.matcher(declared).matches() && Long.parseLong(declared) > maxBody) {
            // refused at the edge: the service would refuse it too, but only after the upload
            tooLarge(ctx);
            return;
        }
        ctx.next();
    }

    /** A chunked body is read here, up to the limit: beyond it the body handler fails the request with 413. */
    private void readChunked(RoutingContext ctx) {
        if (isChunked(ctx.request())) {
            chunkedBody.handle(ctx);
        } else {
            ctx.next();
        }
    }

    private void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            tooLarge(ctx);
        } else {
            ctx.next();
        }
    }

    private void tooLarge(RoutingContext ctx) {
        // the rest of an oversized upload is not read: the connection closes after the answer
        ctx.response().putHeader("connection", "close");
        reject(ctx, 413, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + maxBody + " bytes");
    }

    /**
     * A chunked transfer (HTTP/1.1) with no declared length: the length is known only once the body
     * was read. An HTTP/2 body without a declared length is not read ahead (Vert.x refuses to pause
     * an HTTP/2 stream that has ended, which the proxy and Quarkus REST do): it streams, and Quarkus'
     * own limit cuts it off, without the error body.
     */
    static boolean isChunked(HttpServerRequest request) {
        String encoding = request.getHeader("transfer-encoding");
        return request.getHeader("content-length") == null
                && encoding != null
                && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    private void route(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        var route = traffic.route(ctx);
        if (route.isPresent()) {
            LOG.debugf(
                    "%s %s -> %s", request.method(), request.path(), route.get().service());
            if (isChunked(request)) {
                // read whole by readChunked; an empty body has no buffer
                Buffer body = ctx.body().buffer();
                readBodies.put(request, body == null ? Buffer.buffer() : body);
            }
            try {
                proxies.get(route.get().service()).handle(request);
            } finally {
                readBodies.remove(request);
            }
        } else if (table.knowsPath(request.path())) {
            reject(ctx, 405, ErrorCode.METHOD_NOT_ALLOWED, request.method() + " is not allowed on " + request.path());
        } else {
            reject(ctx, 404, ErrorCode.NOT_FOUND, "no such path: " + request.path());
        }
    }

    /** Passes a chunked body the gateway read (see {@link #readChunked}) on as a body of known length. */
    private final class ReadBody implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
            Buffer body = readBodies.remove(ctx.request().proxiedRequest());
            if (body != null) {
                ctx.request().setBody(Body.body(body));
            }
            return ctx.sendRequest();
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
