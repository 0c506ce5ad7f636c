package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * An incremental run can only be as fresh as what it watches: every table the calculation reads must be tracked by
 * lineage (so a change makes districts suspect), listed in calculation_input_tables as affecting districts (so the
 * suspects are the right ones) and read by the fingerprint (so a suspect whose inputs changed is recalculated). The
 * tables read are measured, not listed: the calculation runs in the test's transaction and the table statistics of
 * that transaction say what it scanned.
 */
class CalculationInputsTest extends DatabaseTest {

    private static final String YEAR = "2023-24";
    /** Read by a run for its own bookkeeping, never for a district's values. */
    private static final Set<String> RUN_BOOKKEEPING = Set.of("calculation_runs", "calculation_input_tables", "data_lineage");

    @Test
    void shouldTrackListAndFingerprintEveryTableTheCalculationReads() throws SQLException {
        loadOneDistrictOfEveryKind();
        List<String> inputs = tablesReadByACalculation();
        assertTrue(inputs.containsAll(List.of("districts", "staff_counts", "enrollment_by_grade", "bell_schedules",
                "state_requirements", "collection_methods", "confidence_levels", "grades", "staff_scope_members")),
                "the measurement sees the calculation's reads: " + inputs);
        assertEquals(List.of(), unwatchedInputs(inputs), "tables the calculation reads that an incremental run does not watch");
    }

    @Test
    void shouldNameATableTheCalculationStartsToReadWithoutWatchingIt() throws SQLException {
        loadOneDistrictOfEveryKind();
        // a method change that reads a new catalogue and forgets lineage, calculation_input_tables and the fingerprint
        execute("CREATE TABLE category_cut_offs (minutes numeric PRIMARY KEY)");
        execute("INSERT INTO category_cut_offs VALUES (15)");
        execute("""
                CREATE OR REPLACE FUNCTION lct_category(lct numeric) RETURNS varchar LANGUAGE sql STABLE AS $$
                    SELECT CASE WHEN lct IS NULL OR lct = 0 THEN 'Unknown'
                                WHEN lct < (SELECT min(minutes) FROM category_cut_offs) THEN 'Low' ELSE 'High' END
                $$""");
        List<String> unwatched = unwatchedInputs(tablesReadByACalculation());
        assertEquals(List.of("category_cut_offs: not tracked by lineage, not in calculation_input_tables, not fingerprinted"),
                unwatched);
    }

    @Test
    void shouldDescribeEveryQaFlagTheCalculationRaisesAndNoOther() throws SQLException {
        Pattern flag = Pattern.compile("'((?:ERR|WARN|INFO)_[A-Z0-9_]+)'");
        Set<String> raised = new TreeSet<>();
        for (Map<String, Object> function : query("""
                SELECT pg_get_functiondef(p.oid) AS definition FROM pg_proc p
                WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'""")) {
            Matcher codes = flag.matcher((String) function.get("definition"));
            while (codes.find()) {
                raised.add(codes.group(1));
            }
        }
        Set<String> described = new TreeSet<>();
        query("SELECT code FROM qa_flags").forEach(row -> described.add((String) row.get("code")));
        assertTrue(raised.size() >= 10, "the scan finds the flags: " + raised);
        assertEquals(described, raised, "qa_flags describes exactly the flags the calculation's functions raise");
        // one meaning of a flag (methodology point 5): ERR_ flags, and only they, have severity error and invalidate
        query("SELECT code, severity FROM qa_flags").forEach(row -> assertEquals(
                ((String) row.get("code")).startsWith("ERR_"), "error".equals(row.get("severity")), row.toString()));
    }

