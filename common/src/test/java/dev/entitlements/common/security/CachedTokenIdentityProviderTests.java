package dev.entitlements.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the verified-token cache keeps of an identity. */
class CachedTokenIdentityProviderTests {

    @Test
    void aRememberedIdentityHoldsNoRequest() {
        RoutingContext request = (RoutingContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RoutingContext.class}, (proxy, method, args) -> null);
        Principal alice = () -> "alice";
        SecurityIdentity built = QuarkusSecurityIdentity.builder()
                .setPrincipal(alice)
                .addRole("READ_ONLY")
                .addAttribute(RoutingContext.class.getName(), request)
                .addAttribute("tenant-id", "Default")
                .build();

        SecurityIdentity kept = CachedTokenIdentityProvider.withoutRequest(built);

        assertNull(kept.getAttribute(RoutingContext.class.getName()));
        assertEquals("Default", kept.getAttribute("tenant-id"));
        assertEquals(alice, kept.getPrincipal());
        assertEquals(Set.of("READ_ONLY"), kept.getRoles());
    }
}
