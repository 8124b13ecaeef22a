package dev.entitlements.issuer;

import dev.entitlements.contract.TokenClaims;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The development token issuer: an RSA key pair that signs RS256 access tokens. Tests mint their
 * tokens with it, and the local run prints demo tokens from it; the services verify them with the
 * public key exactly as they verify a real provider's tokens (signature, issuer, audience, expiry).
 */
public final class TokenIssuer {

    public static final String DEFAULT_ISSUER = "https://issuer.entitlements.local";
    /**
     * The platform's audience: every service refuses a token whose {@code aud} does not name it
     * ({@code quarkus.oidc.token.audience}, {@code PLATFORM_AUDIENCE}); the Keycloak realm's audience
     * mapper puts the same value into its access tokens.
     */
    public static final String DEFAULT_AUDIENCE = "entitlements-api";

    private final RsaJsonWebKey key;
    private final String issuer;

    private TokenIssuer(RsaJsonWebKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    public static TokenIssuer generate(String issuer) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(UUID.randomUUID().toString());
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return new TokenIssuer(key, issuer);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the key pair kept in {@code file} (a private JWK); it must exist. */
    public static TokenIssuer load(Path file, String issuer) {
        try {
            return new TokenIssuer((RsaJsonWebKey) JsonWebKey.Factory.newJwk(Files.readString(file)), issuer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException("unreadable key file " + file, e);
        }
    }

    /** Loads the key pair kept in {@code file} (a private JWK), creating it on first use. */
    public static TokenIssuer loadOrCreate(Path file, String issuer) {
        try {
            if (Files.exists(file)) {
                return load(file, issuer);
            }
            TokenIssuer created = generate(issuer);
            Files.createDirectories(file.getParent());
            Files.writeString(file, created.key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** The public key as base64 X.509, the form {@code quarkus.oidc.public-key} takes. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(key.getPublicKey().getEncoded());
    }

    /** The public key as a JWK set, for a JWKS endpoint. */
    public String publicJwks() {
        return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /** A token for a user of a tenant with the given roles. */
    public String mint(String subject, String tenantId, String tenantType, List<String> roles, Duration ttl) {
        JwtClaims claims = claims(subject, ttl);
        claims.setClaim(TokenClaims.TENANT_ID, tenantId);
        claims.setClaim(TokenClaims.TENANT_TYPE, tenantType);
        claims.setStringListClaim(TokenClaims.GROUPS, roles);
        return sign(claims);
    }

    /** Standard claims (issuer, audience, subject, issued/expiry, id) to which a caller adds its own. */
    public JwtClaims claims(String subject, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(DEFAULT_AUDIENCE);
        claims.setSubject(subject);
        claims.setClaim("preferred_username", subject);
        claims.setIssuedAtToNow();
        claims.setNotBeforeMinutesInThePast(1);
        claims.setExpirationTimeMinutesInTheFuture(ttl.toSeconds() / 60f);
        claims.setGeneratedJwtId();
        return claims;
    }

    /** Signs any claims with this issuer's key (tests use it for hostile variants). */
    public String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration a service needs to verify this issuer's tokens without a discovery call. */
    public Map<String, String> verifierConfig() {
        // the audience is not set here: the services' own quarkus.oidc.token.audience is the one tested
        return Map.of("quarkus.oidc.public-key", publicKeyBase64(), "quarkus.oidc.token.issuer", issuer);
    }
}