    /** One district per source of minutes, with grade enrollment and staff by category, so every branch runs. */
    private void loadOneDistrictOfEveryKind() throws SQLException {
        insertDistrict("0100001", YEAR, "AL", 1200, 80.0);
        insertDistrict("0100002", YEAR, "AL", 300, 25.0);
        insertDistrict("5600001", YEAR, "WY", 40, 9.0);
        execute("INSERT INTO state_requirements (state_code, grade_level, valid_from_year, daily_minutes, source_citation) "
                + "VALUES ('AL', 'elementary', '2000-01', 360, 'test statute')");
        insertBellSchedule("0100001", "elementary", 390, "human_provided", "high");
        for (String category : List.of("teachers_elementary", "teachers_secondary", "paraprofessionals")) {
            execute("INSERT INTO staff_counts (nces_id, school_year, category, fte, source) VALUES ('0100001', ?, ?, 10, 'test')",
                    YEAR, category);
        }
        execute("INSERT INTO enrollment_by_grade (nces_id, school_year, grade, students, source) "
                + "VALUES ('0100001', ?, '03', 600, 'test'), ('0100001', ?, '09', 600, 'test')", YEAR, YEAR);
    }

    /**
     * The tables a full run of every scope scans, less those it writes. The result-reference checks are switched off
     * for the measurement: they verify what the run wrote, they are not what it computes from.
     */
    private List<String> tablesReadByACalculation() throws SQLException {
        execute("ALTER TABLE lct_calculations DISABLE TRIGGER lct_calculations_references_on_insert");
        long run = ((Number) single("""
                INSERT INTO calculation_runs (mode, school_year, triggered_by, requested_by, status, started_at)
                VALUES ('full', ?, 'cli', 'test', 'running', clock_timestamp()) RETURNING id""", YEAR)).longValue();
        Map<String, long[]> before = tableActivity();
        query("SELECT * FROM lct_calculate(?, ?, ARRAY(SELECT code FROM staff_scopes ORDER BY code), false, 360, NULL, false)",
                run, YEAR);
        Map<String, long[]> after = tableActivity();
        List<String> read = new ArrayList<>();
        after.forEach((table, activity) -> {
            long[] earlier = before.getOrDefault(table, new long[2]);
            boolean scanned = activity[0] > earlier[0];
            boolean written = activity[1] > earlier[1];
            if (scanned && !written && !RUN_BOOKKEEPING.contains(table)) {
                read.add(table);
            }
        });
        return read;
    }

    /** Each input the incremental run would miss a change of, with what it lacks. */
    private List<String> unwatchedInputs(List<String> inputs) throws SQLException {
        Map<String, long[]> before = tableActivity();
        single("""
                SELECT count(*) FROM lct_district_fingerprints(?, lct_run_parameters(lct_methodology_version(), ?,
                    ARRAY(SELECT code FROM staff_scopes ORDER BY code), false, 360), NULL)""", YEAR, YEAR);
        Map<String, long[]> after = tableActivity();
        List<String> unwatched = new ArrayList<>();
        for (String table : inputs) {
            List<String> lacks = new ArrayList<>();
            if ((Long) single("SELECT count(*) FROM pg_trigger WHERE tgrelid = ?::regclass AND tgname = ?",
                    table, table + "_lineage_update") == 0) {
                lacks.add("not tracked by lineage");
            }
            if ((Long) single("SELECT count(*) FROM calculation_input_tables WHERE table_name = ? AND affects <> 'no_district'",
                    table) == 0) {
                lacks.add("not in calculation_input_tables");
            }
            if (after.get(table)[0] <= before.getOrDefault(table, new long[2])[0]) {
                lacks.add("not fingerprinted");
            }
            if (!lacks.isEmpty()) {
                unwatched.add(table + ": " + String.join(", ", lacks));
            }
        }
        return unwatched;
    }

    /** Per table of the schema: scans and rows written so far in this transaction. */
    private Map<String, long[]> tableActivity() throws SQLException {
        Map<String, long[]> activity = new java.util.TreeMap<>();
        for (Map<String, Object> row : query("""
                SELECT relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans,
                       n_tup_ins + n_tup_upd + n_tup_del AS written
                FROM pg_stat_xact_user_tables WHERE schemaname = 'public'""")) {
            activity.put((String) row.get("relname"),
                    new long[] {((Number) row.get("scans")).longValue(), ((Number) row.get("written")).longValue()});
        }
        return activity;
    }
}
