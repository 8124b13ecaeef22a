package dev.entitlements.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.entitlements.gateway.RouteTable;
import dev.entitlements.infra.test.Seeds;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    /** Answers per kind of attack and status class, printed at the end: whether each kind reached the services at all. */
    private static final Map<String, Integer> OUTCOMES = new ConcurrentHashMap<>();

    private static PlatformStack stack;
    private static Api api;
    private static Family family;
    private static Map<String, RouteTable.Route> routes;

    @BeforeAll
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
            return endpoint.route() + " [" + kind + "] "
                    + (body.length() > 300 ? body.substring(0, 300) + "... (" + body.length() + " chars)" : body);
        }
    }

    @AfterAll
    static void outcomes() {
        System.out.println("HostileInputIT answers per attack kind: " + new TreeMap<>(OUTCOMES));
    }

    static LongStream seeds() {
        return Seeds.of(20261201L, 400);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void noHostileBodyGetsA5xxOrWritesAnything(long seed) throws Exception {
        Attack attack = attack(new SplittableRandom(seed));
        String at = "seed=" + seed + " " + attack;
        Endpoints.Endpoint e = attack.endpoint();
        RouteTable.Route route = routes.get(e.route());
        String service = route.service();
        Endpoints.Request valid = e.request().apply(family);
        String token = family.token(route.roles().iterator().next());
        String before = settled(service);
        Api.Answer answer = api.call(e.method(), valid.path(), token, attack.body());
        OUTCOMES.merge(attack.kind() + " " + answer.status() / 100 + "xx", 1, Integer::sum);
        assertTrue(answer.status() < 500, at + " → " + answer);
        assertTrue(EXPECTED.contains(answer.status()), at + " → " + answer);
        if (attack.kind().equals(TRAILING)) {
            // the valid document followed by anything: never read as the document alone
            assertEquals(400, answer.status(), at + " → " + answer);
        }
        if (answer.status() >= 400) {
            assertTrue(ERROR_BODY.matcher(answer.body()).find(), "not the JSON error body: " + at + " → " + answer);
            assertEquals(before, footprint(service), "a refused request changed rows: " + at + " → " + answer);
        }
    }

    /** A write route, and its valid body damaged in one of seven ways, each as likely. */
    private static Attack attack(SplittableRandom r) {
        List<Endpoints.Endpoint> writes = Endpoints.ALL.values().stream()
                .filter(Endpoints.Endpoint::hasBody)
                .toList();
        Endpoints.Endpoint e = pick(r, writes);
        // the valid body, without side effects: ids in paths do not matter for the body's shape
        String valid = bodyOf(e);
        return switch (r.nextInt(7)) {
            case 0 -> new Attack(e, "malformed", malformed(r, valid));
            case 1 -> new Attack(e, TRAILING, valid + pick(r, List.of(valid, " x", "]", ",{}")));
            case 2 -> new Attack(e, "wrong type", replaced(r, valid, pick(r, wrongTypes())));
            case 3 -> new Attack(e, "huge number", replaced(r, valid, hugeNumber(r)));
            case 4 -> new Attack(e, "unicode", replaced(r, valid, NODES.textNode(unicode(r))));
            case 5 -> new Attack(e, "unicode field", unicodeField(r, valid));
            default -> new Attack(e, "oversized array", replaced(r, valid, oversizedArray(r)));
        };
    }

    private static <T> T pick(SplittableRandom r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    /** Valid JSON cut short, with a character inserted, or not JSON at all. */
    private static String malformed(SplittableRandom r, String valid) {
        return switch (r.nextInt(5)) {
            case 0 -> valid.substring(0, r.nextInt(Math.max(1, valid.length())));
            case 1 -> {
                int i = r.nextInt(valid.length() + 1);
                yield valid.substring(0, i)
                        + pick(
                                r,
                                List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "'", "NaN", "//", "\u00ff"))
                        + valid.substring(i);
            }
            case 2 -> anyString(r, 200);
            case 3 -> "";
            default -> "null";
        };
    }

    /** Fresh nodes each time: the chosen one becomes part of a tree. */
    private static List<JsonNode> wrongTypes() {
        return List.of(
                NODES.nullNode(),
                NODES.booleanNode(true),
                NODES.numberNode(7),
                NODES.textNode("7"),
                NODES.textNode(""),
                NODES.objectNode(),
                NODES.arrayNode(),
                NODES.objectNode().put("nested", "x"),
                NODES.arrayNode().add("VALID").add(3),
                NODES.textNode("2026-13-45"),
                NODES.textNode("not a date"));
    }

    private static final BigInteger LEAST = BigInteger.TEN.pow(20).negate();
    private static final BigInteger SPAN =
            BigInteger.TEN.pow(30).subtract(LEAST).add(BigInteger.ONE);

    /** A number literal at the edges of what JSON, longs and ints hold; any long; or an integer of up to 30 digits. */
    private static JsonNode hugeNumber(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 ->
                read(pick(
                        r,
                        List.of(
                                "1e400",
                                "-1e400",
                                "99999999999999999999999999999",
                                "-9223372036854775809",
                                "9223372036854775808",
                                "2147483648",
                                "-2147483649",
                                "0",
                                "-1",
                                "1.5",
                                "1e-400",
                                "0.0000000000001")));
            case 1 -> {
                long edgeOrAny = r.nextInt(4) == 0
                        ? pick(
                                r,
                                List.of(
                                        Long.MIN_VALUE,
                                        Long.MAX_VALUE,
                                        0L,
                                        -1L,
                                        1L,
                                        Integer.MAX_VALUE + 1L,
                                        Integer.MIN_VALUE - 1L))
                        : r.nextLong();
                yield NODES.numberNode(edgeOrAny);
            }
            default -> {
                // uniform enough over [-10^20, 10^30]: 64 bits more than the span has, reduced modulo it
                byte[] bits = new byte[SPAN.bitLength() / 8 + 9];
                r.nextBytes(bits);
                yield NODES.numberNode(new BigInteger(1, bits).mod(SPAN).add(LEAST));
            }
        };
    }

    private static String unicode(SplittableRandom r) {
        return r.nextBoolean()
                ? anyString(r, 64)
                : pick(
                        r,
                        List.of(
                                "\u202eAPSW",
                                "😀😀",
                                "\ud800",
                                "\u0000",
                                "Ω≈ç√",
                                "ＡＰＳＷ",
                                "apsw",
                                "' OR 1=1 --",
                                "%00",
                                "\r\n",
                                "a".repeat(10_000)));
    }

    /** Up to {@code maxLength} chars, any of the 65,536 (lone surrogates and controls included) or, half the time, printable ASCII. */
    private static String anyString(SplittableRandom r, int maxLength) {
        boolean ascii = r.nextBoolean();
        StringBuilder s = new StringBuilder();
        for (int n = r.nextInt(maxLength + 1); n > 0; n--) {
            s.append(ascii ? (char) (0x20 + r.nextInt(0x5f)) : (char) r.nextInt(0x10000));
        }
        return s.toString();
    }

    private static JsonNode oversizedArray(SplittableRandom r) {
        int n = 101 + r.nextInt(30_000 - 100);
        String v = pick(r, List.of("APSW", "x", "1"));
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < n; i++) {
            a.add(v);
        }
        return a;
    }

    /** The valid body with the value at one drawn place (the body itself included) replaced. */
    private static String replaced(SplittableRandom r, String valid, JsonNode value) {
        String place = pick(r, places(valid));
        return write(place.isEmpty() ? value : replace(read(valid), place, value));
    }

    /** The valid body with a field of any unicode name added to one of its objects. */
    private static String unicodeField(SplittableRandom r, String valid) {
        String name = unicode(r);
        JsonNode tree = read(valid);
        ObjectNode target = firstObject(tree);
        if (target == null) {
            return write(NODES.objectNode().put(name, 1));
        }
        target.put(name, "x");
        return write(tree);
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
        return e.route().endsWith("{id}")
                ? Family.replacementBody()
                : e.request().apply(family).body();
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
                String where = String.join(
                        " OR ", columns.stream().map(col -> col + " IN (?, ?)").toList());
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
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
