package org.lct.district.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Where the dashboard (served at {@code /dashboard/}) finds the other two services ({@code lct.dashboard.*}).
 * Unset, it calls them on its own origin, as behind the Kubernetes Ingress where the three share one host;
 * {@code ./lct up} sets them to the local ports.
 */
@ConfigMapping(prefix = "lct.dashboard")
public interface DashboardConfig {

    /** Base URL of enrichment-service as the browser reaches it, e.g. {@code http://localhost:8082}. */
    Optional<String> enrichmentUrl();

    /** Base URL of calculation-service as the browser reaches it, e.g. {@code http://localhost:8083}. */
    Optional<String> calculationUrl();
}
