package dev.entitlements.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.gateway.RouteTable;
import dev.entitlements.issuer.TokenIssuer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route of the route table, through the gateway to the packaged service that owns it, with
 * every kind of caller: no token, an expired one, one signed by another key, one of another issuer,
 * one for another audience or none, {@code alg: none}, one without a tenant, each role, another tenant with this tenant's ids, and a
 * foreign {@code x-rks-tenantid}. Each answer's exact status is asserted, and no body may show the
 * other tenant's data. The roles column of routes.txt is the expectation, so the written matrix and
 * the services' {@code @RolesAllowed} cannot drift apart.
 */
class RoleMatrixIT {

    private static final List<String> ROLES =
            List.of(Roles.PRIME_ADMIN, Roles.ADMIN, Roles.READ_ONLY, Roles.LICENSING_SERVICE);
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"(ENTITLEMENT-\\d+)\"");
    private static final String HEADER = "x-rks-tenantid";

    private static TokenIssuer issuer;
    private static Api api;
    /** The family whose data the requests name, and a second one that must never see it (and vice versa). */
    private static Family a;

    private static Family b;

    @BeforeAll
    static void platform() {
        PlatformStack stack = PlatformStack.shared();
        issuer = stack.issuer();
        api = new Api(stack.gatewayUrl());
        a = new Family(issuer, api).create();
        b = new Family(issuer, api).create();
    }

    @Test
    void theRequestTableCoversEveryRouteOfTheRouteTable() {
        Set<String> routed = apiRoutes().stream()
                .map(r -> r.method() + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(routed, new TreeSet<>(Endpoints.ALL.keySet()));
    }

    @Test
    void readOnlyNeverWrites() {
        for (RouteTable.Route r : apiRoutes()) {
            if (!r.method().equals("GET") && !r.path().endsWith("/query")) {
                assertFalse(r.roles().contains(Roles.READ_ONLY), r.method() + " " + r.path() + " lets READ_ONLY write");
            }
        }
    }

    @TestFactory
    Stream<DynamicNode> everyRouteWithEveryKindOfCaller() {
        return apiRoutes().stream().map(route -> {
            Endpoints.Endpoint e = Endpoints.ALL.get(route.method() + " " + route.path());
            String allowed = route.roles().iterator().next();
            List<DynamicNode> cases = new ArrayList<>();
            cases.add(dynamicTest("no token → 401", () -> expect(e, a, null, Map.of(), 401, "ENTITLEMENT-10010", b)));
            cases.add(dynamicTest(
                    "expired token → 401",
                    () -> expect(
                            e,
                            a,
                            HostileTokens.expired(issuer, a.msp, List.of(allowed)),
                            Map.of(),
                            401,
                            "ENTITLEMENT-10010",
                            b)));
            cases.add(dynamicTest(
                    "token signed by another key → 401",
                    () -> expect(
                            e,
                            a,
                            HostileTokens.otherKey(a.msp, List.of(allowed)),
                            Map.of(),
                            401,
                            "ENTITLEMENT-10010",
                            b)));
            cases.add(dynamicTest(
                    "token of another issuer → 401",
                    () -> expect(
                            e,
                            a,
                            HostileTokens.wrongIssuer(issuer, a.msp, List.of(allowed)),
                            Map.of(),
                            401,
                            "ENTITLEMENT-10010",
                            b)));
            cases.add(dynamicTest(
                    "token for another audience → 401",
                    () -> expect(
                            e,
                            a,
                            HostileTokens.wrongAudience(issuer, a.msp, List.of(allowed)),
                            Map.of(),
                            401,
                            "ENTITLEMENT-10010",
                            b)));
            cases.add(dynamicTest(
                    "token without an audience → 401",
                    () -> expect(
                            e,
                            a,
                            HostileTokens.withoutAudience(issuer, a.msp, List.of(allowed)),
                            Map.of(),
                            401,
                            "ENTITLEMENT-10010",
                            b)));
            cases.add(dynamicTest(
                    "alg none → 401",
                    () -> expect(
                            e,
                            a,
                            HostileTokens.algNone(issuer, a.msp, List.of(allowed)),
                            Map.of(),
                            401,
                            "ENTITLEMENT-10010",
                            b)));
            cases.add(dynamicTest(
                    "token without a tenant → 403",
                    () -> expect(
                            e,
                            a,
                            HostileTokens.withoutTenant(issuer, a.msp, List.of(allowed)),
                            Map.of(),
                            403,
                            "ENTITLEMENT-10011",
                            b)));
            for (String role : ROLES) {
                boolean may = route.roles().contains(role);
                cases.add(dynamicTest(
                        role + " → " + (may ? e.success() : 403),
                        () -> expect(
                                e,
                                a,
                                a.token(role),
                                Map.of(),
                                may ? e.success() : 403,
                                may ? null : "ENTITLEMENT-10011",
                                b)));
            }
            cases.add(dynamicTest(
                    "no role at all → 403", () -> expect(e, a, a.token(), Map.of(), 403, "ENTITLEMENT-10011", b)));
            // b, with a role that may call the route, on a's request: a's ids are not found, anything else shows b's
            // own data
            int other = e.namesIds() ? 404 : e.success();
            cases.add(dynamicTest(
                    "another tenant with this tenant's ids → " + other,
                    () -> expect(
                            e, a, b.token(allowed), Map.of(), other, other == 404 ? "ENTITLEMENT-10012" : null, a)));
            int foreign = switch (e.tenancy()) {
                case DELEGATES -> 404;
                case OWN -> 403;
                case PATH -> 400;
            };
            cases.add(dynamicTest(
                    "x-rks-tenantid naming another MSP's customer → " + foreign,
                    () -> expect(e, b, b.token(allowed), Map.of(HEADER, a.customer), foreign, null, a)));
            if (e.tenancy() == Endpoints.Tenancy.DELEGATES && !e.namesIds()) {
                // delegation (docs/decisions.md, Client compatibility): an MSP acts for its own customer on every read
                // and assignment write
                cases.add(dynamicTest(
                        "x-rks-tenantid naming its own customer → " + e.success(),
                        () -> expect(e, a, a.token(allowed), Map.of(HEADER, a.customer), e.success(), null, b)));
            }
            cases.add(dynamicTest(
                    "x-rks-tenantid from a tenant that is no MSP → 403",
                    () -> expect(
                            e, b, b.customerToken(allowed), Map.of(HEADER, a.customer), 403, "ENTITLEMENT-10011", a)));
            if (e.hasBody()) {
                cases.add(dynamicTest(
                        "body over 1 MiB, declared or chunked → 413", () -> oversized(e, a.token(allowed))));
            }
            return DynamicContainer.dynamicContainer(route.method() + " " + route.path(), cases);
        });
    }

    /**
     * Sends {@code e}'s request for {@code owner}'s data with {@code token} and asserts the status,
     * the error code (when given), that an error is the JSON error body, and that nothing of
     * {@code stranger}'s appears.
     */
    private static void expect(
            Endpoints.Endpoint e,
            Family owner,
            String token,
            Map<String, String> headers,
            int status,
            String code,
            Family stranger) {
        Endpoints.Request r = e.request().apply(owner);
        Api.Answer answer = api.call(e.method(), r.path(), token, r.body(), headers);
        String where = e.route() + " → " + answer;
        assertEquals(status, answer.status(), where);
        if (status >= 400) {
            Matcher m = CODE.matcher(answer.body());
            assertTrue(m.find(), "not the JSON error body: " + where);
            if (code != null) {
                assertEquals(code, m.group(1), where);
            }
        }
        // an error may repeat an id the caller itself sent (path or header); anything else of the
        // stranger's is a leak
        String body = answer.body();
        for (String id : List.of(stranger.msp, stranger.customer)) {
            if (r.path().contains(id) || headers.containsValue(id)) {
                body = body.replace(id, "");
            }
        }
        int leak = body.indexOf(stranger.marker);
        if (leak >= 0) {
            // the excerpt around the leak: a long answer is cut in `where`
            fail("another tenant's data in the answer: " + e.route() + " → " + answer.status() + " …"
                    + body.substring(Math.max(0, leak - 400), Math.min(body.length(), leak + 200)) + "…");
        }
    }

    private static void oversized(Endpoints.Endpoint e, String token) {
        Endpoints.Request r = e.request().apply(a);
        String body = "[\"" + "x".repeat(1024 * 1024) + "\"]";
        Api.Answer answer = api.call(e.method(), r.path(), token, body, Map.of());
        assertEquals(413, answer.status(), e.route() + " → " + answer);
        assertTrue(answer.body().contains("ENTITLEMENT-10015"), e.route() + " → " + answer);
        Api.Answer chunked = api.callChunked(e.method(), r.path(), token, body);
        assertEquals(413, chunked.status(), e.route() + " chunked → " + chunked);
        assertTrue(chunked.body().contains("ENTITLEMENT-10015"), e.route() + " chunked → " + chunked);
    }

    static List<RouteTable.Route> apiRoutes() {
        return RouteTable.load().routes().stream()
                .filter(r -> !r.service().equals(RouteTable.GATEWAY))
                .toList();
    }
}
