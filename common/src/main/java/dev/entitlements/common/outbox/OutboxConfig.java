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

    /**
     * How often the relay reads the backlog and the age of its oldest row for its gauges
     * ({@code outbox_backlog_rows}, {@code outbox_oldest_age_seconds}); read by the {@code @Scheduled}
     * expression of {@link OutboxRelay#refreshStats()}.
     */
    @WithDefault("5s")
    String statsInterval();

    /** Rows published per transaction. */
    @WithDefault("1000")
    int batchSize();
}
