package dev.entitlements.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The public API's one OpenAPI document and Swagger UI, at the gateway (issue 17, contract first):
 * {@code GET /q/openapi} answers the document the build merged from the four services
 * ({@code openapi/openapi.json}, kept equal to what they generate by security-tests'
 * OpenApiSnapshotTests) in YAML, or in JSON with {@code ?format=json} or {@code Accept:
 * application/json}, as Quarkus' own endpoint does; {@code /q/swagger-ui/} serves Swagger UI from
 * the {@code org.mvnpm:swagger-ui-dist} jar (no CDN: the page works offline) pointed at it.
 */
@ApplicationScoped
public class ApiDocs {

    static final String DOCUMENT = "/openapi/openapi.json";
    static final String UI = "/q/swagger-ui";
    private final Buffer json;
    private final Buffer yaml;
    private final Buffer index;
    /** The distribution's folder: its files sit under their version. */
    private final String dist;

    public ApiDocs() {
        try {
            JsonNode document = new ObjectMapper().readTree(ClasspathFiles.required(DOCUMENT.substring(1)));
            this.json = Buffer.buffer(
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
            this.yaml = Buffer.buffer(new YAMLMapper(new YAMLFactory()
                            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                            // a string that reads as a number ("1042") keeps its quotes: unquoted, a YAML reader sees a
                            // number
                            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
                    .writeValueAsBytes(document));
            this.index = Buffer.buffer(ClasspathFiles.required("swagger-ui/index.html"));
            this.dist = ClasspathFiles.webJar("org.mvnpm", "swagger-ui-dist", "_static/swagger-ui-dist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void install(@Observes Router router) {
        router.get("/q/openapi").handler(this::document);
        // Vert.x matches "/q/swagger-ui" with and without the trailing slash: the page's relative links need the slash
        router.get(UI).handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                ctx.response()
                        .putHeader("content-type", ClasspathFiles.type("index.html"))
                        .end(index);
            } else {
                ctx.redirect(UI + "/");
            }
        });
        router.get(UI + "/*").handler(this::asset);
    }

    private void document(RoutingContext ctx) {
        String format = ctx.request().getParam("format");
        String accept = ctx.request().getHeader("accept");
        boolean asJson = format != null
                ? format.equalsIgnoreCase("json")
                : accept != null && accept.contains("application/json") && !accept.contains("yaml");
        ctx.response()
                .putHeader("content-type", asJson ? "application/json;charset=UTF-8" : "application/yaml;charset=UTF-8")
                .end(asJson ? json : yaml);
    }

    /** A file of the Swagger UI distribution. */
    private void asset(RoutingContext ctx) {
        ClasspathFiles.serve(ctx, dist, ctx.request().path().substring(UI.length() + 1), "max-age=3600");
    }

    /** The document as {@code ?format=json} answers it. */
    Buffer json() {
        return json;
    }

    /** The document as YAML, the default answer. */
    Buffer yaml() {
        return yaml;
    }
}
