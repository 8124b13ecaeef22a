package dev.entitlements.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The access log's tenant: the token's claim as sent, read without a JSON parser and never trusted. */
class TrafficTests {

    private static String token(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "Bearer " + b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void theTenantIsTheTokensTenantIdClaim() {
        assertEquals(
                "msp-demo", Traffic.claimedTenant(token("{\"sub\":\"a\",\"tenantId\":\"msp-demo\",\"groups\":[]}")));
        assertEquals("ec-alpha", Traffic.claimedTenant(token("{\"tenantId\" : \"ec-alpha\"}")));
        assertEquals(
                "ec-alpha",
                Traffic.claimedTenant(token("{\"tenantId\":\"ec-alpha\"}").replace("Bearer", "bearer")));
    }

    @Test
    void anythingElseHasNoTenant() {
        assertNull(Traffic.claimedTenant(null));
        assertNull(Traffic.claimedTenant("Basic dXNlcjpwYXNz"));
        assertNull(Traffic.claimedTenant("Bearer not-a-token"));
        assertNull(Traffic.claimedTenant("Bearer a.%%%.c"));
        assertNull(Traffic.claimedTenant(token("{\"sub\":\"a\"}")));
        assertNull(Traffic.claimedTenant(token("{\"tenantId\":42}")));
    }
}
