package org.lct.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running LCT platform the system tests talk to, started once per test JVM.
 *
 * <p>By default {@link #get()} clones the checkout the tests run in (its current HEAD) into a temporary directory,
 * runs {@code ./lct up} there on free ports (the three services and PostgreSQL), stops it with SIGINT, starts it
 * again, and hands out the URLs and the token the second start printed; a shutdown hook stops it and removes the
 * clone. When the system properties {@value #DISTRICT_URL}, {@value #ENRICHMENT_URL}, {@value #CALCULATION_URL} and
 * {@value #TOKEN} are all set, it uses that already running platform instead (and, for the tests that read the
 * database, {@value #DATABASE_URL}, {@value #DATABASE_USER} and {@value #DATABASE_PASSWORD}).
 */
public final class Platform {

    static final String DISTRICT_URL = "lct.platform.district-url";
    static final String ENRICHMENT_URL = "lct.platform.enrichment-url";
    static final String CALCULATION_URL = "lct.platform.calculation-url";
    static final String TOKEN = "lct.platform.token";
    static final String DATABASE_URL = "lct.platform.database-url";
    static final String DATABASE_USER = "lct.platform.database-user";
    static final String DATABASE_PASSWORD = "lct.platform.database-password";

    /** A JDBC connection to the platform's database as the owner of its schema. */
    public record Database(String url, String user, String password) {
    }

    private static Platform instance;
    private static Throwable startFailure;

    private final URI districtUrl;
    private final URI enrichmentUrl;
    private final URI calculationUrl;
    private final String token;
    private final LocalPlatform local;

    private Platform(URI districtUrl, URI enrichmentUrl, URI calculationUrl, String token, LocalPlatform local) {
        this.districtUrl = districtUrl;
        this.enrichmentUrl = enrichmentUrl;
        this.calculationUrl = calculationUrl;
        this.token = token;
        this.local = local;
    }

    /** The platform of this JVM: started on the first call (which takes minutes), or the configured one. */
    public static synchronized Platform get() {
        if (startFailure != null) {
            throw new IllegalStateException("The platform failed to start earlier in this test JVM", startFailure);
        }
        if (instance == null) {
            try {
                instance = configured().orElseGet(Platform::startLocally);
            } catch (RuntimeException | Error e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
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

    /** A JWT with every role (enricher, reviewer, operator), as printed by {@code ./lct up}. */
    public String token() {
        return token;
    }

    /**
     * The platform's database as the schema owner: the private one of the local start, or the one named by
     * {@value #DATABASE_URL}, {@value #DATABASE_USER} and {@value #DATABASE_PASSWORD} for a running platform.
     */
    public Database database() {
        if (local != null) {
            return local.database();
        }
        String url = System.getProperty(DATABASE_URL, "");
        if (url.isBlank()) {
            throw new IllegalStateException("This test reads the platform's database: set " + DATABASE_URL + ", "
                    + DATABASE_USER + " and " + DATABASE_PASSWORD + " for the running platform");
        }
        return new Database(url, System.getProperty(DATABASE_USER, "lct"), System.getProperty(DATABASE_PASSWORD, ""));
    }

    /** The local start behind this platform; empty when the tests use an already running one. */
    Optional<LocalPlatform> local() {
        return Optional.ofNullable(local);
    }

    private static Optional<Platform> configured() {
        List<String> names = List.of(DISTRICT_URL, ENRICHMENT_URL, CALCULATION_URL, TOKEN);
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (System.getProperty(name, "").isBlank()) {
                missing.add(name);
            }
        }
        if (missing.size() == names.size()) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("To use a running platform set all of " + names + "; missing: " + missing);
        }
        return Optional.of(new Platform(URI.create(System.getProperty(DISTRICT_URL)),
                URI.create(System.getProperty(ENRICHMENT_URL)), URI.create(System.getProperty(CALCULATION_URL)),
                System.getProperty(TOKEN), null));
    }

    private static Platform startLocally() {
        LocalPlatform local = LocalPlatform.launch();
        LocalPlatform.Banner banner = local.running().banner();
        return new Platform(banner.districtUrl(), banner.enrichmentUrl(), banner.calculationUrl(), banner.token(),
                local);
    }
}
