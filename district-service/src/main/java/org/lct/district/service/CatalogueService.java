package org.lct.district.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.lct.district.config.DistrictConfig;
import org.lct.district.model.Metadata;
import org.lct.district.repository.CatalogueRepository;

/**
 * Codes and years requests are checked against. The vocabularies are seeded by migrations and change only
 * with a new release, so they are read once; the years follow the data version.
 */
@ApplicationScoped
public class CatalogueService {

    private static final Logger LOG = Logger.getLogger(CatalogueService.class);

    private record YearsAt(String version, List<Metadata.Year> years) {
    }

    private record VersionAt(String version, long readAtNanos) {
    }

    private record ScopesAt(String version, Map<String, String> byYear) {
    }

    private final CatalogueRepository repository;
    private final long versionTtlNanos;
    private volatile VersionAt version = new VersionAt(null, 0);
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Set<String> stateCodes;
    private volatile Set<String> scopeCodes;
    private volatile Set<String> minutesSourceCodes;
    private final AtomicReference<YearsAt> years = new AtomicReference<>(new YearsAt(null, List.of()));
    private final AtomicReference<ScopesAt> defaultScopes = new AtomicReference<>(new ScopesAt(null, Map.of()));

    private final boolean readsFromStandbys;

    public CatalogueService(CatalogueRepository repository, DistrictConfig config) {
        this.repository = repository;
        this.versionTtlNanos = config.dataVersionTtl().toNanos();
        this.readsFromStandbys = config.readsFromStandbys();
    }

    /**
     * The data version the ETags are made of, never older than {@code lct.district.data-version-ttl}: a change shows
     * in tags that much later, well within the max-age clients may reuse an answer anyway. Requests do not wait for
     * it while they keep coming: once the version is half the TTL old, the first request to see it so starts one
     * read in the background and goes on with it; only a request after a pause of a TTL or more (or every
     * request, with a TTL of 0) reads it itself.
     * <p>
     * Reading from standbys, each request reads it in its own snapshot instead, the one its body is read in
     * ({@code RequestSnapshot}): a version shared between requests may come from a standby further ahead than the one
     * a body is read on.
     */
    public String dataVersion() {
        if (readsFromStandbys) {
            return repository.dataVersion();
        }
        VersionAt current = version;
        long now = System.nanoTime();
        long age = now - current.readAtNanos();
        if (current.version() == null || age >= versionTtlNanos) {
            return readVersion(now);
        }
        if (age >= versionTtlNanos / 2 && refreshing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("data-version-refresh").start(() -> {
                try {
                    readVersion(System.nanoTime());
                } catch (RuntimeException e) {
                    // the next request past the TTL reads it itself, and answers the error if it persists
                    LOG.debugf(e, "background read of the data version failed");
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return current.version();
    }

    private String readVersion(long startedAtNanos) {
        VersionAt read = new VersionAt(repository.dataVersion(), startedAtNanos);
        // a slower, older read never replaces a newer one
        version = version.readAtNanos() - startedAtNanos > 0 && version.version() != null ? version : read;
        return read.version();
    }

    public Set<String> stateCodes() {
        if (stateCodes == null) {
            stateCodes = new TreeSet<>(repository.stateCodes());
        }
        return stateCodes;
    }

    public Set<String> scopeCodes() {
        if (scopeCodes == null) {
            scopeCodes = new TreeSet<>(repository.staffScopes().stream().map(Metadata.Code::code).toList());
        }
        return scopeCodes;
    }

    public Set<String> minutesSourceCodes() {
        if (minutesSourceCodes == null) {
            minutesSourceCodes = new TreeSet<>(repository.minutesSources().stream().map(Metadata.Code::code).toList());
        }
        return minutesSourceCodes;
    }

    /** NCES years loaded, newest first, as of {@code version}. */
    public List<Metadata.Year> years(String version) {
        YearsAt cached = years.get();
        if (!version.equals(cached.version())) {
            cached = new YearsAt(version, repository.years());
            years.set(cached);
        }
        return cached.years();
    }

    /** The newest NCES year loaded, or null while there is none. */
    public String defaultYear(String version) {
        List<Metadata.Year> loaded = years(version);
        return loaded.isEmpty() ? null : loaded.getFirst().schoolYear();
    }

    /** The newest year with a successful run, else the newest NCES year: where results are by default. */
    public String defaultResultYear(String version) {
        return years(version).stream().filter(y -> y.currentRunId() != null).map(Metadata.Year::schoolYear)
                .findFirst().orElse(defaultYear(version));
    }

    /**
     * The default staff scope of lists and rankings for {@code year} as of {@code version}: the first scope, in the
     * catalogue's order, that the year's current results contain, so a list shows LCT whatever scopes the loaded
     * data supports; the catalogue's first scope while the year has no results (or the year is not known).
     */
    public String defaultScope(String version, String year) {
        ScopesAt cached = defaultScopes.get();
        if (!version.equals(cached.version())) {
            cached = new ScopesAt(version, new ConcurrentHashMap<>());
            defaultScopes.set(cached);
        }
        return cached.byYear().computeIfAbsent(year == null ? "" : year, y -> repository.firstScopeWithResults(y)
                .orElseGet(() -> repository.staffScopes().getFirst().code()));
    }

    public Metadata metadata(String version) {
        List<Metadata.Column> columns = repository.columns().stream()
                .map(c -> new Metadata.Column(c.table(), c.column(), c.type(), unitOf(c.column()),
                        c.description()))
                .toList();
        return new Metadata(defaultYear(version), years(version), repository.states(), repository.staffScopes(),
                repository.collectionMethods(), repository.confidenceLevels(), repository.minutesSources(), columns);
    }

    /** The unit follows the schema's column naming (documented in the README); null where none applies. */
    static String unitOf(String column) {
        if (column.equals("lct_minutes") || column.endsWith("_lct")) {
            return "minutes per student per day";
        }
        if (column.endsWith("minutes")) {
            return "minutes per day";
        }
        if (column.equals("duration_ms")) {
            return "milliseconds";
        }
        if (column.endsWith("fte")) {
            return "full-time equivalents";
        }
        if (column.endsWith("enrollment") || column.equals("students")) {
            return "students";
        }
        if (column.endsWith("_pct")) {
            return "percent";
        }
        if (column.equals("annual_hours")) {
            return "hours per year";
        }
        if (column.equals("annual_days")) {
            return "days per year";
        }
        if (column.equals("districts") || column.startsWith("districts_") || column.endsWith("_districts")) {
            return "districts";
        }
        return null;
    }
}
