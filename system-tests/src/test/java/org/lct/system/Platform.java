package org.lct.system;

import java.net.URI;

/**
 * The running LCT platform the system tests talk to.
 *
 * <p>This minimal version uses a platform that is already running, named by the system properties
 * {@code lct.platform.district-url}, {@code lct.platform.enrichment-url}, {@code lct.platform.calculation-url} and
 * {@code lct.platform.token} (a bearer token with every role, as {@code ./lct up} prints). Starting the platform
 * itself (a clone and {@code ./lct up} on free ports) belongs to the full harness.
 */
public final class Platform {

    private static Platform instance;

    private final URI districtUrl;
    private final URI enrichmentUrl;
    private final URI calculationUrl;
    private final String token;

    private Platform(URI districtUrl, URI enrichmentUrl, URI calculationUrl, String token) {
        this.districtUrl = districtUrl;
        this.enrichmentUrl = enrichmentUrl;
        this.calculationUrl = calculationUrl;
        this.token = token;
    }

    public static synchronized Platform get() {
        if (instance == null) {
            instance = new Platform(url("district-url"), url("enrichment-url"), url("calculation-url"),
                    property("token"));
        }
        return instance;
    }

    private static String property(String name) {
        String value = System.getProperty("lct.platform." + name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property lct.platform." + name + " is not set. Start the platform "
                    + "with ./lct up, do a full run, and pass -Dlct.platform.district-url=http://localhost:8081 "
                    + "-Dlct.platform.enrichment-url=http://localhost:8082 -Dlct.platform.calculation-url="
                    + "http://localhost:8083 -Dlct.platform.token=<the token ./lct up printed>");
        }
        return value.trim();
    }

    private static URI url(String name) {
        String value = property(name);
        return URI.create(value);
    }

    public URI districtUrl() {
        return districtUrl;
    }

    public URI enrichmentUrl() {
        return enrichmentUrl;
    }

    public URI calculationUrl() {
        return calculationUrl;
    }

    public String token() {
        return token;
    }
}
