package dev.entitlements.assignment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The assignment service's tunables (application.properties, prefix {@code assignment}). */
@ConfigMapping(prefix = "assignment")
public interface AssignmentConfig {

    Idempotency idempotency();

    interface Idempotency {

        /**
         * How long a create's {@code Idempotency-Key} answers retries; after that the key may name a
         * new request. Long enough for any client's retry loop, short enough to keep the table small.
         */
        @WithDefault("P1D")
        Duration retention();
    }
}
