package dev.entitlements.common.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token once, not on every request (issue 22: checking the signature and
 * building the principal was a quarter of the query path's CPU). Tried before Quarkus OIDC's own
 * provider: a token seen lately gets the identity OIDC built for it then; any other token goes to
 * OIDC, and what OIDC accepts is remembered until the token expires, {@code maxAge} at most
 * ({@link TokenCacheConfig}). Refusals are not remembered: they are verified again each time.
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final OidcIdentityProvider oidc;
    private final TokenCacheConfig config;
    // the real clock, as OIDC's own expiry check: a test's pinned clock must not extend a token's life
    private final VerifiedTokens<SecurityIdentity> verified;

    public CachedTokenIdentityProvider(OidcIdentityProvider oidc, TokenCacheConfig config) {
        this.oidc = oidc;
        this.config = config;
        this.verified = new VerifiedTokens<>(config.maxAge(), config.maxEntries(), Clock.systemUTC());
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Higher than OIDC's: tried first. */
    @Override
    public int priority() {
        return oidc.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!config.enabled() || !(request.getToken() instanceof AccessTokenCredential)) {
            return Uni.createFrom().nullItem(); // OIDC's provider, next in line, takes it
        }
        String token = request.getToken().getToken();
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        return verified.find(token)
                .map(identity -> Uni.createFrom().item(forThisRequest(identity, routing)))
                .orElseGet(() -> oidc.authenticate(request, context).invoke(identity -> remember(token, identity)));
    }

    private void remember(String token, SecurityIdentity identity) {
        if (identity != null && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            verified.remember(token, withoutRequest(identity), Instant.ofEpochSecond(jwt.getExpirationTime()));
        }
    }

    /**
     * The identity without the request it was built for: a remembered routing context would hold
     * that request, its connection and buffers, for as long as the token is remembered (10,000
     * tenants' tokens filled the heap in the query benchmark).
     */
    static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity);
        identity.getAttributes().forEach((name, value) -> {
            if (value instanceof RoutingContext) {
                builder.addAttribute(name, null);
            }
        });
        return builder.build();
    }

    /** OIDC's identity carries the routing context of the request it was built for: this request's instead. */
    private static SecurityIdentity forThisRequest(SecurityIdentity identity, RoutingContext routing) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity);
        if (routing != null) {
            builder.addAttribute(RoutingContext.class.getName(), routing);
        }
        return builder.build();
    }
}
