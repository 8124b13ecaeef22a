package dev.entitlements.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The route table ({@code routes.txt}): method and path template → owning service. */
public final class RouteTable {

    /**
     * One line of the table.
     *
     * @param roles the roles that may call it; empty: no token needed
     */
    public record Route(String method, String path, String service, Set<String> roles, Pattern pattern) {

        boolean matches(String m, String p) {
            return method.equals(m) && pattern.matcher(p).matches();
        }
    }

    public static final String RESOURCE = "/routes.txt";
    /** The service column of routes the gateway serves itself. */
    public static final String GATEWAY = "gateway";

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static RouteTable load() {
        try (InputStream in = RouteTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RouteTable parse(List<String> lines) {
        List<Route> routes = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (parts.length != 4 || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("route line is not 'METHOD /path service roles': " + line);
            }
            Set<String> roles = parts[3].equals("-") ? Set.of() : Set.of(parts[3].split(","));
            routes.add(new Route(parts[0], parts[1], parts[2], roles, Pattern.compile(regex(parts[1]))));
        }
        return new RouteTable(routes);
    }

    // literal segments are quoted; {name} matches one non-empty segment
    private static String regex(String template) {
        StringBuilder re = new StringBuilder("^");
        for (String segment : template.substring(1).split("/", -1)) {
            re.append('/');
            re.append(segment.startsWith("{") && segment.endsWith("}") ? "[^/]+" : Pattern.quote(segment));
        }
        return re.append("/?$").toString();
    }

    /** The owning route; literal paths win over templates (self over {tenantId}) by table order. */
    public Optional<Route> match(String method, String path) {
        return routes.stream().filter(r -> r.matches(method, path)).findFirst();
    }

    /** Whether any route has this path with another method (for a 405 instead of a 404). */
    public boolean knowsPath(String path) {
        return routes.stream().anyMatch(r -> r.pattern().matcher(path).matches());
    }

    public List<Route> routes() {
        return routes;
    }
}
