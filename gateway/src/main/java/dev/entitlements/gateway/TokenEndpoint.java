package dev.entitlements.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.TokenClaims;
import dev.entitlements.contract.error.ErrorCode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code POST /oauth2/token/{tenantId}}, the RUCKUS One token call (docs/decisions.md, Client
 * compatibility): a form-encoded client-credentials request answered with {@code access_token},
 * {@code token_type} and {@code expires_in}, so existing client scripts work unchanged. The gateway
 * passes the credentials on to the configured OIDC provider's token endpoint
 * ({@code gateway.token.upstream}) and hands the token out only when it is for the tenant the path
 * names: a client of another tenant gets 401. The gateway signs nothing itself and holds no key: on
 * the local run the provider is the development issuer's token endpoint, which the local stack
 * starts beside it ({@code DevTokenServer}). Without a provider the path answers 404.
 */
@ApplicationScoped
public class TokenEndpoint {

    private static final Logger LOG = Logger.getLogger(TokenEndpoint.class);
    static final String PATH = "/oauth2/token/:tenantId";
    static final String FORM = "application/x-www-form-urlencoded";
    private static final String CLIENT_CREDENTIALS = "client_credentials";

    private final ObjectMapper mapper;
    private final GatewayConfig.Token config;
    private final GatewayConfig.Upstream upstream;
    private HttpClient client;

    public TokenEndpoint(ObjectMapper mapper, GatewayConfig config) {
        this.mapper = mapper;
        this.config = config.token();
        this.upstream = config.upstream();
    }

    void install(@Observes Router router, Vertx vertx) {
        // the provider's waits bounded like the services' (GatewayConfig.Upstream)
        client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setConnectTimeout((int) upstream.connectTimeout().toMillis()));
        // before the proxy's catch-all route; a token request is a few hundred bytes
        router.post(PATH)
                .order(-200)
                .handler(BodyHandler.create().setBodyLimit(16 * 1024))
                .handler(this::token);
    }

    private void token(RoutingContext ctx) {
        String tenantId = ctx.pathParam("tenantId");
        Traffic.tenant(ctx, tenantId); // the access log's tenant: a token request carries no token
        String type = ctx.request().getHeader("content-type");
        if (type == null || !type.toLowerCase().startsWith(FORM)) {
            reject(ctx, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the credentials as " + FORM, null);
            return;
        }
        MultiMap form = parseForm(ctx.body().asString());
        Credentials credentials = Credentials.of(form, ctx.request().getHeader("authorization"));
        if (!CLIENT_CREDENTIALS.equals(form.get("grant_type"))) {
            reject(
                    ctx,
                    400,
                    ErrorCode.INVALID_VALUE,
                    "unsupported_grant_type: grant_type must be " + CLIENT_CREDENTIALS,
                    null);
            return;
        }
        if (credentials == null) {
            reject(
                    ctx,
                    400,
                    ErrorCode.MISSING_VALUE,
                    "invalid_request: client_id and client_secret are required",
                    "send them in the form or as HTTP Basic authentication");
            return;
        }
        if (config.upstream().isPresent()) {
            fromProvider(ctx, config.upstream().get(), tenantId, credentials, form.get("scope"));
        } else {
            reject(ctx, 404, ErrorCode.NOT_FOUND, "no token provider is configured (gateway.token.upstream)", null);
        }
    }

    private void fromProvider(
            RoutingContext ctx, URI upstream, String tenantId, Credentials credentials, String scope) {
        StringBuilder body = new StringBuilder("grant_type=")
                .append(CLIENT_CREDENTIALS)
                .append("&client_id=")
                .append(encode(credentials.id()))
                .append("&client_secret=")
                .append(encode(credentials.secret()));
        if (scope != null) {
            body.append("&scope=").append(encode(scope));
        }
        client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setAbsoluteURI(upstream.toString())
                        .setConnectTimeout(this.upstream.queueTimeout().toMillis())
                        .setIdleTimeout(this.upstream.responseTimeout().toMillis())
                        .putHeader("content-type", FORM)
                        .putHeader("accept", "application/json"))
                .compose(request -> request.send(Buffer.buffer(body.toString())))
                .compose(response -> response.body().map(b -> new Upstream(response, b)))
                .onSuccess(u -> relay(ctx, tenantId, u))
                .onFailure(e -> {
                    LOG.warnf("token provider %s unreachable: %s", upstream, e.getMessage());
                    reject(ctx, 502, ErrorCode.BAD_GATEWAY, "the identity provider did not answer", "try again later");
                });
    }

    private record Upstream(HttpClientResponse response, Buffer body) {}

    private void relay(RoutingContext ctx, String tenantId, Upstream u) {
        int status = u.response().statusCode();
        if (status == 400 || status == 401) {
            invalidClient(ctx);
            return;
        }
        try {
            JsonNode answer = status == 200 ? mapper.readTree(u.body().getBytes()) : null;
            String token = answer == null ? null : answer.path("access_token").asText(null);
            if (token == null) {
                LOG.warnf("token provider answered %d without an access token", status);
                reject(ctx, 502, ErrorCode.BAD_GATEWAY, "the identity provider gave no token", "try again later");
                return;
            }
            // the provider vouches for the client; the gateway adds that the client is the path's tenant's
            if (!tenantId.equals(tenantOf(token))) {
                invalidClient(ctx);
                return;
            }
            answer(ctx, token, answer.path("expires_in").asLong(0));
        } catch (java.io.IOException e) {
            reject(ctx, 502, ErrorCode.BAD_GATEWAY, "the identity provider's answer is not JSON", "try again later");
        }
    }

    /** The token's tenant claim; the token came straight from the provider, so its payload is read, not verified. */
    private String tenantOf(String jwt) throws java.io.IOException {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        return mapper.readTree(Base64.getUrlDecoder().decode(parts[1]))
                .path(TokenClaims.TENANT_ID)
                .asText(null);
    }

    private void answer(RoutingContext ctx, String token, long expiresIn) {
        try {
            ctx.response()
                    .setStatusCode(200)
                    .putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store")
                    .end(mapper.writeValueAsString(
                            Map.of("access_token", token, "token_type", "Bearer", "expires_in", expiresIn)));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    private void invalidClient(RoutingContext ctx) {
        ctx.response().putHeader("www-authenticate", "Basic realm=\"oauth2\"");
        reject(
                ctx,
                401,
                ErrorCode.UNAUTHENTICATED,
                "invalid_client: unknown client, wrong secret, or a client of another tenant",
                null);
    }

    private void reject(RoutingContext ctx, int status, ErrorCode code, String reason, String suggestion) {
        ctx.response().putHeader("cache-control", "no-store");
        Gateway.reject(ctx, mapper, status, code, reason, suggestion);
    }

    private static MultiMap parseForm(String body) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        if (body == null) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.add(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The client's id and secret, from the form or from HTTP Basic authentication (RFC 6749 §2.3.1). */
    record Credentials(String id, String secret) {

        static Credentials of(MultiMap form, String authorization) {
            if (form.get("client_id") != null && form.get("client_secret") != null) {
                return new Credentials(form.get("client_id"), form.get("client_secret"));
            }
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String pair = new String(
                            Base64.getDecoder()
                                    .decode(authorization.substring(6).strip()),
                            StandardCharsets.UTF_8);
                    int colon = pair.indexOf(':');
                    if (colon > 0) {
                        return new Credentials(decode(pair.substring(0, colon)), decode(pair.substring(colon + 1)));
                    }
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
