package dev.entitlements.common.error;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service answers when its database is down, slow or starved (docs/errors.md, 503). */
@ConfigMapping(prefix = "platform.availability")
public interface AvailabilityConfig {

    /** The {@code Retry-After} of every 503, in seconds. */
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * A request whose response has not started after this long is answered 503 ({@link dev.entitlements.common.rest.RequestDeadline}):
     * below the gateway's upstream timeout (9.5 s) and the HTTPRoute's (10 s), so the caller gets the
     * service's JSON answer, not a proxy's. Covers what no server-side timeout does, such as a frozen
     * database. {@code 0} turns it off.
     */
    @WithDefault("8s")
    Duration requestDeadline();
}
