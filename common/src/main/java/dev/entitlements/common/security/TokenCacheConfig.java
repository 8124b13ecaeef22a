package dev.entitlements.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The verified-token cache ({@link CachedTokenIdentityProvider}). */
@ConfigMapping(prefix = "platform.token-cache")
public interface TokenCacheConfig {

    /** Off: every request's token is verified again, as Quarkus OIDC does alone. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long a verified token is trusted without checking its signature again, at most (never
     * past its own {@code exp}): the delay before a key removed from the provider's key set stops
     * being honoured for tokens already seen.
     */
    @WithDefault("60s")
    Duration maxAge();

    /**
     * Tokens remembered at most (a few KiB of heap each: the claims and the principal); past it, a
     * new token is verified on each request until entries expire.
     */
    @WithDefault("10000")
    int maxEntries();
}
