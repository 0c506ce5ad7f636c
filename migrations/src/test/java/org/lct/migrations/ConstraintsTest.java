package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is refused by the database itself, by a named constraint. */
class ConstraintsTest extends DatabaseTest {

    private static final String INSERT_DISTRICT = "INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, "
            + "instructional_staff_fte, source) VALUES (?, ?, 'Test district', ?, ?, ?, 'nces_ccd')";
    private static final String INSERT_BELL_SCHEDULE = "INSERT INTO bell_schedules (nces_id, school_year, grade_level, "
            + "instructional_minutes, start_time, end_time, method, confidence, source_urls, source_description) "
            + "VALUES ('0622710', ?, ?, ?, ?::time, ?::time, ?, ?, ?::text[], ?)";

    @BeforeEach
    void loadLosAngeles() throws SQLException {
        insertDistrict("0622710", "CA", 419929, 24591.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"622710", "06227100", "062271A", " 622710"})
    void shouldRefuseDistrictIdsThatAreNotSevenDigits(String badId) throws SQLException {
        assertRefusedBy("nces_lea_id_format", INSERT_DISTRICT, badId, "2023-24", "CA", 10, 1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-25", "2023/24", "23-24", "2023-2024", "abcd-ef"})
    void shouldRefuseMalformedSchoolYears(String badYear) throws SQLException {
        assertRefusedBy("school_year_format", INSERT_DISTRICT, "0600001", badYear, "CA", 10, 1.0);
    }

    @Test
    void shouldAcceptTheCenturyRollover() throws SQLException {
        assertEquals(1, execute(INSERT_DISTRICT, "0600001", "2099-00", "CA", 10, 1.0));
    }

    @Test
    void shouldRefuseNegativeEnrollmentAndStaff() throws SQLException {
        assertRefusedBy("districts_enrollment_non_negative", INSERT_DISTRICT, "0600001", "2023-24", "CA", -1, 1.0);
        assertRefusedBy("districts_staff_non_negative", INSERT_DISTRICT, "0600001", "2023-24", "CA", 10, -0.5);
        assertEquals(1, execute(INSERT_DISTRICT, "0600001", "2023-24", "CA", 0, 0.0), "zero is a real, reportable value");
    }

    @Test
    void shouldRefuseAStateThatDoesNotMatchTheIdsFipsPrefix() throws SQLException {
        assertRefusedBy("districts_state_matches_nces_id", INSERT_DISTRICT, "0600001", "2023-24", "TX", 10, 1.0);
        assertRefusedBy("districts_state_code_fkey", INSERT_DISTRICT, "0600001", "2023-24", "ZZ", 10, 1.0);
    }

    @Test
    void shouldRefuseEnrollmentForADistrictYearThatIsNotLoaded() throws SQLException {
        assertRefusedBy("enrollment_by_grade_nces_id_school_year_fkey",
                "INSERT INTO enrollment_by_grade (nces_id, school_year, grade, students, source) VALUES ('0622710', '2024-25', 'KG', 10, 'nces_ccd')");
        assertRefusedBy("enrollment_by_grade_grade_fkey",
                "INSERT INTO enrollment_by_grade (nces_id, school_year, grade, students, source) VALUES ('0622710', '2023-24', '14', 10, 'nces_ccd')");
        assertRefusedBy("staff_counts_category_fkey",
                "INSERT INTO staff_counts (nces_id, school_year, category, fte, source) VALUES ('0622710', '2023-24', 'astronauts', 1, 'nces_ccd')");
        assertRefusedBy("staff_counts_fte_non_negative",
                "INSERT INTO staff_counts (nces_id, school_year, category, fte, source) VALUES ('0622710', '2023-24', 'librarians', -1, 'nces_ccd')");
    }

    @Test
    void shouldRefuseUnknownMethodAndConfidence() throws SQLException {
        assertRefusedBy("bell_schedules_method_fkey", INSERT_BELL_SCHEDULE,
                "2024-25", "high", 360, null, null, "guesswork", "high", "{https://example.org}", null);
        assertRefusedBy("bell_schedules_method_fkey", INSERT_BELL_SCHEDULE,
                "2024-25", "high", 360, null, null, "manual_data_collection", "high", "{https://example.org}", null);
        assertRefusedBy("bell_schedules_confidence_fkey", INSERT_BELL_SCHEDULE,
                "2024-25", "high", 360, null, null, "web_scraping", "assumed", "{https://example.org}", null);
        assertRefusedBy("bell_schedules_grade_level_fkey", INSERT_BELL_SCHEDULE,
                "2024-25", "k-12", 360, null, null, "web_scraping", "high", "{https://example.org}", null);
    }

    @Test
    void shouldMapEveryLegacySpellingOntoTheOneVocabulary() throws SQLException {
        assertEquals("human_provided", single("SELECT method FROM collection_method_aliases WHERE alias = 'manual_data_collection'"));
        assertEquals("statutory_fallback", single("SELECT method FROM collection_method_aliases WHERE alias = 'state_statutory'"));
        assertEquals("low", single("SELECT confidence FROM confidence_level_aliases WHERE alias = 'assumed'"));
        assertEquals(0L, single("SELECT count(*) FROM collection_method_aliases a JOIN collection_methods m ON m.code = a.alias"),
                "an alias never shadows a catalogue code");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 119, 481, 600})
    void shouldRefuseImplausibleMinutesEverywhere(int minutes) throws SQLException {
        assertRefusedBy("instructional_minutes_plausible", INSERT_BELL_SCHEDULE,
                "2024-25", "high", minutes, null, null, "web_scraping", "high", "{https://example.org}", null);
        assertRefusedBy("instructional_minutes_plausible", "INSERT INTO state_requirements (state_code, grade_level, "
                + "valid_from_year, daily_minutes, source_citation) VALUES ('CA', 'high', '2020-21', ?, 'CA Education Code')", minutes);
    }

    @ParameterizedTest
    @ValueSource(ints = {120, 480})
    void shouldAcceptTheBoundsOfThePlausibleRange(int minutes) throws SQLException {
        assertEquals(1, execute(INSERT_BELL_SCHEDULE,
                "2024-25", "high", minutes, null, null, "web_scraping", "high", "{https://example.org}", null));
    }

    @Test
    void shouldRefuseASecondScheduleForTheSameDistrictYearAndLevel() throws SQLException {
        execute(INSERT_BELL_SCHEDULE, "2024-25", "high", 360, null, null, "web_scraping", "high", "{https://example.org}", null);
        assertRefusedBy("bell_schedules_one_per_level", INSERT_BELL_SCHEDULE,
                "2024-25", "high", 350, null, null, "pdf_extraction", "medium", "{https://example.org/b}", null);
        assertEquals(1, execute(INSERT_BELL_SCHEDULE,
                "2025-26", "high", 350, null, null, "pdf_extraction", "medium", "{https://example.org/b}", null), "another year is another row");
    }

    @Test
    void shouldRefuseScheduleTimesThatCannotHoldTheMinutes() throws SQLException {
        assertRefusedBy("bell_schedules_start_before_end", INSERT_BELL_SCHEDULE,
                "2024-25", "high", 360, "15:00", "08:00", "web_scraping", "high", "{https://example.org}", null);
        assertRefusedBy("bell_schedules_minutes_fit_the_day", INSERT_BELL_SCHEDULE,
                "2024-25", "high", 400, "08:00", "14:00", "web_scraping", "high", "{https://example.org}", null);
        assertEquals(1, execute(INSERT_BELL_SCHEDULE,
                "2024-25", "high", 360, "08:00", "14:00", "web_scraping", "high", "{https://example.org}", null));
    }

    @Test
    void shouldRequireEvidenceUnlessTheMethodIsTheStatutoryFallback() throws SQLException {
        assertRefusedBy("bell_schedules_source_required", INSERT_BELL_SCHEDULE,
                "2024-25", "high", 360, null, null, "web_scraping", "high", "{}", "  ");
        assertEquals(1, execute(INSERT_BELL_SCHEDULE,
                "2024-25", "middle", 360, null, null, "human_provided", "high", "{}", "Principal's letter, Sept 2024"));
        assertEquals(1, execute(INSERT_BELL_SCHEDULE,
                "2024-25", "high", 360, null, null, "statutory_fallback", "low", "{}", null));
    }

    @Test
    void shouldRefuseAScheduleForAnUnknownDistrict() throws SQLException {
        assertRefusedBy("bell_schedules_nces_id_fkey", "INSERT INTO bell_schedules (nces_id, school_year, grade_level, "
                + "instructional_minutes, method, confidence, source_urls) VALUES ('0699999', '2024-25', 'high', 360, "
                + "'web_scraping', 'high', '{https://example.org}')");
    }

    @Test
    void shouldKeepCalculationRunsConsistent() throws SQLException {
        String insertRun = "INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, started_at, "
                + "finished_at, input_hash, error_message) VALUES (?, ?, '2023-24', 'api', 'tester', ?::timestamptz, ?::timestamptz, ?, ?)";
        String hash = "a".repeat(64);
        assertRefusedBy("calculation_runs_mode_known", insertRun, "partial", "queued", null, null, null, null);
        assertRefusedBy("sha256_hex_format", insertRun, "full", "succeeded", "2026-01-01", "2026-01-01", "ABC", null);
        assertRefusedBy("calculation_runs_status_consistent", insertRun, "full", "succeeded", "2026-01-01", null, hash, null);
        assertRefusedBy("calculation_runs_status_consistent", insertRun, "full", "failed", "2026-01-01", "2026-01-02", null, null);
        assertRefusedBy("calculation_runs_finished_after_started", insertRun, "full", "succeeded", "2026-01-02", "2026-01-01", hash, null);
        assertEquals(1, execute(insertRun, "full", "succeeded", "2026-01-01", "2026-01-02", hash, null));

        assertEquals(1, execute(insertRun, "incremental", "running", "2026-01-03", null, null, null));
        assertRefusedBy("calculation_runs_one_active", insertRun, "full", "queued", null, null, null, null);
    }

    @Test
    void shouldLeaveNothingBehindWhenATransactionFails() throws SQLException {
        connection.rollback();  // an empty transaction, without the fixture
        long lineageBefore = (long) single("SELECT count(*) FROM data_lineage");

        insertDistrict("0600001", "CA", 100, 5.0);
        assertEquals(lineageBefore + 1, single("SELECT count(*) FROM data_lineage"), "the trail is written in the changing transaction");
        assertThrows(SQLException.class, () -> insertBellSchedule("0600001", "high", 700, "web_scraping", "high"));
        connection.rollback();

        assertEquals(0L, single("SELECT count(*) FROM districts WHERE nces_id = '0600001'"));
        assertEquals(0L, single("SELECT count(*) FROM leas WHERE nces_id = '0600001'"));
        assertEquals(lineageBefore, single("SELECT count(*) FROM data_lineage"), "no trail of a change that never happened");
    }
}
