package org.lct.district.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
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

    /**
     * Staff scope of the LCT shown in district lists and rankings when a request names none. {@value #AUTO_SCOPE}
     * takes the first scope, in the catalogue's order, that the year's current results contain (the bundled NCES
     * file supports only teachers_total); a scope code pins it.
     */
    @WithDefault(AUTO_SCOPE)
    String defaultScope();

    String AUTO_SCOPE = "auto";

    /**
     * How long clients and caches may reuse an answer without asking again (Cache-Control max-age). Results change
     * only when a run finishes or an input is edited; after max-age a client revalidates with If-None-Match.
     */
    @WithDefault("60s")
    Duration cacheMaxAge();

    /**
     * How long the data version behind the ETags may be reused: it is read again in the background once half as old,
     * so requests under load do not wait for it, and by the request itself after a pause this long. 0 reads it for
     * every request.
     */
    @WithDefault("1s")
    Duration dataVersionTtl();

    /**
     * Bytes of JSON answers kept by their ETag, so a question asked again under the same data version is answered
     * without PostgreSQL; the least used go first, and an entry lives at most {@link #cacheMaxAge()}. 0 keeps none.
     */
    @WithDefault("32M")
    MemorySize responseCacheSize();

    /**
     * True where the datasource reaches streaming standbys (the prod overlay's CloudNativePG {@code lct-db-ro}), whose
     * pooled connections may each reach a different standby at a different point of replay. Every request then reads
     * its data version and its body in one read-only snapshot on one connection, so an ETag never labels a body older
     * than the version it names; the shared, cached version ({@link #dataVersionTtl()}) is not used.
     */
    @WithDefault("false")
    boolean readsFromStandbys();
}
