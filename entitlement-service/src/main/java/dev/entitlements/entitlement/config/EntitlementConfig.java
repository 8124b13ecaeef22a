package dev.entitlements.entitlement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The read model's tunables (application.properties, prefix {@code entitlement}). */
@ConfigMapping(prefix = "entitlement")
public interface EntitlementConfig {

    /** How long after expiry an entitlement is in its grace period ({@code graceEndDate}, GRACE_PERIOD banner). */
    @WithDefault("P30D")
    Duration gracePeriod();

    Banners banners();

    /** When a license's expiry raises which banner (docs/decisions.md, Reports). */
    interface Banners {

        /** INITIAL from this long before expiry. */
        @WithDefault("P60D")
        Duration initial();

        /** CLOSE_TO_EXPIRATION from this long before expiry. */
        @WithDefault("P7D")
        Duration closeToExpiration();

        /**
         * AFTER_GRACE_PERIOD shows this long after the grace period ended, while the tenant holds no
         * valid license of the type (its devices run unlicensed).
         */
        @WithDefault("P90D")
        Duration afterGracePeriod();
    }
}
