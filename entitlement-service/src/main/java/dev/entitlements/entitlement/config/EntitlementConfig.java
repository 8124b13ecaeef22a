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

    Audit audit();

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

    /** The audit read model (ADR 0015): how long its rows are kept, and how the retention job deletes them. */
    interface Audit {

        /**
         * Rows whose {@code at} is older than this are deleted by the retention job: the one deletion
         * of recorded history in the system (docs/architecture.md, Invariants).
         */
        @WithDefault("P400D")
        Duration retention();

        /**
         * How often the retention job runs on every instance (scheduler syntax, e.g. {@code 1h};
         * {@code off} stops deleting, e.g. under a legal hold); read by the {@code @Scheduled}
         * expression of {@code AuditRetention}.
         */
        @WithDefault("1h")
        String purgeInterval();

        /** Rows deleted per statement: each batch is its own short transaction, so no purge holds locks or a long one. */
        @WithDefault("1000")
        int purgeBatchSize();
    }
}
