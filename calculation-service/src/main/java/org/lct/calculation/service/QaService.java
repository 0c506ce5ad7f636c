package org.lct.calculation.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.lct.calculation.config.CalculationConfig;
import org.lct.calculation.model.RunOptions;
import org.lct.calculation.repository.QaRepository;

/**
 * Builds a run's QA report (methodology §3, decisions 5, 6, 9, 10, 16) from the run's rows, inside the run's
 * transaction, so the report and the rows it describes commit together.
 */
@ApplicationScoped
public class QaService {

    /** The six hierarchy checks of methodology §3.4: key, lower scope, higher scope. */
    static final List<String[]> HIERARCHY = List.of(
            new String[] {"Secondary < Overall Teachers", "teachers_secondary", "teachers_only"},
            new String[] {"Teachers < Elementary", "teachers_only", "teachers_elementary"},
            new String[] {"Teachers < Core", "teachers_only", "teachers_core"},
            new String[] {"Core < Instructional", "teachers_core", "instructional"},
            new String[] {"Instructional < Support", "instructional", "instructional_plus_support"},
            new String[] {"Support < All", "instructional_plus_support", "all"});

    static final Map<String, String> FLAG_DEFINITIONS = Map.ofEntries(
            Map.entry("ERR_FLAT_STAFF", "All 5 base scopes have identical staff counts (incomplete reporting)"),
            Map.entry("ERR_RATIO_CEILING", "Teachers within 0.01 FTE of all staff (incomplete reporting)"),
            Map.entry("ERR_IMPOSSIBLE_SSR", "Staff-to-student ratio > 0.5 (more than 1 staff per 2 students)"),
            Map.entry("ERR_VOLATILE", "K-12 or total enrollment < 50 (high statistical volatility)"),
            Map.entry("ERR_NO_ENROLLMENT", "Enrollment is 0"),
            Map.entry("ERR_NO_STAFF", "Staff is 0"),
            Map.entry("ERR_SHARED_SERVICE", "Shared-service agency: shown, never counted"),
            Map.entry("ERR_STAFF_EXCEEDS_ENROLLMENT", "More staff than students"),
            Map.entry("ERR_LCT_EXCEEDS_MINUTES", "LCT above the day's instructional minutes"),
            Map.entry("ERR_LCT_ZERO", "LCT rounds to 0.00"),
            Map.entry("WARN_LCT_LOW", "LCT < 5 minutes (very high enrollment relative to staff)"),
            Map.entry("WARN_LCT_HIGH", "LCT > 120 minutes for a teachers scope"),
            Map.entry("WARN_DEFAULT_MINUTES", "Minutes from the default: no bell schedule and no state requirement"),
            Map.entry("WARN_MINUTES_ATYPICAL", "Minutes outside the typical range of their school level"),
            Map.entry("WARN_YEAR_GAP", "Bell schedule 2-3 years from the data year"),
            Map.entry("INFO_K12_FROM_TOTAL", "K-12 enrollment taken from the district total (no grade enrollment)"));

    @Inject
    QaRepository qa;

    @Inject
    CalculationConfig config;

    public Map<String, Object> report(Connection c, long runId, RunOptions options) throws SQLException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("metadata", ordered("run_id", runId, "school_year", options.year(), "mode", options.mode(),
                "reference_compatibility", options.referenceG1() ? RunOptions.G1 : "none",
                "generated_at", OffsetDateTime.now(ZoneOffset.UTC).toString(), "version", "1.0"));

        Map<String, Object> totals = qa.totals(c, options.year()).getFirst();
        long total = number(totals.get("total_rows")).longValue();
        long valid = number(totals.get("valid_rows")).longValue();
        double passRate = total == 0 ? 0 : rint(100.0 * valid / total, 2);
        double threshold = config.qa().passRateThreshold();
        report.put("data_quality", ordered("total_rows", total, "valid_rows", valid, "invalid_rows", total - valid,
                "pass_rate", passRate, "pass_rate_threshold", threshold, "districts", totals.get("districts"),
                "districts_with_flags", totals.get("districts_with_flags")));

        Map<String, Object> safeguards = new LinkedHashMap<>();
        for (Map<String, Object> flag : qa.flagCounts(c, options.year())) {
            safeguards.put((String) flag.get("flag"), ordered("rows", flag.get("rows"), "districts", flag.get("districts")));
        }
        report.put("safeguards", safeguards);
        report.put("safeguard_definitions", new java.util.TreeMap<>(FLAG_DEFINITIONS));

