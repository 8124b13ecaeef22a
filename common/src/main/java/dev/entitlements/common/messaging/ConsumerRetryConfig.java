package dev.entitlements.common.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How consumers wait between attempts at a record that failed for a reason that may pass. */
@ConfigMapping(prefix = "platform.consumer.retry")
public interface ConsumerRetryConfig {

    /** The first wait; each next one doubles (with 20 % jitter) up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** The longest wait: also how long a consumer may lag behind a recovered database. */
    @WithDefault("10s")
    Duration maxBackoff();
}
