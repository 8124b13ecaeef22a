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
        assertEquals("assignment", service("POST", "/tenants/self/entitlements/assignments"));
        assertEquals("assignment", service("DELETE", "/tenants/self/entitlements/assignments/12"));
        assertEquals("assignment", service("POST", "/tenants/ec-1/entitlements/assignments/query"));
        assertEquals("reporting", service("POST", "/entitlements/utilizations/query"));
        assertEquals("reporting", service("GET", "/entitlements/licenseUsageReports"));
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
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RouteTable.parse(java.util.List.of("GET entitlements sync")));
    }

    private String service(String method, String path) {
        return table.match(method, path).map(RouteTable.Route::service).orElse("none");
    }
}
