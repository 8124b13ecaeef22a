package dev.entitlements.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Files the gateway serves from its own classpath (Swagger UI, the console) and from the web jars on
 * it, by a name taken from the request path: only plain names, in folders, are served (no {@code ..},
 * no hidden file), with the content type of their extension.
 */
final class ClasspathFiles {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml",
            "map", "application/json");

    private ClasspathFiles() {}

    /** The file, or null when there is none. */
    static byte[] bytes(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file, which must be there (the build put it there). */
    static byte[] required(String name) {
        byte[] bytes = bytes(name);
        if (bytes == null) {
            throw new IllegalStateException("no " + name + " on the classpath");
        }
        return bytes;
    }

    /**
     * The folder of a web jar's files ({@code META-INF/resources/<prefix>/<version>/}), its version read
     * from the jar's Maven properties, so a version bump in the pom is the only change.
     */
    static String webJar(String groupId, String artifactId, String prefix) {
        Properties pom = new Properties();
        try {
            pom.load(new java.io.ByteArrayInputStream(
                    required("META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/" + prefix + "/" + pom.getProperty("version") + "/";
    }

    static String type(String name) {
        return TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
    }

    /** Answers {@code folder + name}, or 404 for a name that is not plain or a file that is not there. */
    static void serve(RoutingContext ctx, String folder, String name, String cacheControl) {
        byte[] bytes = SAFE.matcher(name).matches() ? bytes(folder + name) : null;
        if (bytes == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        ctx.response()
                .putHeader("content-type", type(name))
                .putHeader("cache-control", cacheControl)
                .putHeader("x-content-type-options", "nosniff")
                .end(Buffer.buffer(bytes));
    }
}
