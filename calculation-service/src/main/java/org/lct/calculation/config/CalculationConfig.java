package org.lct.calculation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the calculation-service (docs/operations.md, "Configuration"). */
@ConfigMapping(prefix = "lct")
public interface CalculationConfig {

    Calculation calculation();

    Qa qa();

    Recalc recalc();

    interface Calculation {
        /** Minutes when neither a bell schedule nor a state requirement applies (methodology point 3). */
        @WithDefault("360")
        int defaultMinutes();

        /** Refresh the coverage views CONCURRENTLY after every run that wrote results, timed as its refresh_ms. */
        @WithDefault("true")
        boolean refreshViews();
    }

    interface Qa {
        /** Pass rate (percent of valid rows) at or above which a run can be PASS (methodology point 6). */
        @WithDefault("95")
        double passRateThreshold();
    }

    interface Recalc {
        /** Quartz-style cron of the background recalculation, or {@code off}. */
        @WithDefault("off")
        String cron();

        /** Mode of scheduled runs: incremental (default) or full. */
        @WithDefault("incremental")
        String mode();
    }
}
