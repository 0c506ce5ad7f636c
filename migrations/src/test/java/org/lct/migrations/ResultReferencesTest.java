package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The references of lct_calculations, checked once per statement (R__50_result_references.sql) instead of by
 * row-level foreign keys: every broken reference is still refused, and deleting what results point at does what the keys did.
 */
class ResultReferencesTest extends DatabaseTest {

    private static final String INSERT_RESULT = "INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, "
            + "instructional_minutes, minutes_source, minutes_grade_level, bell_schedule_id, staff_fte, enrollment, "
            + "lct_minutes, is_valid) VALUES (?, ?, '2023-24', ?, 360, ?, ?, ?, 10, 100, 36, true)";

    private long run;
    private long schedule;

    @BeforeEach
    void loadADistrictWithAResult() throws SQLException {
        insertDistrict("5600001", "WY", 100, 10.0);
        schedule = ((Number) single("INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, "
                + "method, confidence, source_urls) VALUES ('5600001', '2024-25', 'elementary', 360, 'web_scraping', 'high', "
                + "ARRAY['https://example.org/schedule']) RETURNING id")).longValue();
        run = ((Number) single("INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, "
                + "started_at, finished_at, input_hash) VALUES ('full', 'succeeded', '2023-24', 'cli', 'tester', "
                + "clock_timestamp(), clock_timestamp(), repeat('0', 64)) RETURNING id")).longValue();
        execute("UPDATE calculation_runs SET base_run_id = id WHERE id = ?", run);
        execute(INSERT_RESULT, run, "5600001", "teachers_only", "bell_schedule", "elementary", schedule);
    }

    @Test
    void shouldRefuseEveryBrokenReference() throws SQLException {
        String refused = "lct_calculations_references";
        assertRefusedBy(refused, INSERT_RESULT, run + 1000, "5600001", "teachers_only", "default", null, null);
        assertRefusedBy(refused, INSERT_RESULT, run, "5600001", "no_such_scope", "default", null, null);
        assertRefusedBy(refused, INSERT_RESULT, run, "5600009", "teachers_only", "default", null, null);
        assertRefusedBy(refused, INSERT_RESULT, run, "5600001", "all", "state_requirement", "kindergarten", null);
        assertRefusedBy(refused, INSERT_RESULT, run, "5600001", "all", "bell_schedule", "elementary", schedule + 1000);
        assertRefusedBy(refused, "UPDATE lct_calculations SET superseded_by_run_id = ? WHERE run_id = ?", run + 1000, run);
    }

    /** The check counts what its locks found per statement: one broken row among valid ones is enough to refuse. */
    @Test
    void shouldRefuseABrokenReferenceAmongValidRowsOfOneStatement() throws SQLException {
        insertDistrict("5600002", "WY", 200, 20.0);
        String twoRows = "INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes, "
                + "minutes_source, minutes_grade_level, bell_schedule_id, staff_fte, enrollment, lct_minutes, is_valid) "
                + "VALUES (?, ?, '2023-24', 'teachers_only', 360, ?, ?, ?, 10, 100, 36, true), "
                + "(?, ?, '2023-24', 'teachers_only', 360, ?, ?, ?, 10, 100, 36, true)";
        String refused = "lct_calculations_references";
        assertRefusedBy(refused, twoRows, run, "5600002", "default", null, null, run, "5600009", "default", null, null);
        assertRefusedBy(refused, twoRows.replaceFirst("'teachers_only'", "'teachers_total'"),
                run, "5600002", "bell_schedule", "elementary", schedule,
                run, "5600002", "bell_schedule", "elementary", schedule + 1000);
        assertRefusedBy(refused, twoRows, run, "5600002", "default", null, null, run + 1000, "5600002", "default", null, null);

        // two scopes of one district, so the rows differ in key and share their district
        execute(twoRows.replaceFirst("'teachers_only'", "'teachers_total'"),
                run, "5600002", "bell_schedule", "elementary", schedule, run, "5600002", "default", null, null);
        assertEquals(2L, single("SELECT count(*) FROM lct_calculations WHERE run_id = ? AND nces_id = '5600002'", run),
                "two rows pointing at existing rows, some at the same ones, are accepted");
    }

    @Test
    void shouldActOnResultsWhenWhatTheyPointAtIsDeleted() throws SQLException {
        assertRefusedBy("lct_calculations_references", "DELETE FROM districts WHERE nces_id = '5600001'");

        assertEquals(1, single("SELECT rebuild_lct_current()"));
        assertEquals(run, ((Number) single("SELECT run_id FROM lct_current_runs WHERE school_year = '2023-24'")).longValue());
        execute("DELETE FROM bell_schedules WHERE id = ?", schedule);
        assertNull(single("SELECT bell_schedule_id FROM lct_calculations WHERE run_id = ?", run), "ON DELETE SET NULL");
        assertNull(single("SELECT bell_schedule_id FROM current_lct WHERE run_id = ?", run), "and in the current rows");

        execute("DELETE FROM calculation_runs WHERE id = ?", run);
        assertEquals(0L, single("SELECT count(*) FROM lct_calculations WHERE run_id = ?", run), "ON DELETE CASCADE");
        assertEquals(0L, single("SELECT count(*) FROM current_lct"), "and the current rows with them");
        assertEquals(0L, single("SELECT count(*) FROM lct_current_runs"),
                "and the mark that lets the next run trust the kept fingerprints (it fingerprints every district)");
        execute("DELETE FROM districts WHERE nces_id = '5600001'");
    }
}
