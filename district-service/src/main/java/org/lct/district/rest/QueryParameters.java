package org.lct.district.rest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.core.MultivaluedMap;

import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.RequestViolations;
import org.lct.common.values.NcesId;
import org.lct.common.values.SchoolYear;
import org.lct.common.web.Paging;
import org.lct.district.config.DistrictConfig;
import org.lct.district.model.Metadata;
import org.lct.district.model.PageRequest;
import org.lct.district.model.SortField;
import org.lct.district.service.CatalogueService;

/**
 * The query parameters of one request, parsed and checked all together: every bad or unknown parameter is
 * recorded, then {@link #throwIfAny()} answers 400 with all of them. Parsed values, defaults included, are
 * kept in order for the {@code filters} echo of list answers.
 */
public final class QueryParameters {

    static final String FORMAT = "format";
    static final String SORT = "sort";

    private final MultivaluedMap<String, String> raw;
    private final CatalogueService catalogue;
    private final String dataVersion;
    private final RequestViolations violations = new RequestViolations();
    private final Map<String, Object> echo = new LinkedHashMap<>();

    QueryParameters(MultivaluedMap<String, String> raw, Set<String> allowed, CatalogueService catalogue,
            String dataVersion) {
        this.raw = raw;
        this.catalogue = catalogue;
        this.dataVersion = dataVersion;
        violations.rejectUnknownQueryParameters(raw.keySet(), allowed);
    }

    public String dataVersion() {
        return dataVersion;
    }

    public Map<String, Object> echo() {
        return echo;
    }

    public void throwIfAny() {
        throwIfAnyOrUnknownState();
    }

    /** Repeated parameters count as one comma list ({@code state=CA&state=OR} is {@code state=CA,OR}). */
    private String value(String field) {
        List<String> values = raw.get(field);
        if (values == null || values.isEmpty()) {
            return null;
        }
        String joined = String.join(",", values).strip();
        return joined.isEmpty() ? null : joined;
    }

