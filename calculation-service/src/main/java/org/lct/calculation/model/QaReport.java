package org.lct.calculation.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A run's QA report (methodology §3), as stored in {@code calculation_runs.qa_summary} and served by
 * GET /api/v1/runs/{id}/qa. A run that found its inputs unchanged stores only the three no-change fields; every
 * other run stores every section but the no-change fields, and {@code g1_summary} only for G1 runs.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "QaReport", description = "A run's QA report: validity, safeguard flags, hierarchy checks, outliers, "
        + "coverage and statistics. A run that found no changes has only no_changes, results_run_id and detail.")
public record QaReport(
        Metadata metadata,
        DataQuality dataQuality,
        @Schema(description = "Per safeguard flag raised: rows carrying it and districts with any row carrying it.")
        Map<String, FlagCount> safeguards,
        @Schema(description = "Every safeguard flag code and what raises it (the qa_flags catalogue).")
        Map<String, String> safeguardDefinitions,
        @Schema(description = "Every safeguard flag code and its severity (the qa_flags catalogue): error flags make a "
                + "value invalid, warnings and information do not.")
        Map<String, FlagSeverity> safeguardSeverities,
        @Schema(description = "Per staff scope, in catalogue order.") List<ScopeSummary> scopeSummary,
        @Schema(description = "Per state and staff scope.") List<StateStatistics> byState,
        @Schema(description = "Per hierarchy check (staff_scope_hierarchy_checks) whose two scopes both have valid rows, by its label.")
        Map<String, HierarchyCheckResult> hierarchyValidation,
        @Schema(description = "Per scope, the 5 lowest LCTs below 5 and the 5 highest above 200 among valid rows.")
        List<Outlier> outliers,
        StateCoverage stateCoverage,
        @Schema(description = "Districts per minutes source and tier.") List<MinutesSourceCount> minutesSources,
        @Schema(description = "G1's summary (methodology 3.9); only for runs with reference_compatibility g1.")
        G1Summary g1Summary,
        @Schema(description = "PASS when the pass rate reaches its threshold and every hierarchy check passed.",
                enumeration = {"PASS", "WARNING"})
        String overallStatus,
        @Schema(description = "True when the run found its inputs unchanged; the report of results_run_id applies.")
        Boolean noChanges,
        @Schema(description = "With no_changes: the run whose results stay current.") Long resultsRunId,
        @Schema(description = "With no_changes: why nothing was calculated.") String detail) {

    /** The report of an incremental run that found its inputs unchanged since {@code resultsRunId}. */
    public static QaReport noChanges(long resultsRunId) {
        return new QaReport(null, null, null, null, null, null, null, null, null, null, null, null, null, true, resultsRunId,
                "inputs unchanged since run " + resultsRunId + "; its results stay current");
    }

    @RegisterForReflection
    @Schema(name = "QaMetadata", description = "Which run the report describes and when it was made.")
    public record Metadata(
            long runId,
            @Schema(examples = "2023-24") String schoolYear,
            @Schema(enumeration = {"full", "incremental"}) String mode,
            @Schema(enumeration = {"g1", "none"}) String referenceCompatibility,
            OffsetDateTime generatedAt,
            @Schema(description = "Version of the report's layout.", examples = "1.0") String version) {
    }

    @RegisterForReflection
    @Schema(name = "QaDataQuality", description = "Result rows and districts, valid and flagged, and the pass rate.")
    public record DataQuality(
            long totalRows,
            long validRows,
            long invalidRows,
            @Schema(description = "Percent of rows that are valid, 2 decimals.") double passRate,
            @Schema(description = "Pass rate the report needs for PASS (lct.qa.pass-rate-threshold).") double passRateThreshold,
            long districts,
            long districtsWithFlags) {
    }

    /** A safeguard flag's severity, as qa_flags.severity stores it. */
    @Schema(name = "QaFlagSeverity", description = "error: the value is invalid; warning or info: it stays valid.")
    public enum FlagSeverity {
        @com.fasterxml.jackson.annotation.JsonProperty("error") ERROR,
        @com.fasterxml.jackson.annotation.JsonProperty("warning") WARNING,
        @com.fasterxml.jackson.annotation.JsonProperty("info") INFO
    }

    @RegisterForReflection
    @Schema(name = "QaFlagCount", description = "How often a safeguard flag was raised.")
    public record FlagCount(
            @Schema(description = "Result rows carrying the flag.") long rows,
            @Schema(description = "Districts with any row carrying the flag.") long districts) {
    }

    @RegisterForReflection
    @Schema(name = "QaScopeSummary", description = "Statistics of a staff scope's LCT over its valid rows, 2 decimals; null without valid rows.")
    public record ScopeSummary(
            @Schema(examples = "teachers_only") String scope,
            long rows,
            long validRows,
            Double mean,
            Double median,
            Double std,
            Double min,
            Double max,
            Percentiles percentiles,
            @Schema(description = "Rows per LCT category.") Map<String, CategoryCount> categories) {
    }

    @RegisterForReflection
    @Schema(name = "QaPercentiles", description = "Percentiles of LCT over valid rows, 2 decimals.")
    public record Percentiles(Double p10, Double p25, Double p50, Double p75, Double p90) {
    }

    @RegisterForReflection
    @Schema(name = "QaCategoryCount", description = "Rows of an LCT category, and how many of them are valid.")
    public record CategoryCount(long rows, long validRows) {
    }

    @RegisterForReflection
    @Schema(name = "QaStateStatistics", description = "Statistics of a state's LCT in a staff scope over valid rows, 2 decimals; null without valid rows.")
    public record StateStatistics(
            @Schema(examples = "CA") String state,
            @Schema(examples = "teachers_only") String scope,
            long rows,
            long validRows,
            Double mean,
            Double median,
            Double std) {
    }

    @RegisterForReflection
    @Schema(name = "QaHierarchyCheckResult", description = "A hierarchy check: the lower scope's mean LCT must be below the higher scope's (unrounded).")
    public record HierarchyCheckResult(boolean passed, ScopeMean lower, ScopeMean higher) {
    }

    @RegisterForReflection
    @Schema(name = "QaScopeMean", description = "A staff scope and its mean LCT, 2 decimals.")
    public record ScopeMean(@Schema(examples = "teachers_core") String scope, double mean) {
    }

    @RegisterForReflection
    @Schema(name = "QaOutlier", description = "A valid result with a very low or very high LCT.")
    public record Outlier(
            @Schema(examples = "0622710") String ncesId,
            String districtName,
            @Schema(examples = "CA") String state,
            @Schema(examples = "teachers_only") String scope,
            double lct,
            @Schema(examples = "Very low LCT: 3.2 min") String issue,
            @Schema(description = "warning for a low LCT, info for a high one.", enumeration = {"warning", "info"})
            String severity,
            @Schema(description = "Outliers of the same kind (low or high) in the scope, the ones not shown included.")
            long ofKindInScope) {
    }

    @RegisterForReflection
    @Schema(name = "QaStateCoverage", description = "States with results, and how many of them have valid ones.")
    public record StateCoverage(long statesWithData, List<String> states) {
    }

    @RegisterForReflection
    @Schema(name = "QaMinutesSourceCount", description = "Districts whose minutes came from a source and tier.")
    public record MinutesSourceCount(
            @Schema(examples = "bell_schedule") String source,
            int tier,
            long districts) {
    }

    @RegisterForReflection
    @Schema(name = "QaG1Summary", description = "G1's statistics over valid rows with LCT above 0, unrounded.")
    public record G1Summary(
            long count,
            Double min,
            Double max,
            Double mean,
            Double median,
            Double std,
            @Schema(description = "Per state, means and medians rounded to 2 decimals.") List<G1State> byState) {
    }

    @RegisterForReflection
    @Schema(name = "QaG1State", description = "G1's statistics of a state.")
    public record G1State(@Schema(examples = "CA") String state, Double mean, Double median, long count) {
    }
}
