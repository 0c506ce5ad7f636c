package org.lct.system;

import java.net.URI;
import java.time.Duration;

/** The generated clients' ApiClients, pointed at the platform's services. */
final class GeneratedClients {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private GeneratedClients() {
    }

    static org.lct.client.district.ApiClient district(Platform platform) {
        var client = new org.lct.client.district.ApiClient();
        client.updateBaseUri(base(platform.districtUrl()));
        return client.setReadTimeout(TIMEOUT);
    }

    static org.lct.client.enrichment.ApiClient enrichment(Platform platform) {
        var client = new org.lct.client.enrichment.ApiClient();
        client.updateBaseUri(base(platform.enrichmentUrl()));
        return client.setReadTimeout(TIMEOUT);
    }

    static org.lct.client.calculation.ApiClient calculation(Platform platform) {
        var client = new org.lct.client.calculation.ApiClient();
        client.updateBaseUri(base(platform.calculationUrl()));
        return client.setReadTimeout(TIMEOUT);
    }

    /** The documents' paths start with /api/v1 (their server is "/"), so the base is the service's root. */
    private static String base(URI service) {
        String uri = service.toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
