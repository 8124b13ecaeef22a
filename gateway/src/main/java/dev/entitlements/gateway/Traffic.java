package dev.entitlements.gateway;

import dev.entitlements.contract.LatencyBuckets;
import dev.entitlements.contract.TokenClaims;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Every API request the gateway answers (all but {@code /q/*}), measured and logged once, when its
 * answer is written:
 * <ul>
 * <li>{@code gateway_requests_seconds{route, method, status, service}}: a histogram, so rate, errors
 * and latency per route. {@code route} is the line of routes.txt that took the request, as written
 * ({@code /tenants/{tenantId}/entitlements/assignments}), or {@code unmatched} (the 404s and 405s);
 * {@code status} is the class ({@code 2xx}...{@code 5xx}, {@code aborted} when the connection closed
 * before the answer ended); {@code method} is one of the standard methods or {@code OTHER}. Never the
 * raw path nor a tenant: the series stay a few hundred whatever the traffic.</li>
 * <li>one access-log line (logger {@value #ACCESS_LOGGER}, INFO) with the trace and span id (tracing on),
 * the request id, tenant, method,
 * path, route, service, status, latency and bytes: its fields are also in the log context (MDC), so the
 * JSON log (production) carries them as fields, and the text log ({@code ./run}) shows
 * {@code [req=... tenant=...]} as the services' lines do.</li>
 * </ul>
 * The tenant is the {@code tenantId} claim of the bearer token as sent: the gateway does not verify
 * tokens (the services do), so it is what the caller claims, good for reading logs and nothing else;
 * {@code actingFor} is the {@code x-rks-tenantid} header. Both only when they have a tame shape.
 */
@ApplicationScoped
public class Traffic {

    /** The histogram's name (Prometheus: {@code gateway_requests_seconds_bucket/_count/_sum}). */
    public static final String REQUESTS = "gateway.requests";
    /** The access log's logger (its level turns the log off: {@code quarkus.log.category."...".level=OFF}). */
    public static final String ACCESS_LOGGER = "dev.entitlements.gateway.access";
    /** {@code route} of a request no line of routes.txt takes. */
    public static final String UNMATCHED = "unmatched";
    /** {@code service} of a request no line of routes.txt takes. */
    private static final String NO_SERVICE = "none";

    /** Where the request's route (an {@code Optional<RouteTable.Route>}) is kept for {@link Gateway}. */
    private static final String ROUTE_KEY = "gateway.route";
    /** A tenant the request names outside a token (the token endpoint's path); see {@link #tenant(RoutingContext, String)}. */
    private static final String TENANT_KEY = "gateway.tenant";
    /** The request's server span, for the access log's {@code traceId} and {@code spanId}. */
    private static final String SPAN_KEY = "gateway.span";

    /** As the services' RequestIds: an echoed id ends up in logs and bodies, so only a tame shape is kept. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** A tenant id worth logging (tenant ids are short names). */
    private static final Pattern SAFE_TENANT = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    private static final Pattern TENANT_CLAIM =
            Pattern.compile("\"" + Pattern.quote(TokenClaims.TENANT_ID) + "\"\\s*:\\s*\"([^\"\\\\]{1,64})\"");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Logger ACCESS = Logger.getLogger(ACCESS_LOGGER);

    private final RouteTable table;
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public Traffic(RouteTable table, MeterRegistry registry) {
        this.table = table;
        this.registry = registry;
    }

    void install(@Observes Router router) {
        // before the token endpoint (-200) and the proxy (-100): they answer, this only watches
        router.routeWithRegex(Gateway.API_PATHS).order(-300).handler(this::observe);
    }

    private void observe(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String id = request.getHeader(Gateway.REQUEST_ID);
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            request.headers().set(Gateway.REQUEST_ID, UUID.randomUUID().toString());
        }
        Optional<RouteTable.Route> route = route(ctx);
        // the request's server span (tracing on): the end handler may run after it ended and left the context
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            ctx.put(SPAN_KEY, span);
        }
        // answered = the answer was ended; the end handler's own result also fails when the connection
        // (or an HTTP/2 stream) closes right after a complete answer
        ctx.addEndHandler(ended -> done(ctx, route, start, ctx.response().ended()));
        ctx.next();
    }

    /** The line of routes.txt that takes this request (matched once per request). */
    Optional<RouteTable.Route> route(RoutingContext ctx) {
        Optional<RouteTable.Route> route = ctx.get(ROUTE_KEY);
        if (route == null) {
            HttpServerRequest request = ctx.request();
            // getParam: the decoded query parameter's first value, as the owning service's @QueryParam reads it
            route = table.match(request.method().name(), request.path(), request::getParam);
            ctx.put(ROUTE_KEY, route);
        }
        return route;
    }

    /** The tenant a request names outside a bearer token (the token endpoint's path). */
    static void tenant(RoutingContext ctx, String tenantId) {
        ctx.put(TENANT_KEY, tenantId);
    }

    private void done(RoutingContext ctx, Optional<RouteTable.Route> route, long start, boolean answered) {
        long nanos = System.nanoTime() - start;
        HttpServerRequest request = ctx.request();
        int status = ctx.response().getStatusCode();
        String statusClass = answered ? (status / 100) + "xx" : "aborted";
        String method =
                METHODS.contains(request.method().name()) ? request.method().name() : "OTHER";
        String path = route.map(RouteTable.Route::path).orElse(UNMATCHED);
        String service = route.map(RouteTable.Route::service).orElse(NO_SERVICE);
        timer(path, method, statusClass, service).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (ACCESS.isInfoEnabled()) {
            log(ctx, request, method, path, service, answered ? Integer.toString(status) : "aborted", nanos);
        }
    }

    private Timer timer(String route, String method, String status, String service) {
        return timers.computeIfAbsent(
                String.join(" ", route, method, status, service),
                key -> Timer.builder(REQUESTS)
                        .description("API requests answered by the gateway, by route of routes.txt")
                        .tag("route", route)
                        .tag("method", method)
                        .tag("status", status)
                        .tag("service", service)
                        .serviceLevelObjectives(LatencyBuckets.request())
                        .register(registry));
    }

    private static void log(
            RoutingContext ctx,
            HttpServerRequest request,
            String method,
            String route,
            String service,
            String status,
            long nanos) {
        String id = request.getHeader(Gateway.REQUEST_ID);
        String tenant = ctx.get(TENANT_KEY);
        if (tenant == null) {
            tenant = claimedTenant(request.getHeader("authorization"));
        }
        tenant = tame(tenant);
        String actingFor = tame(request.getHeader("x-rks-tenantid"));
        long millis = nanos / 1_000_000;
        long sent = ctx.response().bytesWritten();
        long received = request.bytesRead();
        SpanContext span = ctx.get(SPAN_KEY);
        String[] keys = {
            "traceId",
            "spanId",
            "requestId",
            "tenantId",
            "actingFor",
            "method",
            "path",
            "route",
            "service",
            "status",
            "durationMs",
            "bytesSent",
            "bytesReceived"
        };
        Object[] values = {
            span == null ? null : span.getTraceId(),
            span == null ? null : span.getSpanId(),
            id,
            tenant,
            actingFor,
            method,
            request.path(),
            route,
            service,
            status,
            millis,
            sent,
            received
        };
        // what was there before (the tracing's own traceId/spanId) is put back after the line
        Object[] before = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            before[i] = MDC.get(keys[i]);
            if (values[i] != null) {
                MDC.put(keys[i], values[i]);
            }
        }
        try {
            ACCESS.infof(
                    "%s %s status=%s ms=%d route=\"%s\" service=%s bytes_out=%d bytes_in=%d%s",
                    method,
                    request.path(),
                    status,
                    millis,
                    route,
                    service,
                    sent,
                    received,
                    actingFor == null ? "" : " acting_for=" + actingFor);
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) {
                    MDC.remove(keys[i]);
                } else {
                    MDC.put(keys[i], before[i]);
                }
            }
        }
    }

    /** The {@code tenantId} claim of a bearer token, read without verifying it (for the log only); null if none. */
    static String claimedTenant(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).strip().split("\\.", -1);
        if (parts.length != 3 || parts[1].length() > 8192) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Matcher m = TENANT_CLAIM.matcher(payload);
            return m.find() ? m.group(1) : null;
        } catch (IllegalArgumentException e) {
            return null; // not base64url: not a token
        }
    }

    private static String tame(String tenant) {
        return tenant != null && SAFE_TENANT.matcher(tenant).matches() ? tenant : null;
    }
}
