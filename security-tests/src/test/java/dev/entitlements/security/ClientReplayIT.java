package dev.entitlements.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.TokenClaims.Roles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The requests real clients send — the vendor's web UI, the API docs' own examples, a public Python
 * automation client — replayed word for word through the gateway with real tokens
 * ({@code client-replay/cases.json}): each must get the status the client expects and every field
 * the client reads. The platform must understand them unchanged (docs/decisions.md, Tolerant reader,
 * Client compatibility); those that lean on tolerance are replayed again with
 * {@code Prefer: handling=strict} and must then be refused, so strictness stays available to
 * clients that want it.
 */
class ClientReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");

    private static Api api;
    private static Family family;

    @BeforeAll
    static void platform() {
        PlatformStack stack = PlatformStack.shared();
        api = new Api(stack.gatewayUrl());
        family = new Family(stack.issuer(), api).create();
    }

    /** One replayed request and what its client needs from the answer. */
    record Case(JsonNode spec) {

        String name() {
            return spec.get("source").asText() + ": " + spec.get("name").asText();
        }

        String text(String field) {
            JsonNode n = spec.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    static List<Case> cases() {
        try (InputStream in = ClientReplayIT.class.getResourceAsStream("/client-replay/cases.json")) {
            List<Case> cases = new ArrayList<>();
            JSON.readTree(in).get("cases").forEach(c -> cases.add(new Case(c)));
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theReplayCoversAtLeastFortyDistinctBodiesFromEachKindOfClient() {
        List<Case> cases = cases();
        assertTrue(cases.stream()
                        .map(c -> c.text("body"))
                        .filter(b -> b != null)
                        .distinct()
                        .count()
                >= 40);
        for (String source : List.of("ui", "contract", "python")) {
            assertTrue(cases.stream().anyMatch(c -> c.text("source").equals(source)), source);
        }
        assertTrue(cases.stream()
                .anyMatch(c ->
                        "*/*".equals(c.spec().path("headers").path("Accept").asText(null))));
        assertTrue(cases.stream()
                .anyMatch(c -> c.text("method").equals("GET")
                        && c.spec().path("headers").has("Content-Type")));
        assertTrue(cases.stream()
                .anyMatch(c -> c.text("method").equals("DELETE")
                        && c.spec().path("headers").has("Content-Type")));
    }

    @TestFactory
    Stream<DynamicTest> everyClientRequestIsUnderstood() {
        return cases().stream().map(c -> dynamicTest(c.name(), () -> replay(c)));
    }

    @TestFactory
    Stream<DynamicTest> strictHandlingRefusesWhatIsOtherwiseTolerated() {
        return cases().stream()
                .filter(c -> c.spec().path("tolerated").asBoolean(false))
                .map(c -> dynamicTest(c.name(), () -> {
                    Map<String, String> vars = variables(c);
                    Map<String, String> headers = headers(c, vars);
                    headers.put("Prefer", "handling=strict");
                    Api.Answer a =
                            api.call(c.text("method"), fill(c.text("path"), vars), token(c), body(c, vars), headers);
                    assertEquals(400, a.status(), c.name() + " → " + a);
                    assertEquals("handling=strict", a.header("Preference-Applied"), c.name());
                    JsonNode body = JSON.readTree(a.body());
                    assertEquals(
                            body.at("/errors/0/message").asText(),
                            body.path("message").asText(),
                            "top-level message: " + a);
                }));
    }

    private static void replay(Case c) throws IOException {
        Map<String, String> vars = variables(c);
        String method = c.text("method");
        Api.Answer a = api.call(method, fill(c.text("path"), vars), token(c), body(c, vars), headers(c, vars));
        assertEquals(c.spec().get("status").asInt(), a.status(), c.name() + " → " + a);
        assertTrue(
                a.status() == 204
                        || a.header("Content-Type") != null
                                && a.header("Content-Type").startsWith("application/json"),
                "JSON answer: " + a.headers().map());
        if (a.status() >= 400) {
            JsonNode error = JSON.readTree(a.body());
            assertEquals(
                    error.at("/errors/0/message").asText(),
                    error.path("message").asText(),
                    "the UI shows error.message: " + a);
        }
        c.spec().path("headers_out").fields().forEachRemaining(h -> {
            String value = a.header(h.getKey());
            assertNotNull(value, h.getKey() + " missing: " + a.headers().map());
            assertTrue(value.contains(h.getValue().asText()), h.getKey() + ": " + value);
        });
        if (a.status() == 204) {
            return;
        }
        JsonNode body = JSON.readTree(a.body());
        for (JsonNode read : c.spec().path("reads")) {
            List<JsonNode> found = select(body, read.asText());
            assertFalse(found.isEmpty(), "the client reads " + read.asText() + ", absent in " + a);
        }
        c.spec().path("equals").fields().forEachRemaining(e -> {
            List<JsonNode> found = select(body, e.getKey());
            assertEquals(1, found.size(), e.getKey() + " in " + a);
            JsonNode expected = e.getValue().isTextual()
                    ? JSON.getNodeFactory().textNode(fill(e.getValue().asText(), vars))
                    : e.getValue();
            assertEquals(expected, found.get(0), e.getKey() + " in " + a);
        });
        c.spec().path("atLeast").fields().forEachRemaining(e -> {
            List<JsonNode> found = select(body, e.getKey());
            assertEquals(1, found.size(), e.getKey() + " in " + a);
            assertTrue(found.get(0).asLong() >= e.getValue().asLong(), e.getKey() + " ≥ " + e.getValue() + " in " + a);
        });
    }

    /**
     * The nodes at a path: {@code a.b} a field (present, null allowed), {@code a[0]} an item,
     * {@code a[]} every item of a non-empty array ({@code []} alone: the top-level array).
     */
    static List<JsonNode> select(JsonNode root, String path) {
        List<JsonNode> nodes = List.of(root);
        for (String step : path.split("\\.")) {
            List<JsonNode> next = new ArrayList<>();
            Matcher m = Pattern.compile("([^\\[]*)(\\[(\\d*)])?").matcher(step);
            if (!m.matches()) {
                throw new IllegalArgumentException(path);
            }
            for (JsonNode n : nodes) {
                JsonNode child = m.group(1).isEmpty() ? n : n.has(m.group(1)) ? n.get(m.group(1)) : null;
                if (child == null) {
                    return List.of();
                }
                if (m.group(2) == null) {
                    next.add(child);
                } else if (!child.isArray() || child.isEmpty()) {
                    return List.of();
                } else if (m.group(3).isEmpty()) {
                    child.forEach(next::add);
                } else if (child.size() > Integer.parseInt(m.group(3))) {
                    next.add(child.get(Integer.parseInt(m.group(3))));
                } else {
                    return List.of();
                }
            }
            nodes = next;
        }
        return nodes;
    }

    private static String token(Case c) {
        return switch (c.text("as")) {
            case "msp", "delegate" -> family.admin;
            case "mspReader" -> family.token(Roles.READ_ONLY);
            case "customer" -> family.customerToken(Roles.PRIME_ADMIN);
            default -> throw new IllegalArgumentException(c.text("as"));
        };
    }

    private static Map<String, String> headers(Case c, Map<String, String> vars) {
        Map<String, String> headers = new LinkedHashMap<>();
        c.spec()
                .path("headers")
                .fields()
                .forEachRemaining(h -> headers.put(h.getKey(), fill(h.getValue().asText(), vars)));
        if (c.text("as").equals("delegate")) {
            headers.put("x-rks-tenantid", family.customer);
        }
        return headers;
    }

    private static String body(Case c, Map<String, String> vars) {
        String body = c.text("body");
        return body == null ? null : fill(body, vars);
    }

    /** Dates relative to now, the family's tenants and, for a case that needs one, a fresh assignment. */
    private static Map<String, String> variables(Case c) {
        Map<String, String> vars = new LinkedHashMap<>();
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        vars.put("today", today.toString());
        for (int days : new int[] {30, 40}) {
            vars.put("today+" + days, today.plusDays(days).toString());
        }
        vars.put("endOfMonth", YearMonth.from(today).atEndOfMonth().toString());
        vars.put("nowSpaced", WALL_CLOCK.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
        // a browser's local wall clock sent with a literal Z, and its local "today" as a bare date
        for (int hours : new int[] {-10, 13}) {
            vars.put(
                    "wallClock" + (hours > 0 ? "+" : "") + hours + "h",
                    WALL_CLOCK.format(LocalDateTime.ofInstant(now, ZoneOffset.ofHours(hours))
                            .truncatedTo(ChronoUnit.SECONDS)));
        }
        for (int hours : new int[] {-11, 14}) {
            vars.put(
                    "localToday" + (hours > 0 ? "+" : "") + hours + "h",
                    LocalDate.ofInstant(now, ZoneOffset.ofHours(hours)).toString());
        }
        vars.put("msp", family.msp);
        vars.put("customer", family.customer);
        if ("selfAssignment".equals(c.text("setup"))) {
            vars.put("id", family.assign("/tenants/self/entitlements/assignments"));
        }
        return vars;
    }

    private static String fill(String text, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
