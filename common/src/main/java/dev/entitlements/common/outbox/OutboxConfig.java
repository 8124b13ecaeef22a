package dev.entitlements.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "outbox.relay")
public interface OutboxConfig {

    /** Whether this instance publishes the outbox (off only to simulate a crash before publishing). */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often the relay looks for rows a wake-up missed (scheduler syntax, e.g. {@code 1s});
     * read by the {@code @Scheduled} expression of {@link OutboxRelay#poll()}.
     */
    @WithDefault("1s")
    String interval();

    /** Rows published per transaction. */
    @WithDefault("1000")
    int batchSize();
}
