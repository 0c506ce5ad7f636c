package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read models show what their inputs say, with no join fan-out; the two materialized ones (coverage) refresh
 * concurrently, and the summary statistics are written with the results, with nothing to refresh.
 */
class MaterializedViewsTest extends DatabaseTest {

    private long run;

    @BeforeEach
    void loadTwoStates() throws SQLException {
        insertDistrict("5600001", "WY", 12000, 800.0);   // collected schedules for two levels
        insertDistrict("5600002", "WY", 9000, 600.0);    // statutory fallback only: still a candidate
        insertDistrict("5600003", "WY", 3000, 200.0);
        insertDistrict("5600004", "WY", 0, 0.0);         // no students: never a candidate
        insertDistrict("5600005", "WY", 3000, 150.0);
        insertDistrict("5000001", "VT", 1000, 100.0);
        insertBellSchedule("5600001", "elementary", 360, "web_scraping", "high");
        insertBellSchedule("5600001", "high", 380, "pdf_extraction", "medium");
        insertBellSchedule("5600002", "high", 360, "statutory_fallback", "low");

        long olderRun = succeededRun();
        lct(olderRun, "5600001", 999.0, true);
        run = succeededRun();
        lct(run, "5600001", 24.0, true);
        lct(run, "5600002", 24.0, true);
        lct(run, "5600003", 30.0, true);
        lct(run, "5600005", 400.0, false);
        lct(run, "5000001", 36.0, true);
        single("SELECT rebuild_lct_current()"); // what lct_calculate() does as it writes a run
    }

    @Test
    void shouldRefreshTheTwoCoverageViewsConcurrentlyAndRecordWhen() throws SQLException {
        List<Map<String, Object>> refreshed = query("SELECT refreshed_view FROM refresh_materialized_views()");
        assertEquals(List.of("mv_state_enrichment_progress", "mv_unenriched_districts"),
                refreshed.stream().map(row -> row.get("refreshed_view")).toList());
        assertEquals(List.of("mv_state_enrichment_progress", "mv_unenriched_districts"),
                query("SELECT relname FROM pg_class WHERE relkind = 'm' ORDER BY relname").stream()
                        .map(row -> row.get("relname")).toList(), "every materialized view is refreshed");
        assertEquals(2L, single("SELECT count(*) FROM materialized_view_refreshes WHERE refreshed_at IS NOT NULL"));
        for (Object view : refreshed.stream().map(row -> row.get("refreshed_view")).toList()) {
            execute("REFRESH MATERIALIZED VIEW CONCURRENTLY " + view);  // each has the unique index CONCURRENTLY needs
        }
    }

    @Test
    void shouldKeepTheResultRefreshForThePreviousReleaseRefreshingNothing() throws SQLException {
        // what the previous release's calculation-service calls after every run, and its district-service reads
        assertEquals(List.of(), query("SELECT * FROM refresh_result_views()"));
        assertEquals(0L, single("SELECT count(*) FROM materialized_view_refreshes"), "and records nothing");
        assertEquals("v", single("SELECT relkind::text FROM pg_class WHERE relname = 'mv_lct_summary_stats'"));
        List<Map<String, Object>> statistics = query("SELECT * FROM lct_summary_stats ORDER BY geography");
        statistics.forEach(row -> row.remove("computed_at"));
        assertEquals(3, statistics.size(), "US, VT and WY");
        assertEquals(statistics, query("SELECT * FROM mv_lct_summary_stats ORDER BY geography"),
                "the table's rows, computed_at aside");
    }

    @Test
    void shouldServeOnlyTheNewestSuccessfulRunWithoutARefresh() throws SQLException {
        assertEquals(5L, single("SELECT count(*) FROM current_lct"));
        assertEquals(new BigDecimal("24.00"), single("SELECT lct_minutes FROM current_lct WHERE nces_id = '5600001'"));
        assertEquals(run, single("SELECT DISTINCT run_id FROM current_lct"));
    }

    @Test
    void shouldServeAnIncrementalRunsChainWithItsOwnRowsInsteadOfTheOnesTheySupersede() throws SQLException {
        long incremental = succeededRun();
        execute("UPDATE calculation_runs SET mode = 'incremental', base_run_id = ? WHERE id = ?", run, incremental);
        lct(incremental, "5600003", 31.0, true);
        execute("UPDATE lct_calculations SET superseded_by_run_id = ? WHERE run_id = ? AND nces_id = '5600003'", incremental, run);
        single("SELECT rebuild_lct_current()");

        assertEquals(5L, single("SELECT count(*) FROM current_lct"));
        assertEquals(incremental, single("SELECT run_id FROM current_lct WHERE nces_id = '5600003'"));
        assertEquals(new BigDecimal("31.00"), single("SELECT lct_minutes FROM current_lct WHERE nces_id = '5600003'"));
        assertEquals(run, single("SELECT run_id FROM current_lct WHERE nces_id = '5600001'"));
        // the earlier run keeps its own results
        assertEquals(new BigDecimal("30.00"), single("SELECT lct_minutes FROM lct_run_rows(?) WHERE nces_id = '5600003'", run));
        assertEquals(5L, single("SELECT count(*) FROM lct_run_rows(?)", incremental));
        assertEquals(incremental, single("SELECT DISTINCT run_id FROM lct_summary_stats"), "statistics of the chain");
        assertEquals(new BigDecimal("31.00"), single("SELECT max_lct FROM lct_summary_stats WHERE geography = 'WY'"));
    }

