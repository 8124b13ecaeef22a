package dev.entitlements.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The web console (issue 21, docs/console.md): a page of static files ({@code console/} on the
 * classpath, no build step) that signs in with the OIDC authorization code flow and PKCE and then
 * calls the same API as every client, through this gateway, with the user's token: the console has
 * no rights of its own. {@code /console/config.json} tells the page where the provider is
 * ({@code gateway.console.*}); {@code /console/vendor/} serves the chart library from its web jar.
 * The pages come with a Content-Security-Policy that allows scripts, styles and calls from this
 * origin only, plus calls to the provider's token endpoint.
 */
@ApplicationScoped
public class Console {

    static final String PATH = "/console";
    private static final String FILES = "console/";
    private static final String NO_CACHE = "no-cache";

    /** What the page needs to sign in; null endpoints: no provider is configured. */
    record Config(
            String clientId, URI authorizationEndpoint, URI tokenEndpoint, URI endSessionEndpoint, String scope) {}

    private final Buffer config;
    private final Buffer index;
    private final String charts;
    private final String policy;

    public Console(ObjectMapper mapper, GatewayConfig gateway) {
        GatewayConfig.Console c = gateway.console();
        try {
            this.config = Buffer.buffer(mapper.writeValueAsBytes(new Config(
                    c.clientId(),
                    c.authorizationEndpoint().orElse(null),
                    c.tokenEndpoint().orElse(null),
                    c.endSessionEndpoint().orElse(null),
                    c.scope())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        this.index = Buffer.buffer(ClasspathFiles.required(FILES + "index.html"));
        this.charts = ClasspathFiles.webJar("org.webjars.npm", "chart.js", "webjars/chart.js") + "dist/";
        this.policy = policy(c.tokenEndpoint());
    }

    /**
     * Same origin for everything but the token call: the page cannot load or send anything elsewhere,
     * be framed, or carry a code in a Referer.
     */
    static String policy(Optional<URI> tokenEndpoint) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        tokenEndpoint.ifPresent(t -> connect.add(t.getScheme() + "://" + t.getRawAuthority()));
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
                + String.join(" ", connect) + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    void install(@Observes Router router) {
        // ahead of the proxy's catch-all (Gateway.API_PATHS leaves /console out: no API traffic)
        // Vert.x matches "/console" with and without the trailing slash: the page's relative links need the slash
        router.get(PATH).order(-200).handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                page(ctx);
            } else {
                ctx.redirect(PATH + "/");
            }
        });
        router.get(PATH + "/config.json")
                .order(-200)
                .handler(ctx -> ctx.response()
                        .putHeader("content-type", "application/json")
                        .putHeader("cache-control", "no-store")
                        .end(config));
        router.get(PATH + "/vendor/*")
                .order(-200)
                .handler(ctx -> ClasspathFiles.serve(
                        ctx, charts, ctx.request().path().substring((PATH + "/vendor/").length()), "max-age=86400"));
        router.get(PATH + "/*").order(-190).handler(ctx -> {
            headers(ctx);
            ClasspathFiles.serve(ctx, FILES, ctx.request().path().substring((PATH + "/").length()), NO_CACHE);
        });
    }

    private void page(RoutingContext ctx) {
        headers(ctx);
        ctx.response()
                .putHeader("content-type", ClasspathFiles.type("index.html"))
                .putHeader("cache-control", NO_CACHE)
                .end(index);
    }

    private void headers(RoutingContext ctx) {
        ctx.response()
                .putHeader("content-security-policy", policy)
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("x-frame-options", "DENY");
    }
}