    private List<String> list(String field) {
        String value = value(field);
        if (value == null) {
            return null;
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private void invalid(String field, String rule, String message) {
        violations.add(field, FieldError.QUERY, rule, message);
    }

    /** An NCES LEA id from the path, with or without its leading zeros, padded to 7 digits; null when malformed. */
    public String ncesId(String field, String value) {
        if (value == null || value.isBlank()) {
            violations.add(field, FieldError.PATH, NcesId.RULE, NcesId.problem(String.valueOf(value)));
            return null;
        }
        NcesId id = violations.ncesId(field, FieldError.PATH, value);
        return id == null ? null : id.value();
    }

    /** A state code from the path, case-insensitive; null when malformed. Whether it exists is a 404 matter. */
    public String stateCode(String field, String value) {
        if (value == null || !value.matches("[A-Za-z]{2}")) {
            violations.add(field, FieldError.PATH, "state_code_format", "must be a two-letter state code (CA), got '"
                    + RequestViolations.abbreviate(String.valueOf(value)) + "'");
            return null;
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (!catalogue.stateCodes().contains(code)) {
            unknownState = code;
        }
        return code;
    }

    private String unknownState;

    /** After every parameter was checked (throwIfAny): 400 for bad ones, else 404 for a well-formed but unknown state code. */
    private void throwIfAnyOrUnknownState() {
        violations.throwIfAny();
        if (unknownState != null) {
            throw ProblemException.notFound("No state or jurisdiction with code " + unknownState);
        }
    }

    /** An NCES year (YYYY-YY) that has data; {@code defaultYear} when absent. */
    public String year(String field, String defaultYear) {
        String value = value(field);
        if (value == null) {
            echo.put(field, defaultYear);
            return defaultYear;
        }
        if (violations.schoolYear(field, FieldError.QUERY, value) == null) {
            return null;
        }
        List<String> known = catalogue.years(dataVersion).stream().map(Metadata.Year::schoolYear).toList();
        if (!known.contains(value)) {
            invalid(field, "known_year", "no data for " + value + "; available: "
                    + (known.isEmpty() ? "none yet" : String.join(", ", known)));
            return null;
        }
        echo.put(field, value);
        return value;
    }

    /** A well-formed school year of any kind (bell schedules are collected for years NCES has not published). */
    public String scheduleYear(String field) {
        String value = value(field);
        SchoolYear year = violations.schoolYear(field, FieldError.QUERY, value);
        if (year == null) {
            return null;
        }
        echo.put(field, year.value());
        return year.value();
    }

    /** The newest NCES year loaded: the default of the district lists. */
    public String defaultYear() {
        return catalogue.defaultYear(dataVersion);
    }

    /** The newest year with a successful run: the default of the result lists and summaries. */
    public String defaultResultYear() {
        return catalogue.defaultResultYear(dataVersion);
    }

    /** A year filter with no default: null when absent. */
    public String optionalYear(String field) {
        return value(field) == null ? null : year(field, null);
    }

    /** Comma list of state codes, case-insensitive; null when absent. */
    public List<String> states(String field) {
        List<String> values = list(field);
        if (values == null) {
            return null;
        }
        List<String> codes = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (String value : values) {
            String code = value.toUpperCase(Locale.ROOT);
            if (catalogue.stateCodes().contains(code)) {
                if (!codes.contains(code)) {
                    codes.add(code);
                }
            } else {
                unknown.add(RequestViolations.abbreviate(value));
            }
        }
        if (!unknown.isEmpty()) {
            invalid(field, "known_state", "unknown state code(s) " + String.join(", ", unknown)
                    + "; see /api/v1/metadata for the codes");
            return null;
        }
        echo.put(field, codes);
        return codes;
    }

    /** Comma list of staff scopes; null when absent. */
    public List<String> scopes(String field) {
        return codes(field, catalogue.scopeCodes(), "known_scope", "staff scope");
    }

    /**
     * One staff scope; when absent, the configured default ({@code lct.district.default-scope}), or with
     * {@code auto} the first scope that the year's current results contain (see
     * {@link CatalogueService#defaultScope}).
     */
    public String scope(String field, String configuredDefault, String year) {
        String value = value(field);
        if (value == null) {
            String scope = DistrictConfig.AUTO_SCOPE.equals(configuredDefault)
                    ? catalogue.defaultScope(dataVersion, year) : configuredDefault;
            echo.put(field, scope);
            return scope;
        }
        if (!catalogue.scopeCodes().contains(value)) {
            invalid(field, "known_scope", "unknown staff scope '" + RequestViolations.abbreviate(value)
                    + "'; allowed: " + String.join(", ", catalogue.scopeCodes()));
            return null;
        }
        echo.put(field, value);
        return value;
    }

    public List<String> minutesSources(String field) {
        return codes(field, catalogue.minutesSourceCodes(), "known_minutes_source", "minutes source");
    }

    private List<String> codes(String field, Set<String> allowed, String rule, String what) {
        List<String> values = list(field);
        if (values == null) {
            return null;
        }
        Set<String> unknown = new TreeSet<>();
        List<String> codes = new ArrayList<>();
        for (String value : values) {
            if (allowed.contains(value)) {
                if (!codes.contains(value)) {
                    codes.add(value);
                }
            } else {
                unknown.add(RequestViolations.abbreviate(value));
            }
        }
        if (!unknown.isEmpty()) {
            invalid(field, rule, "unknown " + what + "(s) " + String.join(", ", unknown) + "; allowed: "
                    + String.join(", ", allowed));
            return null;
        }
        echo.put(field, codes);
        return codes;
    }

    /** Free text of at most 100 characters; null when absent. */
    public String text(String field) {
        String value = value(field);
        if (value != null && value.length() > 100) {
            invalid(field, "max_length", "must be at most 100 characters, got " + value.length());
            return null;
        }
        if (value != null) {
            echo.put(field, value);
        }
        return value;
    }

    public Integer integer(String field, int min, int max) {
        Integer value = violations.integer(field, value(field), min, max);
        if (value != null) {
            echo.put(field, value);
        }
        return value;
    }

    public int integer(String field, int min, int max, int defaultValue) {
        Integer value = value(field) == null ? Integer.valueOf(defaultValue) : violations.integer(field, value(field), min, max);
        if (value != null) {
            echo.put(field, value);
        }
        return value == null ? defaultValue : value;
    }

    /** A non-negative decimal; null when absent or invalid. */
    public BigDecimal decimal(String field) {
        BigDecimal value = violations.decimal(field, value(field));
        if (value != null && value.signum() < 0) {
            invalid(field, "minimum", "must be at least 0, got " + value.toPlainString());
            return null;
        }
        if (value != null) {
            echo.put(field, value);
        }
        return value;
    }

    public <T extends Comparable<T>> void range(String minField, T min, String maxField, T max) {
        violations.orderedRange(minField, min, maxField, max);
    }

    /** true or false; null when absent. */
    public Boolean bool(String field) {
        Boolean parsed = violations.bool(field, value(field));
        if (parsed != null) {
            echo.put(field, parsed);
        }
        return parsed;
    }

    /** One of {@code allowed}; {@code defaultValue} when absent. */
    public String choice(String field, List<String> allowed, String defaultValue) {
        String value = value(field);
        if (value == null) {
            echo.put(field, defaultValue);
            return defaultValue;
        }
        if (violations.choice(field, FieldError.QUERY, value, allowed) == null) {
            return defaultValue;
        }
        echo.put(field, value);
        return value;
    }

    /** {@code sort} as {@code field,-field} over {@code sortable}, {@code page} from 1, {@code size} up to the cap. */
    public PageRequest page(Set<String> sortable, String defaultSort, int defaultSize, int maxSize) {
        Paging paging = violations.paging(value(Paging.PAGE), value(Paging.SIZE), defaultSize, maxSize);
        return new PageRequest(paging.page(), paging.size(), sort(sortable, defaultSort));
    }

    /** The sort alone, for CSV exports (which have no pages). */
    public List<SortField> sort(Set<String> sortable, String defaultSort) {
        String value = value(SORT);
        List<SortField> sort = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : (value == null ? defaultSort : value).split(",")) {
            String field = key.strip();
            if (field.isEmpty()) {
                continue;
            }
            boolean descending = field.startsWith("-");
            String name = descending ? field.substring(1) : field;
            if (!sortable.contains(name)) {
                unknown.add(RequestViolations.abbreviate(name));
            } else if (sort.stream().noneMatch(s -> s.field().equals(name))) {
                sort.add(new SortField(name, descending));
            }
        }
        if (!unknown.isEmpty()) {
            invalid(SORT, "known_sort_field", "unknown sort field(s) " + String.join(", ", unknown) + "; allowed: "
                    + String.join(", ", new TreeSet<>(sortable)) + " (prefix - for descending)");
        }
        return sort;
    }

    /** The representation asked for by {@code format} (json or csv); null when absent. Not echoed: not a filter. */
    public String format() {
        return violations.choice(FORMAT, FieldError.QUERY, value(FORMAT), List.of("json", "csv"));
    }
}
