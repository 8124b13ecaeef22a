package dev.entitlements.reporting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The report rules that are a matter of policy (docs/decisions.md, Reports), set in application.properties. */
@ConfigMapping(prefix = "reporting")
public interface ReportingConfig {

    Compliance compliance();

    interface Compliance {

        /** UNDERUTILIZED: the most used on one day of the window is below this share of the active licenses. */
        @WithDefault("0.5")
        double underutilizedShare();

        /** The window, in days up to today, over which the use is looked at. */
        @WithDefault("30")
        int underutilizedDays();
    }
}
