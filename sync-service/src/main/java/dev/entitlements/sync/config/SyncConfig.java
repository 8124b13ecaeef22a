package dev.entitlements.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The sync service's tunables (application.properties, prefix {@code sync}). */
@ConfigMapping(prefix = "sync")
public interface SyncConfig {

    Refresh refresh();

    Lease lease();

    /** The periodic full refresh of every known licensing account. */
    interface Refresh {

        /** One refresh of every account per interval, across all replicas. */
        @WithDefault("6h")
        Duration interval();

        /** Wait after start-up, so a crash loop or a rollout does not start refreshes. */
        @WithDefault("5m")
        Duration initialDelay();
    }

    /**
     * A running refresh belongs to one instance for as long as it renews its lease; an instance
     * that dies stops renewing, and another takes the refresh over.
     */
    interface Lease {

        /** How long a refresh may go without a heartbeat before another instance takes it over. */
        @WithDefault("60s")
        Duration duration();

        /** How often every instance looks for refreshes whose lease ran out. */
        @WithDefault("20s")
        Duration reapInterval();

        /** Runs of one refresh (the first and the take-overs) before it is given up as FAILED. */
        @WithDefault("3")
        int maxAttempts();
    }
}
