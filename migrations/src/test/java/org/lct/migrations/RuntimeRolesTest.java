package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lct.testsupport.TestDatabase;

/**
 * The runtime roles of V7, as a login user that is a member of each: they own nothing, cannot change the schema,
 * switch triggers off or rewrite data_lineage, refresh the materialized views only through the definer functions,
 * and write exactly the tables {@link #WRITES} lists. A table missing from that list fails the policy test: a
 * migration that adds a table decides, and grants, what each runtime role may write to it.
 */
class RuntimeRolesTest {

    private static final String ENRICHMENT = "lct_enrichment_writer";
    private static final String CALCULATION = "lct_calculation_writer";

    /** Per table, what each runtime role may write (beyond SELECT, which both have on everything through lct_reader). */
    private static final Map<String, Map<String, Set<String>>> WRITES = new TreeMap<>();

    static {
        // inputs and catalogues
        writes("states", Set.of(), Set.of());
        writes("school_levels", Set.of(), Set.of());
        writes("grades", Set.of(), Set.of());
        writes("staff_categories", Set.of(), Set.of());
        writes("staff_scopes", Set.of(), Set.of());
        writes("staff_scope_members", Set.of(), Set.of());
        writes("staff_scope_hierarchy_checks", Set.of(), Set.of());
        writes("minutes_sources", Set.of(), Set.of());
        writes("qa_flags", Set.of(), Set.of());
        writes("collection_methods", Set.of(), Set.of());
        writes("collection_method_aliases", Set.of(), Set.of());
        writes("confidence_levels", Set.of(), Set.of());
        writes("confidence_level_aliases", Set.of(), Set.of());
        writes("calculation_input_tables", Set.of(), Set.of());
        writes("leas", Set.of("INSERT"), Set.of());
        writes("districts", Set.of("INSERT", "UPDATE"), Set.of());
        writes("enrollment_by_grade", Set.of("INSERT", "UPDATE"), Set.of());
        writes("staff_counts", Set.of("INSERT", "UPDATE"), Set.of());
        writes("state_requirements", Set.of("INSERT", "UPDATE"), Set.of());
        writes("bell_schedules", Set.of("INSERT", "UPDATE", "DELETE"), Set.of());
        writes("evidence_documents", Set.of("INSERT"), Set.of());
        writes("bell_schedule_evidence", Set.of("INSERT"), Set.of());
        writes("import_runs", Set.of("INSERT", "UPDATE"), Set.of());
        writes("enrichment_attempts", Set.of("INSERT", "UPDATE"), Set.of());
        // append-only: the lineage triggers insert as the writing user
        writes("data_lineage", Set.of("INSERT"), Set.of());
        // calculation
        writes("calculation_runs", Set.of(), Set.of("INSERT", "UPDATE"));
        writes("lct_calculations", Set.of(), Set.of("INSERT", "UPDATE"));
        writes("lct_current", Set.of(), Set.of("INSERT", "DELETE"));
        writes("lct_current_fingerprints", Set.of(), Set.of("INSERT", "DELETE"));
        writes("lct_current_input_buckets", Set.of(), Set.of("INSERT", "DELETE"));
        writes("lct_current_runs", Set.of(), Set.of("INSERT", "UPDATE", "DELETE"));
        writes("lct_qa_scopes", Set.of(), Set.of("INSERT", "DELETE"));
        writes("lct_qa_states", Set.of(), Set.of("INSERT", "DELETE"));
        // a run replaces its year's statistics (refresh_lct_summary, in its transaction)
        writes("lct_summary_stats", Set.of(), Set.of("INSERT", "DELETE"));
        // written by the refresh functions, as their owner
        writes("materialized_view_refreshes", Set.of(), Set.of());
        writes("flyway_schema_history", Set.of(), Set.of());
    }

    private static void writes(String table, Set<String> enrichment, Set<String> calculation) {
        WRITES.put(table, Map.of(ENRICHMENT, enrichment, CALCULATION, calculation));
    }