    @Test
    void shouldSummariseValidRowsForTheNationAndEachStateWithoutARefresh() throws SQLException {
        assertEquals(List.of(run), query("SELECT DISTINCT run_id FROM lct_summary_stats").stream()
                .map(row -> row.get("run_id")).toList(), "the current run's statistics, written by the rebuild");
        Map<String, Object> wyoming = query("SELECT * FROM lct_summary_stats WHERE geography = 'WY'").get(0);
        assertEquals(4L, wyoming.get("districts"));
        assertEquals(3L, wyoming.get("valid_districts"));
        // statistics in minutes with two decimals, like the values (no float noise)
        assertEquals(new BigDecimal("26.00"), wyoming.get("mean_lct"));
        assertEquals(new BigDecimal("24.00"), wyoming.get("median_lct"));
        assertEquals(new BigDecimal("30.00"), wyoming.get("max_lct"), "the invalid 400 stays out");
        // (24*12000 + 24*9000 + 30*3000) / 24000
        assertEquals(new BigDecimal("24.75"), wyoming.get("enrollment_weighted_lct"));
        Map<String, Object> nation = query("SELECT * FROM lct_summary_stats WHERE geography = 'US'").get(0);
        assertEquals(5L, nation.get("districts"));
        assertEquals(4L, nation.get("valid_districts"));
        assertEquals(new BigDecimal("27.00"), nation.get("median_lct"));
        for (String statistic : List.of("mean_lct", "median_lct", "p10_lct", "p25_lct", "p75_lct", "p90_lct",
                "stddev_lct", "enrollment_weighted_lct")) {
            assertEquals(2, ((BigDecimal) nation.get(statistic)).scale(), statistic + " has two decimals");
        }
    }

    @Test
    void shouldCountCoverageOncePerDistrictWhateverTheNumberOfSchedules() throws SQLException {
        single("SELECT count(*) FROM refresh_materialized_views()");
        Map<String, Object> wyoming = query("SELECT * FROM mv_state_enrichment_progress WHERE state_code = 'WY'").get(0);
        assertEquals(5L, wyoming.get("total_districts"));
        assertEquals(1L, wyoming.get("enriched_districts"), "a statutory fallback is not enrichment");
        assertEquals(27000L, ((Number) wyoming.get("total_enrollment")).longValue());
        assertEquals(12000L, ((Number) wyoming.get("enriched_enrollment")).longValue(), "two schedules, counted once");
        assertEquals(new BigDecimal("44.44"), wyoming.get("enrollment_coverage_pct"));
        assertEquals(new BigDecimal("0.00"), single("SELECT enrollment_coverage_pct FROM mv_state_enrichment_progress WHERE state_code = 'VT'"));
        assertEquals(57L, single("SELECT count(*) FROM mv_state_enrichment_progress"), "every jurisdiction, even without districts");
    }

    @Test
    void shouldRankCandidatesDeterministicallyAndKeepTheStateRankStable() throws SQLException {
        single("SELECT count(*) FROM refresh_materialized_views()");
        List<Map<String, Object>> candidates = query("SELECT nces_id, candidate_rank, enrollment_rank_in_state "
                + "FROM mv_unenriched_districts WHERE state_code = 'WY' ORDER BY candidate_rank");
        assertEquals(List.of("5600002", "5600003", "5600005"), candidates.stream().map(row -> row.get("nces_id")).toList());
        assertEquals(List.of(1L, 2L, 3L), candidates.stream().map(row -> row.get("candidate_rank")).toList());
        assertEquals(List.of(2L, 3L, 3L), candidates.stream().map(row -> row.get("enrollment_rank_in_state")).toList(),
                "ranked among all districts, ties share a rank");
    }

    @Test
    void shouldCountEachDistrictInItsNewestYearWhateverTheYearsStored() throws SQLException {
        // older years of a WY district with other figures, and a VT district known only from an older year
        insertDistrict("5600003", "2014-15", "WY", 90000, 9000.0);
        insertDistrict("5600003", "2022-23", "WY", 80000, 8000.0);
        insertDistrict("5000002", "2019-20", "VT", 500, 40.0);
        assertEquals(7L, single("SELECT count(*) FROM latest_districts"), "one row per LEA");
        assertEquals("2023-24", single("SELECT school_year FROM latest_districts WHERE nces_id = '5600003'"));
        assertEquals(3000, single("SELECT enrollment FROM latest_districts WHERE nces_id = '5600003'"));
        assertEquals("2019-20", single("SELECT school_year FROM latest_districts WHERE nces_id = '5000002'"));

        single("SELECT count(*) FROM refresh_materialized_views()");
        assertEquals(27000L, ((Number) single("SELECT total_enrollment FROM mv_state_enrichment_progress "
                + "WHERE state_code = 'WY'")).longValue(), "each district counted in its newest year only");
        assertEquals(2L, single("SELECT total_districts FROM mv_state_enrichment_progress WHERE state_code = 'VT'"));
        assertEquals("2023-24", single("SELECT school_year FROM mv_unenriched_districts WHERE nces_id = '5600003'"));
    }

    private long succeededRun() throws SQLException {
        long id = ((Number) single("INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, "
                + "started_at, finished_at, input_hash) VALUES ('full', 'succeeded', '2023-24', 'cli', 'tester', "
                + "clock_timestamp(), clock_timestamp(), repeat('0', 64)) RETURNING id")).longValue();
        execute("UPDATE calculation_runs SET base_run_id = id WHERE id = ?", id);
        return id;
    }

    private void lct(long runId, String ncesId, double lct, boolean valid) throws SQLException {
        execute("INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes, minutes_source, "
                + "staff_fte, enrollment, lct_minutes, is_valid) SELECT ?, nces_id, school_year, 'teachers_only', 360, 'default', "
                + "instructional_staff_fte, enrollment, ?, ? FROM districts WHERE nces_id = ?", runId, lct, valid, ncesId);
    }
}
