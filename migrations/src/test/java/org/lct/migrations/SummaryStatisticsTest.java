package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The summary statistics (lct_summary_stats) are written per school year by the run of that year, in its
 * transaction: a run of one year leaves every other year's rows as they were, however many years are stored, and
 * the statistics are those of the year's current results.
 */
class SummaryStatisticsTest extends DatabaseTest {

    private static final String OLDER = "2022-23";
    private static final String NEWER = "2023-24";

    /**
     * The same statistics computed directly from the current results with PostgreSQL's own aggregates, per state and
     * for the nation: an oracle independent of the QA partials the table is computed from.
     */
    private static final String FROM_CURRENT_RESULTS = """
            SELECT c.school_year, coalesce(c.state_code, 'US') AS geography, c.staff_scope, l.run_id,
                   count(*) AS districts, count(*) FILTER (WHERE c.is_valid) AS valid_districts,
                   round(avg(c.lct_minutes) FILTER (WHERE c.is_valid), 2) AS mean_lct,
                   round((percentile_cont(0.5) WITHIN GROUP (ORDER BY c.lct_minutes::float8)
                          FILTER (WHERE c.is_valid))::numeric, 2) AS median_lct,
                   round((percentile_cont(0.1) WITHIN GROUP (ORDER BY c.lct_minutes::float8)
                          FILTER (WHERE c.is_valid))::numeric, 2) AS p10_lct,
                   round((percentile_cont(0.25) WITHIN GROUP (ORDER BY c.lct_minutes::float8)
                          FILTER (WHERE c.is_valid))::numeric, 2) AS p25_lct,
                   round((percentile_cont(0.75) WITHIN GROUP (ORDER BY c.lct_minutes::float8)
                          FILTER (WHERE c.is_valid))::numeric, 2) AS p75_lct,
                   round((percentile_cont(0.9) WITHIN GROUP (ORDER BY c.lct_minutes::float8)
                          FILTER (WHERE c.is_valid))::numeric, 2) AS p90_lct,
                   round(min(c.lct_minutes) FILTER (WHERE c.is_valid), 2) AS min_lct,
                   round(max(c.lct_minutes) FILTER (WHERE c.is_valid), 2) AS max_lct,
                   round(stddev_samp(c.lct_minutes) FILTER (WHERE c.is_valid), 2) AS stddev_lct,
                   round(sum(c.lct_minutes * c.enrollment) FILTER (WHERE c.is_valid)
                         / nullif(sum(c.enrollment) FILTER (WHERE c.is_valid), 0), 2) AS enrollment_weighted_lct,
                   coalesce(sum(c.enrollment) FILTER (WHERE c.is_valid), 0) AS valid_enrollment
            FROM current_lct c
            JOIN latest_successful_runs l ON l.school_year = c.school_year
            GROUP BY GROUPING SETS ((c.school_year, l.run_id, c.state_code, c.staff_scope),
                                    (c.school_year, l.run_id, c.staff_scope))
            """;
    private static final String COLUMNS = "school_year, geography, staff_scope, run_id, districts, valid_districts, "
            + "mean_lct, median_lct, p10_lct, p25_lct, p75_lct, p90_lct, min_lct, max_lct, stddev_lct, "
            + "enrollment_weighted_lct, valid_enrollment";

    @BeforeEach
    void loadTwoYears() throws SQLException {
        for (String year : List.of(OLDER, NEWER)) {
            int more = year.equals(NEWER) ? 100 : 0;
            insertDistrict("5600001", year, "WY", 12000 + more, 800.0);
            insertDistrict("5600002", year, "WY", 9000, 600.0 + more);
            insertDistrict("5600003", year, "WY", 3000 + more, 200.0);
            insertDistrict("5600004", year, "WY", 0, 0.0);          // no students: invalid
            insertDistrict("5000001", year, "VT", 1000, 100.0);
            insertDistrict("5000002", year, "VT", 40, 4.0);          // volatile: invalid
            insertDistrict("0600001", year, "CA", 50000 - more, 2400.0);
        }
        // teachers and paraprofessionals, so that teachers_only and all have values as well as teachers_total
        execute("""
                INSERT INTO staff_counts (nces_id, school_year, category, fte, source)
                SELECT nces_id, school_year, c.category, round(instructional_staff_fte * c.share, 2), 'test'
                FROM districts CROSS JOIN (VALUES ('teachers_elementary', 0.6), ('paraprofessionals', 0.3)) AS c (category, share)""");
    }

