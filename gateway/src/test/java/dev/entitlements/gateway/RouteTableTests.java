package dev.entitlements.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouteTableTests {

    private final RouteTable table = RouteTable.load();

    @Test
    void everyEndpointOfTheSpecReachesItsOwner() {
        assertEquals("sync", service("PATCH", "/entitlements"));
        assertEquals("sync", service("GET", "/entitlements/syncRequests/abc"));
        assertEquals("entitlement", service("POST", "/entitlements/query"));
        assertEquals("entitlement", service("GET", "/entitlements/settings"));
        assertEquals("entitlement", service("GET", "/mspEntitlements"));
        assertEquals("entitlement", service("GET", "/audit/events"));
        assertEquals("assignment", service("POST", "/tenants/self/entitlements/assignments"));
        assertEquals("assignment", service("DELETE", "/tenants/self/entitlements/assignments/12"));
        assertEquals("assignment", service("POST", "/tenants/ec-1/entitlements/assignments/query"));
        assertEquals("reporting", service("POST", "/entitlements/utilizations/query"));
        assertEquals("reporting", service("GET", "/entitlements/licenseUsageReports"));
    }

    @Test
    void theDeprecatedEndpointsReachTheOwnersOfTheirReplacements() {
        assertEquals("entitlement", service("GET", "/entitlements"));
        assertEquals("sync", service("PATCH", "/entitlements"));
        assertEquals("entitlement", service("GET", "/entitlements/summaries"));
        assertEquals("entitlement", service("GET", "/banners"));
        assertEquals("entitlement", service("GET", "/mspEntitlements/summaries"));
        assertEquals("reporting", service("GET", "/assignments/summaries"));
        assertEquals("assignment", service("DELETE", "/assignments"));
    }

    @Test
    void refreshTrueGoesToTheSyncServiceAndEverythingElseToTheRead() {
        for (String path : java.util.List.of("/entitlements/summaries", "/mspEntitlements/summaries")) {
            assertEquals("sync", service("GET", path, java.util.Map.of("refresh", "true")), path);
            assertEquals("sync", service("GET", path, java.util.Map.of("refresh", "true", "type", "WIFI")), path);
            assertEquals("entitlement", service("GET", path, java.util.Map.of("refresh", "false")), path);
            assertEquals("entitlement", service("GET", path, java.util.Map.of("type", "WIFI")), path);
            // the value in any case (Python's requests sends True; the HTTPRoute lists true, True and TRUE);
            // the parameter's name and other values exactly: the service answers the rest
            assertEquals("sync", service("GET", path, java.util.Map.of("refresh", "True")), path);
            assertEquals("sync", service("GET", path, java.util.Map.of("refresh", "TRUE")), path);
            assertEquals("entitlement", service("GET", path, java.util.Map.of("refresh", "1")), path);
            assertEquals("entitlement", service("GET", path, java.util.Map.of("refresh", "")), path);
            assertEquals("entitlement", service("GET", path, java.util.Map.of("Refresh", "true")), path);
        }
        // the predicate is not a path: the route's own path stays the template
        RouteTable.Route refresh = table.match(
                        "GET", "/entitlements/summaries", java.util.Map.of("refresh", "true")::get)
                .orElseThrow();
        assertEquals("/entitlements/summaries?refresh=true", refresh.path());
        assertEquals("/entitlements/summaries", refresh.template());
        assertEquals(java.util.Map.of("refresh", "true"), refresh.query());
        assertTrue(
                table.match("GET", "/entitlements/summaries?refresh=true").isEmpty(),
                "a query is never part of the path");
    }

    @Test
    void aPredicateLineMustComeBeforeThePlainLineItRefines() {
        RouteTable ordered =
                RouteTable.parse(java.util.List.of("GET /a?x=1&y=2 one -", "GET /a?x=1 two -", "GET /a three -"));
        assertEquals(
                "one",
                ordered.match("GET", "/a", java.util.Map.of("x", "1", "y", "2")::get)
                        .orElseThrow()
                        .service());
        assertEquals(
                "two",
                ordered.match("GET", "/a", java.util.Map.of("x", "1", "y", "3")::get)
                        .orElseThrow()
                        .service());
        assertEquals(
                "three",
                ordered.match("GET", "/a", java.util.Map.of("x", "2")::get)
                        .orElseThrow()
                        .service());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> RouteTable.parse(java.util.List.of("GET /a one -", "GET /a?x=1 two -")));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> RouteTable.parse(java.util.List.of("GET /a?x=1 one -", "GET /a?x=1&y=2 two -")));
        // another method or path is another route
        RouteTable.parse(java.util.List.of("GET /a one -", "DELETE /a?x=1 two -", "GET /b?x=1 three -"));
    }

    @Test
    void aMalformedQueryPredicateIsRejected() {
        for (String line : java.util.List.of(
                "GET /a? s -",
                "GET /a?x s -",
                "GET /a?x= s -",
                "GET /a?=1 s -",
                "GET /a?x=1&x=2 s -",
                "GET /a?x=1& s -")) {
            org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> RouteTable.parse(java.util.List.of(line)), line);
        }
    }

    @Test
    void aTemplateSegmentMatchesOneSegmentOnly() {
        assertTrue(table.match("GET", "/entitlements/syncRequests/a/b").isEmpty());
        assertTrue(table.match("GET", "/entitlements/syncRequests/").isEmpty());
    }

    @Test
    void aKnownPathWithAnotherMethodIsRecognised() {
        assertTrue(table.match("DELETE", "/entitlements/query").isEmpty());
        assertTrue(table.knowsPath("/entitlements/query"));
        assertFalse(table.knowsPath("/nowhere"));
    }

    @Test
    void aMalformedLineIsRejected() {
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> RouteTable.parse(java.util.List.of("GET entitlements sync")));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> RouteTable.parse(java.util.List.of("GET /entitlements sync")));
    }

    @Test
    void theWrittenRoleMatrixSaysWhatTheRouteTableEnforces() throws java.io.IOException {
        // docs/security.md: | `METHOD /path` | service | yes/no per role... |
        java.util.regex.Pattern row = java.util.regex.Pattern.compile(
                "^\\| `([A-Z]+) (/[^`]*)` \\| (\\w+) \\| (yes|no) \\| (yes|no) \\| (yes|no) \\| (yes|no) \\|");
        String[] roles = {"PRIME_ADMIN", "ADMIN", "READ_ONLY", "LICENSING_SERVICE"};
        java.util.Map<String, String> written = new java.util.TreeMap<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("../docs/security.md"))) {
            java.util.regex.Matcher m = row.matcher(line);
            if (m.find()) {
                java.util.List<String> allowed = new java.util.ArrayList<>();
                for (int i = 0; i < roles.length; i++) {
                    if (m.group(4 + i).equals("yes")) {
                        allowed.add(roles[i]);
                    }
                }
                written.put(m.group(1) + " " + m.group(2), m.group(3) + " " + allowed);
            }
        }
        java.util.Map<String, String> enforced = new java.util.TreeMap<>();
        for (RouteTable.Route r : table.routes()) {
            if (!r.service().equals(RouteTable.GATEWAY)) {
                java.util.List<String> allowed = java.util.Arrays.stream(roles)
                        .filter(r.roles()::contains)
                        .toList();
                enforced.put(r.method() + " " + r.path(), r.service() + " " + allowed);
            }
        }
        assertEquals(enforced, written);
    }

    private String service(String method, String path) {
        return table.match(method, path).map(RouteTable.Route::service).orElse("none");
    }

    private String service(String method, String path, java.util.Map<String, String> query) {
        return table.match(method, path, query::get)
                .map(RouteTable.Route::service)
                .orElse("none");
    }
}