    private static final List<String> TABLE_PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE",
            "REFERENCES", "TRIGGER");

    private static TestDatabase database;
    private static final Map<String, TestDatabase.User> MEMBERS = new TreeMap<>();

    @BeforeAll
    static void createMigratedDatabaseAndMembers() {
        database = TestDatabase.create("runtime_roles");
        database.migrate();
        MEMBERS.put(ENRICHMENT, database.createMemberOf(ENRICHMENT));
        MEMBERS.put(CALCULATION, database.createMemberOf(CALCULATION));
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void everyTableHasAWritePolicyAndTheGrantsMatchIt() throws SQLException {
        List<String> mismatches = new ArrayList<>();
        try (Connection owner = database.connect(); Statement s = owner.createStatement();
                ResultSet tables = s.executeQuery("""
                        SELECT c.relname, c.relkind FROM pg_class c
                        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
                        ORDER BY c.relname""")) {
            List<String[]> relations = new ArrayList<>();
            while (tables.next()) {
                relations.add(new String[] {tables.getString(1), tables.getString(2)});
            }
            for (String[] relation : relations) {
                String name = relation[0];
                boolean table = relation[1].equals("r") || relation[1].equals("p");
                if (table && !WRITES.containsKey(name)) {
                    mismatches.add(name + ": no write policy for the runtime roles (add it to V<n> grants and to WRITES)");
                    continue;
                }
                for (String role : List.of(ENRICHMENT, CALCULATION)) {
                    Set<String> expected = new TreeSet<>(table ? WRITES.get(name).get(role) : Set.of());
                    expected.add("SELECT");
                    Set<String> actual = privileges(owner, role, name);
                    if (!actual.equals(expected)) {
                        mismatches.add("%s for %s: expected %s, granted %s".formatted(name, role, expected, actual));
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertTrue(WRITES.size() > 30, "the policy covers the schema's tables");
    }

    @ParameterizedTest
    @ValueSource(strings = {ENRICHMENT, CALCULATION})
    void ownsNothingAndMayUseNoSequenceDirectly(String role) throws SQLException {
        try (Connection owner = database.connect(); Statement s = owner.createStatement()) {
            assertEquals(0, count(s, """
                    SELECT count(*) FROM pg_class WHERE pg_has_role('%1$s', relowner, 'MEMBER')
                    UNION ALL SELECT count(*) FROM pg_proc WHERE pg_has_role('%1$s', proowner, 'MEMBER')
                    UNION ALL SELECT count(*) FROM pg_namespace WHERE pg_has_role('%1$s', nspowner, 'MEMBER')
                    UNION ALL SELECT count(*) FROM pg_type WHERE pg_has_role('%1$s', typowner, 'MEMBER')
                    """.formatted(MEMBERS.get(role).name())), "objects owned by " + role + " or a role it belongs to");
            assertEquals(0, count(s, """
                    SELECT count(*) FROM (SELECT oid FROM pg_class WHERE relkind = 'S'
                                          AND relnamespace = 'public'::regnamespace OFFSET 0) AS sequences
                    WHERE has_sequence_privilege('%s', sequences.oid, 'USAGE, SELECT, UPDATE')""".formatted(role)),
                    "sequences (identity columns need none)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ENRICHMENT, CALCULATION})
    void cannotRewriteTheLineageTrail(String role) throws SQLException {
        for (String sql : List.of(
                "ALTER TABLE data_lineage DISABLE TRIGGER data_lineage_append_only",
                "ALTER TABLE data_lineage DISABLE TRIGGER ALL",
                "ALTER TABLE data_lineage ADD COLUMN note text",
                "DROP TRIGGER data_lineage_append_only ON data_lineage",
                "DROP TABLE data_lineage",
                "UPDATE data_lineage SET reason = 'rewritten'",
                "DELETE FROM data_lineage",
                "TRUNCATE data_lineage",
                "SET session_replication_role = replica",
                "CREATE OR REPLACE FUNCTION refuse_lineage_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")) {
            assertRefused(role, sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ENRICHMENT, CALCULATION})
    void cannotCreateOrChangeObjects(String role) throws SQLException {
        for (String sql : List.of(
                "CREATE TABLE public.scratch (id integer)",
                "CREATE TABLE scratch (id integer)",
                "CREATE FUNCTION public.scratch() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
                "CREATE VIEW public.scratch AS SELECT 1 AS one",
                "ALTER TABLE districts ADD COLUMN note text",
                "DROP TABLE calculation_runs",
                "TRUNCATE districts",
                "TRUNCATE lct_current",
                "TRUNCATE lct_summary_stats",
                "REFRESH MATERIALIZED VIEW mv_unenriched_districts",
                "REFRESH MATERIALIZED VIEW CONCURRENTLY mv_state_enrichment_progress",
                "SELECT * FROM refresh_views(ARRAY['mv_unenriched_districts'])")) {
            assertRefused(role, sql);
        }
    }

    @Test
    void theCalculationRefreshesTheViewsOnlyThroughTheDefinerFunctions() throws SQLException {
        try (Connection c = connectAs(CALCULATION); Statement s = c.createStatement()) {
            // the previous release's call after a run: nothing over results is materialized any more
            assertEquals(0, count(s, "SELECT count(*) FROM refresh_result_views()"));
            assertEquals(2, count(s, "SELECT count(*) FROM refresh_coverage_views()"));
            assertEquals(2, count(s, "SELECT count(*) FROM refresh_materialized_views()"));
        }
        for (String refresh : List.of("refresh_result_views", "refresh_coverage_views", "refresh_materialized_views")) {
            assertRefused(ENRICHMENT, "SELECT * FROM " + refresh + "()");
        }
    }

    @Test
    void theCalculationWritesTheStatisticsOfItsYearAsItself() throws SQLException {
        try (Connection c = connectAs(CALCULATION); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            // the QA partials of one state, as a run writes them before its statistics
            s.execute("""
                    INSERT INTO lct_qa_scopes (school_year, state_code, staff_scope, row_count, valid_count, valid_lct,
                        categories, valid_lct_sum, valid_lct_squares, valid_enrollment, valid_lct_enrollment)
                    VALUES ('2031-32', 'AL', 'teachers_only', 2, 2, '{18, 24}', '{}', 42, 900, 300, 6000)""");
            assertEquals(2, count(s, "SELECT refresh_lct_summary('2031-32', 4242)"), "AL and the nation");
            assertEquals(21, count(s, "SELECT median_lct FROM lct_summary_stats WHERE school_year = '2031-32' "
                    + "AND geography = 'US' AND run_id = 4242"));
            c.rollback();
        }
        assertRefused(ENRICHMENT, "SELECT refresh_lct_summary('2031-32', 4242)");
    }

    @Test
    void theEnrichmentAnalysesTheInputsItWroteOnlyThroughTheDefinerFunction() throws SQLException {
        try (Connection c = connectAs(ENRICHMENT); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("""
                    INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source)
                    SELECT lpad(n::text, 7, '0'), '2031-32', 'Statistics ' || n, 'AL', 100, 5, 'test'
                    FROM generate_series(190001, 190400) AS n""");
            s.execute("SELECT analyze_imported_inputs(ARRAY['districts', 'leas'])");
            // the planner now counts this transaction's rows of the new year, not one row
            try (ResultSet plan = s.executeQuery("EXPLAIN (FORMAT JSON) SELECT * FROM districts WHERE school_year = '2031-32'")) {
                plan.next();
                assertTrue(plan.getString(1).matches("(?s).*\"Plan Rows\": (3[5-9]\\d|4[0-4]\\d),.*"), plan.getString(1));
            }
            c.rollback();
            SQLException notAnInput = assertThrows(SQLException.class,
                    () -> s.execute("SELECT analyze_imported_inputs(ARRAY['calculation_runs'])"));
            assertEquals("22023", notAnInput.getSQLState(), notAnInput.getMessage());
            c.rollback();
        }
        assertRefused(CALCULATION, "SELECT analyze_imported_inputs(ARRAY['districts'])");
    }

    @Test
    void theEnrichmentWritesAnInputAndItsLineageAsItself() throws SQLException {
        TestDatabase.User member = MEMBERS.get(ENRICHMENT);
        try (Connection c = connectAs(ENRICHMENT); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("""
                    INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source)
                    VALUES ('0199991', '2023-24', 'Runtime Roles', 'AL', 100, 5, 'test')""");
            s.execute("UPDATE districts SET enrollment = 101 WHERE nces_id = '0199991'");
            assertEquals(2, count(s, "SELECT count(*) FROM data_lineage WHERE entity = 'districts' AND entity_key = '0199991/2023-24'"
                    + " AND actor = 'db:" + member.name() + "'"));
            c.rollback();
        }
    }

    @Test
    void deletingABellScheduleUnlinksTheResultsThatUsedItWithoutAnyRightOnThem() throws SQLException {
        long schedule;
        long run;
        try (Connection owner = database.connect(); Statement s = owner.createStatement()) {
            s.execute("""
                    INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source)
                    VALUES ('5600002', '2023-24', 'Runtime Roles', 'WY', 100, 10, 'test')""");
            schedule = count(s, """
                    INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, method, confidence,
                        source_urls) VALUES ('5600002', '2024-25', 'elementary', 360, 'web_scraping', 'high',
                        ARRAY['https://example.org/schedule']) RETURNING id""");
            run = count(s, """
                    INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, started_at,
                        finished_at, input_hash) VALUES ('full', 'succeeded', '2023-24', 'cli', 'tester', clock_timestamp(),
                        clock_timestamp(), repeat('0', 64)) RETURNING id""");
            s.execute("UPDATE calculation_runs SET base_run_id = id WHERE id = " + run);
            s.execute("""
                    INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes,
                        minutes_source, minutes_grade_level, bell_schedule_id, staff_fte, enrollment, lct_minutes, is_valid)
                    VALUES (%d, '5600002', '2023-24', 'teachers_only', 360, 'bell_schedule', 'elementary', %d, 10, 100, 36,
                        true)""".formatted(run, schedule));
            s.execute("SELECT rebuild_lct_current()");
        }
        try (Connection c = connectAs(ENRICHMENT); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("DELETE FROM bell_schedules WHERE id = " + schedule));
        }
        try (Connection owner = database.connect(); Statement s = owner.createStatement()) {
            assertEquals(0, count(s, "SELECT count(bell_schedule_id) FROM lct_calculations WHERE run_id = " + run));
            assertEquals(0, count(s, "SELECT count(bell_schedule_id) FROM lct_current WHERE run_id = " + run));
            assertEquals(1, count(s, "SELECT count(*) FROM lct_current WHERE run_id = " + run), "the result itself stays");
        }
    }

    private static Set<String> privileges(Connection owner, String role, String table) throws SQLException {
        Set<String> granted = new TreeSet<>();
        try (Statement s = owner.createStatement()) {
            for (String privilege : TABLE_PRIVILEGES) {
                try (ResultSet r = s.executeQuery("SELECT has_table_privilege('%s', 'public.%s', '%s')"
                        .formatted(role, table, privilege))) {
                    r.next();
                    if (r.getBoolean(1)) {
                        granted.add(privilege);
                    }
                }
            }
        }
        return granted;
    }

    /** The statement fails for lack of privilege (42501) or ownership, and changes nothing. */
    private static void assertRefused(String role, String sql) throws SQLException {
        try (Connection c = connectAs(role); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql), role + " may not: " + sql);
            assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
            c.rollback();
        }
    }

    private static Connection connectAs(String role) throws SQLException {
        TestDatabase.User member = MEMBERS.get(role);
        return DriverManager.getConnection(database.jdbcUrl(), member.name(), member.password());
    }

    private static long count(Statement s, String sql) throws SQLException {
        long total = 0;
        try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                total += r.getLong(1);
            }
        }
        return total;
    }
}
