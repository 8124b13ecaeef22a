package dev.entitlements.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.TokenClaims;
import io.quarkus.security.identity.SecurityIdentity;

/** The {@link Caller} of the current request, read from its authenticated identity. */
@ApplicationScoped
public class CallerContext {

    public static final String MDC_TENANT = "tenantId";

    // a request-scoped bean: this proxy resolves to the identity of the request being served
    private final SecurityIdentity identity;

    public CallerContext(SecurityIdentity identity) {
        this.identity = identity;
    }

    /**
     * @throws ApiException 401 without an authenticated token, 403 when the token names no tenant
     */
    public Caller current() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "a bearer token is required");
        }
        String tenantId = jwt.getClaim(TokenClaims.TENANT_ID);
        if (tenantId == null || tenantId.isBlank()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "the token carries no " + TokenClaims.TENANT_ID + " claim");
        }
        MDC.put(MDC_TENANT, tenantId);
        return new Caller(jwt.getName(), tenantId, jwt.getClaim(TokenClaims.TENANT_TYPE), identity.getRoles());
    }
}
