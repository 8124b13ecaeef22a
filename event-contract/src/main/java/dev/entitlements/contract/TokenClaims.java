package dev.entitlements.contract;

import java.util.List;

/**
 * What a bearer token must carry, shared by the token issuers (development issuer, Keycloak realm)
 * and the services that read it.
 */
public final class TokenClaims {

    /** The caller's tenant. */
    public static final String TENANT_ID = "tenantId";
    /** {@code MSP}, {@code MSP_EC}, {@code REC}, {@code VAR}, ... */
    public static final String TENANT_TYPE = "tenantType";
    /** The roles ({@link Roles}). */
    public static final String GROUPS = "groups";

    private TokenClaims() {}

    /** The role names, as they appear in the {@code groups} claim. */
    public static final class Roles {
        public static final String PRIME_ADMIN = "PRIME_ADMIN";
        public static final String ADMIN = "ADMIN";
        public static final String READ_ONLY = "READ_ONLY";
        /** The external licensing system calling the purchase webhook. */
        public static final String LICENSING_SERVICE = "LICENSING_SERVICE";

        public static final List<String> ALL = List.of(PRIME_ADMIN, ADMIN, READ_ONLY, LICENSING_SERVICE);

        private Roles() {}
    }
}
