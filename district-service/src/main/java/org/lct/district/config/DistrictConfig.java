package org.lct.district.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** district-service settings ({@code lct.district.*}). */
@ConfigMapping(prefix = "lct.district")
public interface DistrictConfig {

    /** Largest page a list answers; a larger {@code size} is refused with 400, never clamped. */
    @WithDefault("400")
    int maxPageSize();

    /** Page size when a request names none. */
    @WithDefault("50")
    int defaultPageSize();

    /** Staff scope of the LCT shown in district lists when a request names none. */
    @WithDefault("teachers_only")
    String defaultScope();

    /**
     * How long clients and caches may reuse an answer without asking again (Cache-Control max-age). Results change
     * only when a run finishes or an input is edited; after max-age a client revalidates with If-None-Match.
     */
    @WithDefault("60s")
    Duration cacheMaxAge();

    /**
     * How long the data version behind the ETags is reused before it is read again (one query saved per request
     * under load). 0 reads it for every request.
     */
    @WithDefault("1s")
    Duration dataVersionTtl();
}
