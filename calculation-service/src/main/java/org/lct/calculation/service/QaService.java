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
import org.lct.calculation.model.QaFlag;
import org.lct.calculation.model.QaReport;
import org.lct.calculation.model.RunOptions;
import org.lct.calculation.model.ScopeHierarchyCheck;
import org.lct.calculation.repository.QaCatalogueRepository;
import org.lct.calculation.repository.QaRepository;

/**
 * Builds a run's QA report (methodology §3, decisions 5, 6, 9, 10, 16) from the run's rows, inside the run's
 * transaction, so the report and the rows it describes commit together. The flag definitions and hierarchy checks
 * come from their catalogue tables in the same transaction.
 */
@ApplicationScoped
public class QaService {

    @Inject
    QaRepository qa;

    @Inject
    QaCatalogueRepository catalogue;

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
        for (ScopeHierarchyCheck check : catalogue.hierarchyChecks(c)) {
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

        Map<String, String> definitions = new LinkedHashMap<>();
        Map<String, QaReport.FlagSeverity> severities = new LinkedHashMap<>();
        for (QaFlag flag : catalogue.flags(c)) {
            definitions.put(flag.code(), flag.description());
            severities.put(flag.code(), flag.severity());
        }
        return new QaReport(metadata, dataQuality, safeguards, definitions, severities,
                scopes, byState,
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
