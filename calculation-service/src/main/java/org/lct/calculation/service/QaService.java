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
import org.lct.calculation.model.QaReport;
import org.lct.calculation.model.RunOptions;
import org.lct.calculation.model.ScopeHierarchyCheck;
import org.lct.calculation.repository.QaRepository;

/**
 * Builds a run's QA report (methodology §3, decisions 5, 6, 9, 10, 16) from the run's rows, inside the run's
 * transaction, so the report and the rows it describes commit together.
 */
@ApplicationScoped
public class QaService {

    /** The six hierarchy checks of methodology §3.4: key, lower scope, higher scope. */
    static final List<ScopeHierarchyCheck> HIERARCHY = List.of(
            new ScopeHierarchyCheck("Secondary < Overall Teachers", "teachers_secondary", "teachers_only"),
            new ScopeHierarchyCheck("Teachers < Elementary", "teachers_only", "teachers_elementary"),
            new ScopeHierarchyCheck("Teachers < Core", "teachers_only", "teachers_core"),
            new ScopeHierarchyCheck("Core < Instructional", "teachers_core", "instructional"),
            new ScopeHierarchyCheck("Instructional < Support", "instructional", "instructional_plus_support"),
            new ScopeHierarchyCheck("Support < All", "instructional_plus_support", "all"));

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

    public QaReport report(Connection c, long runId, RunOptions options) throws SQLException {
        String year = options.year();
        QaReport.Metadata metadata = new QaReport.Metadata(runId, year, options.mode(),
                options.referenceG1() ? RunOptions.G1 : "none", OffsetDateTime.now(ZoneOffset.UTC), "1.0");

        Map<String, Object> totals = qa.totals(c, year).getFirst();
        long total = longOf(totals.get("total_rows"));
        long valid = longOf(totals.get("valid_rows"));
        double passRate = total == 0 ? 0 : rint(100.0 * valid / total, 2);
        double threshold = config.qa().passRateThreshold();
        QaReport.DataQuality dataQuality = new QaReport.DataQuality(total, valid, total - valid, passRate, threshold,
                longOf(totals.get("districts")), longOf(totals.get("districts_with_flags")));

        Map<String, QaReport.FlagCount> safeguards = new LinkedHashMap<>();
        for (Map<String, Object> flag : qa.flagCounts(c, year)) {
            safeguards.put((String) flag.get("flag"),
                    new QaReport.FlagCount(longOf(flag.get("rows")), longOf(flag.get("districts"))));
        }

        Map<String, Map<String, QaReport.CategoryCount>> categories = new LinkedHashMap<>();
        for (Map<String, Object> row : qa.categories(c, year)) {
            categories.computeIfAbsent((String) row.get("scope"), k -> new LinkedHashMap<>())
                    .put(String.valueOf(row.get("category")),
                            new QaReport.CategoryCount(longOf(row.get("rows")), longOf(row.get("valid_rows"))));
        }
        Map<String, Double> means = new LinkedHashMap<>();
        List<QaReport.ScopeSummary> scopes = new ArrayList<>();
        for (Map<String, Object> row : qa.scopeStatistics(c, year)) {
            String scope = (String) row.get("scope");
            if (row.get("mean") != null) {
                means.put(scope, number(row.get("mean")).doubleValue());
            }
            scopes.add(new QaReport.ScopeSummary(scope, longOf(row.get("rows")), longOf(row.get("valid_rows")),
                    round2(row.get("mean")), round2(row.get("median")), round2(row.get("std")),
                    round2(row.get("min")), round2(row.get("max")),
                    new QaReport.Percentiles(round2(row.get("p10")), round2(row.get("p25")), round2(row.get("median")),
                            round2(row.get("p75")), round2(row.get("p90"))),
                    categories.getOrDefault(scope, Map.of())));
        }

        List<QaReport.StateStatistics> byState = new ArrayList<>();
        for (Map<String, Object> row : qa.stateStatistics(c, year)) {
            byState.add(new QaReport.StateStatistics((String) row.get("state"), (String) row.get("scope"),
                    longOf(row.get("rows")), longOf(row.get("valid_rows")), round2(row.get("mean")),
                    round2(row.get("median")), round2(row.get("std"))));
        }

        // decision 6: unrounded means, strict order; omitted when either scope has no valid rows
        Map<String, QaReport.HierarchyCheckResult> hierarchy = new LinkedHashMap<>();
        boolean hierarchyPassed = true;
        for (ScopeHierarchyCheck check : HIERARCHY) {
            Double lower = means.get(check.lowerScope());
            Double higher = means.get(check.higherScope());
            if (lower == null || higher == null) {
                continue;
            }
            boolean passed = lower < higher;
            hierarchyPassed &= passed;
            hierarchy.put(check.label(), new QaReport.HierarchyCheckResult(passed,
                    new QaReport.ScopeMean(check.lowerScope(), rint(lower, 2)),
                    new QaReport.ScopeMean(check.higherScope(), rint(higher, 2))));
        }

        List<QaReport.Outlier> outliers = new ArrayList<>();
        for (Map<String, Object> row : qa.outliers(c, year)) {
            boolean low = "low".equals(row.get("kind"));
            double lct = number(row.get("lct")).doubleValue();
            outliers.add(new QaReport.Outlier((String) row.get("nces_id"), (String) row.get("district_name"),
                    (String) row.get("state"), (String) row.get("scope"), lct,
                    (low ? "Very low LCT: " : "Very high LCT: ") + oneDecimal(lct) + " min",
                    low ? "warning" : "info", longOf(row.get("of_kind"))));
        }

        List<String> states = new ArrayList<>();
        long statesWithData = 0;
        for (Map<String, Object> row : qa.states(c, year)) {
            states.add((String) row.get("state"));
            if (Boolean.TRUE.equals(row.get("has_valid"))) {
                statesWithData++;
            }
        }

        List<QaReport.MinutesSourceCount> sources = new ArrayList<>();
        for (Map<String, Object> row : qa.minutesSources(c, year)) {
            sources.add(new QaReport.MinutesSourceCount((String) row.get("source"), number(row.get("tier")).intValue(),
                    longOf(row.get("districts"))));
        }

        return new QaReport(metadata, dataQuality, safeguards, new java.util.TreeMap<>(FLAG_DEFINITIONS), scopes, byState,
                hierarchy, outliers, new QaReport.StateCoverage(statesWithData, states), sources,
                options.referenceG1() ? g1Summary(c, year) : null,
                passRate >= threshold && hierarchyPassed ? "PASS" : "WARNING", null, null, null);
    }

    /** G1's summary (methodology 3.9): state means and medians rounded to 2 dp the numpy way. */
    private QaReport.G1Summary g1Summary(Connection c, String year) throws SQLException {
        Map<String, Object> all = qa.g1Summary(c, year).getFirst();
        List<QaReport.G1State> states = new ArrayList<>();
        for (Map<String, Object> row : qa.g1States(c, year)) {
            states.add(new QaReport.G1State((String) row.get("state"), round2(row.get("mean")),
                    round2(row.get("median")), longOf(row.get("count"))));
        }
        return new QaReport.G1Summary(longOf(all.get("count")), doubleOrNull(all.get("min")),
                doubleOrNull(all.get("max")), doubleOrNull(all.get("mean")), doubleOrNull(all.get("median")),
                doubleOrNull(all.get("std")), states);
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

    private static long longOf(Object value) {
        return number(value).longValue();
    }

    private static Double doubleOrNull(Object value) {
        return value == null ? null : number(value).doubleValue();
    }
}