    @Test
    void shouldWriteTheRunsYearAndLeaveTheOtherYearsRowsAlone() throws SQLException {
        long older = run(OLDER);
        long newer = run(NEWER);
        List<Map<String, Object>> olderRows = written(OLDER);
        assertEquals(List.of(older), runIds(OLDER));
        assertEquals(List.of(newer), runIds(NEWER));
        assertEquals(12, olderRows.size(), "CA, VT, WY and the nation, three scopes");

        List<Map<String, Object>> newerRows = written(NEWER);
        execute("UPDATE districts SET enrollment = 3500 WHERE nces_id = '5600003' AND school_year = ?", NEWER);
        long again = calculate(NEWER);
        // in the run's transaction, before it is marked succeeded: the statistics are the run's own
        assertEquals(List.of(again), runIds(NEWER), "the run being written, not the previous current run");
        succeed(again);

        assertEquals(olderRows, written(OLDER), "the other year's rows, same place and same time of writing");
        List<Map<String, Object>> rewritten = written(NEWER);
        assertEquals(12, rewritten.size());
        for (int i = 0; i < rewritten.size(); i++) {
            assertNotEquals(newerRows.get(i).get("ctid"), rewritten.get(i).get("ctid"), "the run's year is rewritten");
            assertNotEquals(newerRows.get(i).get("computed_at"), rewritten.get(i).get("computed_at"));
        }

        // the same for the function alone, as a rebuild or a benchmark calls it
        List<Map<String, Object>> newerAgain = written(NEWER);
        assertEquals(12, single("SELECT refresh_lct_summary(?)", OLDER));
        assertNotEquals(olderRows, written(OLDER));
        assertEquals(newerAgain, written(NEWER));
        assertStatisticsOfTheCurrentResults();
    }

    @Test
    void shouldEqualTheStatisticsOfTheCurrentResultsOfEveryYear() throws SQLException {
        run(OLDER);
        run(NEWER);
        assertStatisticsOfTheCurrentResults();
        // an incremental run, which recomputes the partials of the states it changed only
        execute("UPDATE districts SET instructional_staff_fte = 150 WHERE nces_id = '5000001' AND school_year = ?", NEWER);
        long previous = run(NEWER);
        long incremental = insertRun(NEWER, "incremental");
        single("SELECT count(*) FROM lct_calculate(?, ?, ARRAY['teachers_only', 'teachers_total', 'all'], false, 360, ?, true)",
                incremental, NEWER, previous);
        succeed(incremental);
        assertEquals(List.of(incremental), runIds(NEWER));
        assertStatisticsOfTheCurrentResults();
        assertEquals(new java.math.BigDecimal("54.00"),
                single("SELECT max_lct FROM lct_summary_stats WHERE school_year = ? AND geography = 'VT' "
                        + "AND staff_scope = 'teachers_total'", NEWER), "360 x 150 / 1000");
    }

    @Test
    void shouldLeaveNoStatisticsForAYearWithoutACurrentRun() throws SQLException {
        long older = run(OLDER);
        run(NEWER);
        execute("DELETE FROM calculation_runs WHERE id = ?", older);
        assertEquals(0L, single("SELECT count(*) FROM lct_summary_stats WHERE school_year = ?", OLDER),
                "a deleted run takes its statistics along");
        assertEquals(0, single("SELECT refresh_lct_summary(?)", OLDER));

        single("SELECT rebuild_lct_current()");
        assertEquals(List.of(NEWER), query("SELECT DISTINCT school_year FROM lct_summary_stats").stream()
                .map(row -> row.get("school_year")).toList());
        assertStatisticsOfTheCurrentResults();
    }

    /** The table holds exactly what the oracle computes from the current results, and something. */
    private void assertStatisticsOfTheCurrentResults() throws SQLException {
        String table = "SELECT " + COLUMNS + " FROM lct_summary_stats";
        String oracle = "SELECT " + COLUMNS + " FROM (" + FROM_CURRENT_RESULTS + ") o";
        assertTrue((Long) single("SELECT count(*) FROM lct_summary_stats") > 0);
        assertEquals(List.of(), query("(" + table + " EXCEPT " + oracle + ") UNION ALL (" + oracle + " EXCEPT " + table + ")"),
                "rows that differ between lct_summary_stats and the statistics of the current results");
    }

    private long run(String year) throws SQLException {
        long run = calculate(year);
        succeed(run);
        return run;
    }

    /** A full run of every base scope, written but not yet marked succeeded (the run's transaction). */
    private long calculate(String year) throws SQLException {
        long run = insertRun(year, "full");
        single("SELECT count(*) FROM lct_calculate(?, ?, ARRAY['teachers_only', 'teachers_total', 'all'], false, 360, NULL, false)",
                run, year);
        return run;
    }

    private long insertRun(String year, String mode) throws SQLException {
        return ((Number) single("INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, "
                + "started_at) VALUES (?, 'running', ?, 'cli', 'tester', clock_timestamp()) RETURNING id", mode, year))
                .longValue();
    }

    private void succeed(long run) throws SQLException {
        execute("UPDATE calculation_runs SET status = 'succeeded', finished_at = clock_timestamp(), "
                + "input_hash = repeat('0', 64) WHERE id = ?", run);
    }

    private List<Object> runIds(String year) throws SQLException {
        return query("SELECT DISTINCT run_id FROM lct_summary_stats WHERE school_year = ?", year).stream()
                .map(row -> row.get("run_id")).toList();
    }

    /** Where and when each row of the year was written, and what it says. */
    private List<Map<String, Object>> written(String year) throws SQLException {
        return query("SELECT ctid::text AS ctid, computed_at, " + COLUMNS + " FROM lct_summary_stats "
                + "WHERE school_year = ? ORDER BY geography, staff_scope", year);
    }
}
