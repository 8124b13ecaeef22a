package dev.entitlements.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The route table ({@code routes.txt}): method, path template and query predicate → owning service.
 * <p>
 * A path may end in a query predicate, {@code /entitlements/summaries?refresh=true}: the line then
 * takes only requests whose query parameter has exactly that value (its first value, the one a
 * service's {@code @QueryParam} reads), as a Gateway API {@code queryParams} Exact match does. Such
 * a line must come before the plain line of its method and path, which takes everything else.
 */
public final class RouteTable {

    /**
     * One line of the table.
     *
     * @param path  the path column as written, query predicate included (the route's name in the role
     *              matrix and the security suite)
     * @param roles the roles that may call it; empty: no token needed
     * @param query the query parameters the request must carry, name → value (any case: Python's
     *              {@code requests} sends {@code refresh=True}); empty: none
     */
    public record Route(
            String method, String path, String service, Set<String> roles, Pattern pattern, Map<String, String> query) {

        /** The path template without the query predicate. */
        public String template() {
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }

        boolean matches(String m, String p, Function<String, String> firstValue) {
            return method.equals(m)
                    && pattern.matcher(p).matches()
                    && query.entrySet().stream()
                            .allMatch(e -> e.getValue().equalsIgnoreCase(firstValue.apply(e.getKey())));
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
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .toList());
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
            String[] pathAndQuery = parts[1].split("\\?", 2);
            Map<String, String> query = pathAndQuery.length == 2 ? predicate(pathAndQuery[1], line) : Map.of();
            Route route =
                    new Route(parts[0], parts[1], parts[2], roles, Pattern.compile(regex(pathAndQuery[0])), query);
            // a predicate line after the plain line of its method and path would never be reached
            for (Route earlier : routes) {
                if (earlier.method().equals(route.method())
                        && earlier.template().equals(route.template())
                        && route.query().entrySet().containsAll(earlier.query().entrySet())) {
                    throw new IllegalArgumentException(
                            "route line is never reached (an earlier line takes all it would): " + line);
                }
            }
            routes.add(route);
        }
        return new RouteTable(routes);
    }

    // name=value&name=value: exact values, no encoding (the table names plain parameters)
    private static Map<String, String> predicate(String query, String line) {
        Map<String, String> predicate = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            String[] nv = pair.split("=", -1);
            if (nv.length != 2 || nv[0].isEmpty() || nv[1].isEmpty() || predicate.put(nv[0], nv[1]) != null) {
                throw new IllegalArgumentException("query predicate is not 'name=value&...': " + line);
            }
        }
        return Map.copyOf(predicate);
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

    /** The owning route of a request without query parameters. */
    public Optional<Route> match(String method, String path) {
        return match(method, path, name -> null);
    }

    /**
     * The owning route; literal paths win over templates (self over {tenantId}) and query predicates
     * over the plain line, by table order.
     *
     * @param firstValue a query parameter's first value, or null when the request does not carry it
     */
    public Optional<Route> match(String method, String path, Function<String, String> firstValue) {
        return routes.stream().filter(r -> r.matches(method, path, firstValue)).findFirst();
    }

    /** Whether any route has this path with another method (for a 405 instead of a 404). */
    public boolean knowsPath(String path) {
        return routes.stream().anyMatch(r -> r.pattern().matcher(path).matches());
    }

    public List<Route> routes() {
        return routes;
    }
}
