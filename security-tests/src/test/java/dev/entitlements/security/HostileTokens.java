package dev.entitlements.security;

import dev.entitlements.contract.TokenClaims;
import dev.entitlements.issuer.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwt.JwtClaims;

/** Tokens an attacker (or a misconfigured client) sends: each must be refused by every endpoint. */
final class HostileTokens {

    private static final TokenIssuer STRANGER = TokenIssuer.generate(TokenIssuer.DEFAULT_ISSUER);

    private HostileTokens() {}

    /** A good token: what the other kinds are variations of. */
    static String good(TokenIssuer issuer, String tenant, String type, List<String> roles) {
        return issuer.mint("user@" + tenant, tenant, type, roles, Duration.ofMinutes(30));
    }

    static String expired(TokenIssuer issuer, String tenant, List<String> roles) {
        JwtClaims claims = claims(issuer, tenant, roles);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(-10);
        return issuer.sign(claims);
    }

    /** Well formed, for the right issuer name, signed by a key the services never trusted. */
    static String otherKey(String tenant, List<String> roles) {
        return STRANGER.mint("user@" + tenant, tenant, "MSP", roles, Duration.ofMinutes(30));
    }

    /** Signed by the trusted key, but naming another issuer. */
    static String wrongIssuer(TokenIssuer issuer, String tenant, List<String> roles) {
        JwtClaims claims = claims(issuer, tenant, roles);
        claims.setIssuer("https://evil.example.com");
        return issuer.sign(claims);
    }

    /** Signed by the trusted key for the trusted issuer, but for another application (its {@code aud}). */
    static String wrongAudience(TokenIssuer issuer, String tenant, List<String> roles) {
        JwtClaims claims = claims(issuer, tenant, roles);
        claims.setAudience("another-api");
        return issuer.sign(claims);
    }

    /** Signed by the trusted key for the trusted issuer, but naming no audience at all. */
    static String withoutAudience(TokenIssuer issuer, String tenant, List<String> roles) {
        JwtClaims claims = claims(issuer, tenant, roles);
        claims.unsetClaim("aud");
        return issuer.sign(claims);
    }

    /** The classic: {@code alg: none} and no signature at all. */
    static String algNone(TokenIssuer issuer, String tenant, List<String> roles) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims(issuer, tenant, roles).toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** Valid in every way, but says nothing about the tenant. */
    static String withoutTenant(TokenIssuer issuer, String tenant, List<String> roles) {
        JwtClaims claims = issuer.claims("user@" + tenant, Duration.ofMinutes(30));
        claims.setStringListClaim(TokenClaims.GROUPS, roles);
        return issuer.sign(claims);
    }

    private static JwtClaims claims(TokenIssuer issuer, String tenant, List<String> roles) {
        JwtClaims claims = issuer.claims("user@" + tenant, Duration.ofMinutes(30));
        claims.setClaim(TokenClaims.TENANT_ID, tenant);
        claims.setClaim(TokenClaims.TENANT_TYPE, "MSP");
        claims.setStringListClaim(TokenClaims.GROUPS, roles);
        return claims;
    }
}
