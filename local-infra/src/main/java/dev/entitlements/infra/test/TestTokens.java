package dev.entitlements.infra.test;

import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.issuer.TokenIssuer;
import java.time.Duration;
import java.util.List;

/** Real signed tokens for tests, from a key pair made once per test JVM. */
public final class TestTokens {

    private static final TokenIssuer ISSUER = TokenIssuer.generate(TokenIssuer.DEFAULT_ISSUER);

    private TestTokens() {}

    public static TokenIssuer issuer() {
        return ISSUER;
    }

    public static String token(String tenantId, String tenantType, String... roles) {
        return ISSUER.mint("user@" + tenantId, tenantId, tenantType, List.of(roles), Duration.ofMinutes(10));
    }

    public static String mspAdmin(String tenantId) {
        return token(tenantId, "MSP", Roles.PRIME_ADMIN);
    }

    public static String readOnly(String tenantId) {
        return token(tenantId, "MSP", Roles.READ_ONLY);
    }

    /** {@code Authorization} header value. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
