package dev.entitlements.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entitlements.gateway.RouteTable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated hostile bodies on every POST and PATCH route, through the gateway to the packaged
 * services: malformed JSON, values of the wrong type, huge and negative numbers, any unicode in
 * strings and field names, oversized arrays — each made by damaging the route's valid request at a
 * generated place. Never a 5xx; every refusal is the JSON error body and leaves the tenant's rows
 * in the owning service's database exactly as they were (no partial write).
 */
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ERROR_BODY = Pattern.compile("\"code\"\\s*:\\s*\"ENTITLEMENT-\\d+\"");
    private static final Set<Integer> EXPECTED = Set.of(200, 201, 202, 204, 400, 402, 404, 409, 413, 415, 417, 422);
    /** The tables each service writes on an API call: what a refused call must leave untouched. */
    private static final Map<String, List<String>> WRITTEN = Map.of(
            "entitlement", List.of("usage_setting", "audit_log"),
            "assignment", List.of("assignment", "idempotency_key", "audit_log"),
            "sync", List.of("sync_request", "purchase", "licensing_account", "audit_log"),
            "reporting", List.of());

    private static final String TRAILING = "trailing";

    private static PlatformStack stack;
    private static Api api;
    private static Family family;
    private static Map<String, RouteTable.Route> routes;

    @BeforeContainer
    static void platform() {
        stack = PlatformStack.shared();
        api = new Api(stack.gatewayUrl());
        family = new Family(stack.issuer(), api).create();
        routes = new LinkedHashMap<>();
        RoleMatrixIT.apiRoutes().forEach(r -> routes.put(r.method() + " " + r.path(), r));
    }

    /** A damaged request: which route, and the body to send instead of its valid one. */
    record Attack(Endpoints.Endpoint endpoint, String kind, String body) {

        @Override
        public String toString() {
            return endpoint.route() + " [" + kind + "] " + (body.length() > 300 ? body.substring(0, 300) + "... (" + body.length() + " chars)" : body);
        }
    }

    @Property(tries = 400, seed = "20261201")
    void noHostileBodyGetsA5xxOrWritesAnything(@ForAll("attacks") Attack attack) throws Exception {
        Endpoints.Endpoint e = attack.endpoint();
        RouteTable.Route route = routes.get(e.route());
        String service = route.service();
        Endpoints.Request valid = e.request().apply(family);
        String token = family.token(route.roles().iterator().next());
        String before = settled(service);
        Api.Answer answer = api.call(e.method(), valid.path(), token, attack.body());
        Statistics.collect(attack.kind(), answer.status() / 100 + "xx");
        assertTrue(answer.status() < 500, attack + " → " + answer);
        assertTrue(EXPECTED.contains(answer.status()), attack + " → " + answer);
        if (attack.kind().equals(TRAILING)) {
            // the valid document followed by anything: never read as the document alone
            assertEquals(400, answer.status(), attack + " → " + answer);
        }
        if (answer.status() >= 400) {
            assertTrue(ERROR_BODY.matcher(answer.body()).find(), "not the JSON error body: " + attack + " → " + answer);
            assertEquals(before, footprint(service), "a refused request changed rows: " + attack + " → " + answer);
        }
    }

    @Provide
    Arbitrary<Attack> attacks() {
        List<Endpoints.Endpoint> writes = Endpoints.ALL.values().stream().filter(Endpoints.Endpoint::hasBody).toList();
        return Arbitraries.of(writes).flatMap(e -> {
            // the valid body, without side effects: ids in paths do not matter for the body's shape
            String validBody = bodyOf(e);
            return Arbitraries.oneOf(
                    malformed(validBody).map(b -> new Attack(e, "malformed", b)),
                    Arbitraries.of(validBody + validBody, validBody + " x", validBody + "]", validBody + ",{}")
                            .map(b -> new Attack(e, TRAILING, b)),
                    replaced(validBody, wrongTypes()).map(b -> new Attack(e, "wrong type", b)),
                    replaced(validBody, hugeNumbers()).map(b -> new Attack(e, "huge number", b)),
                    replaced(validBody, unicode().map(s -> (JsonNode) NODES.textNode(s))).map(b -> new Attack(e, "unicode", b)),
                    unicodeField(validBody).map(b -> new Attack(e, "unicode field", b)),
                    replaced(validBody, oversizedArrays()).map(b -> new Attack(e, "oversized array", b)));
        });
    }

    /** Valid JSON cut short, with a character inserted, or not JSON at all. */
    private static Arbitrary<String> malformed(String valid) {
        Arbitrary<String> cut = Arbitraries.integers().between(0, Math.max(0, valid.length() - 1)).map(i -> valid.substring(0, i));
        Arbitrary<String> inserted = Combinators.combine(Arbitraries.integers().between(0, valid.length()),
                Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "'", "NaN", "//", "\u00ff"))
                .as((i, c) -> valid.substring(0, i) + c + valid.substring(i));
        return Arbitraries.oneOf(cut, inserted, Arbitraries.strings().ofMaxLength(200), Arbitraries.just(""),
                Arbitraries.just("null"));
    }

    private static Arbitrary<JsonNode> wrongTypes() {
        return Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.numberNode(7), NODES.textNode("7"),
                NODES.textNode(""), NODES.objectNode(), NODES.arrayNode(), NODES.objectNode().put("nested", "x"),
                NODES.arrayNode().add("VALID").add(3), NODES.textNode("2026-13-45"), NODES.textNode("not a date"));
    }

    private static Arbitrary<JsonNode> hugeNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.of("1e400", "-1e400", "99999999999999999999999999999", "-9223372036854775809", "9223372036854775808",
                        "2147483648", "-2147483649", "0", "-1", "1.5", "1e-400", "0.0000000000001")
                        .map(n -> {
                            try {
                                return JSON.readTree(n);
                            } catch (java.io.IOException ex) {
                                throw new IllegalStateException(ex);
                            }
                        }),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(20).negate(), java.math.BigInteger.TEN.pow(30))
                        .map(NODES::numberNode));
    }

    private static Arbitrary<String> unicode() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(64),
                Arbitraries.of("\u202eAPSW", "😀😀", "\ud800", "\u0000", "Ω≈ç√", "ＡＰＳＷ", "apsw", "' OR 1=1 --", "%00", "\r\n",
                        "a".repeat(10_000)));
    }

    private static Arbitrary<JsonNode> oversizedArrays() {
        return Combinators.combine(Arbitraries.integers().between(101, 30_000), Arbitraries.of("APSW", "x", "1"))
                .as((n, v) -> {
                    ArrayNode a = NODES.arrayNode();
                    for (int i = 0; i < n; i++) {
                        a.add(v);
                    }
                    return a;
                });
    }

    /** The valid body with the value at one generated place (the body itself included) replaced. */
    private static Arbitrary<String> replaced(String valid, Arbitrary<JsonNode> values) {
        List<String> places = places(valid);
        return Combinators.combine(Arbitraries.of(places), values).as((place, value) -> {
            JsonNode tree = read(valid);
            return write(place.isEmpty() ? value : replace(tree, place, value));
        });
    }

    /** The valid body with a field of any unicode name added to one of its objects. */
    private static Arbitrary<String> unicodeField(String valid) {
        return unicode().map(name -> {
            JsonNode tree = read(valid);
            ObjectNode target = firstObject(tree);
            if (target == null) {
                return write(NODES.objectNode().put(name, 1));
            }
            target.put(name, "x");
            return write(tree);
        });
    }

    /** JSON pointers of every value in the tree ("" = the root). */
    private static List<String> places(String json) {
        List<String> out = new ArrayList<>();
        collect(read(json), "", out);
        return out;
    }

    private static void collect(JsonNode node, String at, List<String> out) {
        out.add(at);
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> collect(node.get(f), at + "/" + f, out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, out);
            }
        }
    }

    private static JsonNode replace(JsonNode root, String pointer, JsonNode value) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, cut));
        String last = pointer.substring(cut + 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        }
        return root;
    }

    private static ObjectNode firstObject(JsonNode node) {
        if (node instanceof ObjectNode o) {
            return o;
        }
        if (node instanceof ContainerNode<?> c) {
            for (JsonNode child : c) {
                ObjectNode found = firstObject(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The route's valid body; a PATCH of an id gets its body without creating the assignment it would replace. */
    private static String bodyOf(Endpoints.Endpoint e) {
        return e.route().endsWith("{id}") ? Family.replacementBody() : e.request().apply(family).body();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The footprint once earlier accepted requests have finished their work in the background (a
     * sync request's job marks its row done a moment after the 202): two equal readings in a row.
     */
    private static String settled(String service) throws Exception {
        String last = footprint(service);
        for (int i = 0; i < 100; i++) {
            Thread.sleep(50);
            String now = footprint(service);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new IllegalStateException(service + " rows never settle: " + last);
    }

    /** A digest of every row of the family's tenants in the tables the service writes on an API call. */
    private static String footprint(String service) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = stack.database(service)) {
            for (String table : WRITTEN.get(service)) {
                List<String> columns = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = ? AND column_name LIKE '%tenant%'")) {
                    ps.setString(1, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            columns.add(rs.getString(1));
                        }
                    }
                }
                if (columns.isEmpty()) {
                    throw new IllegalStateException(table + " has no tenant column");
                }
                String where = String.join(" OR ", columns.stream().map(col -> col + " IN (?, ?)").toList());
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                        + " FROM " + table + " t WHERE " + where)) {
                    for (int i = 0; i < columns.size(); i++) {
                        ps.setString(2 * i + 1, family.msp);
                        ps.setString(2 * i + 2, family.customer);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.append(table).append('=').append(rs.getString(1)).append(' ');
                    }
                }
            }
        }
        return out.toString();
    }
}