        Map<String, Map<String, Object>> categories = new LinkedHashMap<>();
        for (Map<String, Object> row : qa.categories(c, options.year())) {
            categories.computeIfAbsent((String) row.get("scope"), k -> new LinkedHashMap<>())
                    .put(String.valueOf(row.get("category")), ordered("rows", row.get("rows"), "valid_rows", row.get("valid_rows")));
        }
        Map<String, Double> means = new LinkedHashMap<>();
        List<Map<String, Object>> scopes = new ArrayList<>();
        for (Map<String, Object> row : qa.scopeStatistics(c, options.year())) {
            String scope = (String) row.get("scope");
            if (row.get("mean") != null) {
                means.put(scope, number(row.get("mean")).doubleValue());
            }
            scopes.add(ordered("scope", scope, "rows", row.get("rows"), "valid_rows", row.get("valid_rows"),
                    "mean", round2(row.get("mean")), "median", round2(row.get("median")), "std", round2(row.get("std")),
                    "min", round2(row.get("min")), "max", round2(row.get("max")),
                    "percentiles", ordered("p10", round2(row.get("p10")), "p25", round2(row.get("p25")),
                            "p50", round2(row.get("median")), "p75", round2(row.get("p75")), "p90", round2(row.get("p90"))),
                    "categories", categories.getOrDefault(scope, Map.of())));
        }
        report.put("scope_summary", scopes);

        List<Map<String, Object>> byState = new ArrayList<>();
        for (Map<String, Object> row : qa.stateStatistics(c, options.year())) {
            byState.add(ordered("state", row.get("state"), "scope", row.get("scope"), "rows", row.get("rows"),
                    "valid_rows", row.get("valid_rows"), "mean", round2(row.get("mean")),
                    "median", round2(row.get("median")), "std", round2(row.get("std"))));
        }
        report.put("by_state", byState);

        // decision 6: unrounded means, strict order; omitted when either scope has no valid rows
        Map<String, Object> hierarchy = new LinkedHashMap<>();
        boolean hierarchyPassed = true;
        for (String[] check : HIERARCHY) {
            Double lower = means.get(check[1]);
            Double higher = means.get(check[2]);
            if (lower == null || higher == null) {
                continue;
            }
            boolean passed = lower < higher;
            hierarchyPassed &= passed;
            hierarchy.put(check[0], ordered("passed", passed,
                    "lower", ordered("scope", check[1], "mean", rint(lower, 2)),
                    "higher", ordered("scope", check[2], "mean", rint(higher, 2))));
        }
        report.put("hierarchy_validation", hierarchy);

        List<Map<String, Object>> outliers = new ArrayList<>();
        for (Map<String, Object> row : qa.outliers(c, options.year())) {
            boolean low = "low".equals(row.get("kind"));
            double lct = number(row.get("lct")).doubleValue();
            outliers.add(ordered("nces_id", row.get("nces_id"), "district_name", row.get("district_name"),
                    "state", row.get("state"), "scope", row.get("scope"), "lct", lct,
                    "issue", (low ? "Very low LCT: " : "Very high LCT: ") + oneDecimal(lct) + " min",
                    "severity", low ? "warning" : "info", "of_kind_in_scope", row.get("of_kind")));
        }
        report.put("outliers", outliers);

        List<Object> states = new ArrayList<>();
        long statesWithData = 0;
        for (Map<String, Object> row : qa.states(c, options.year())) {
            states.add(row.get("state"));
            if (Boolean.TRUE.equals(row.get("has_valid"))) {
                statesWithData++;
            }
        }
        report.put("state_coverage", ordered("states_with_data", statesWithData, "states", states));

        List<Map<String, Object>> sources = new ArrayList<>();
        for (Map<String, Object> row : qa.minutesSources(c, options.year())) {
            sources.add(ordered("source", row.get("source"), "tier", row.get("tier"), "districts", row.get("districts")));
        }
        report.put("minutes_sources", sources);

        if (options.referenceG1()) {
            report.put("g1_summary", g1Summary(c, options.year()));
        }
        report.put("overall_status", passRate >= threshold && hierarchyPassed ? "PASS" : "WARNING");
        return report;
    }

    /** G1's summary (methodology 3.9): state means and medians rounded to 2 dp the numpy way. */
    private Map<String, Object> g1Summary(Connection c, String year) throws SQLException {
        Map<String, Object> all = qa.g1Summary(c, year).getFirst();
        List<Map<String, Object>> states = new ArrayList<>();
        for (Map<String, Object> row : qa.g1States(c, year)) {
            states.add(ordered("state", row.get("state"), "mean", round2(row.get("mean")),
                    "median", round2(row.get("median")), "count", row.get("count")));
        }
        return ordered("count", all.get("count"), "min", all.get("min"), "max", all.get("max"),
                "mean", all.get("mean"), "median", all.get("median"), "std", all.get("std"), "by_state", states);
    }

    /** numpy's round: half-even on the scaled double (methodology §1.2). */
    static double rint(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.rint(value * scale) / scale;
    }

    private static Double round2(Object value) {
        return value == null ? null : rint(number(value).doubleValue(), 2);
    }

    /** Python's format(x, ".1f"): half-even on the exact binary value. */
    static String oneDecimal(double value) {
        return new java.math.BigDecimal(value).setScale(1, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private static Number number(Object value) {
        return (Number) value;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
