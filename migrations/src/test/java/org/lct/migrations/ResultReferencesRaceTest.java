package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.TestDatabase;

/**
 * The result-reference triggers of R__50_result_references.sql under concurrency: full calculation runs raced, on
 * their own committed connections, against deletes of the bell schedules and districts they read. Whatever the
 * interleaving, no result may be left pointing at a row that is gone, and whatever failed failed with a SQLSTATE the
 * services answer 409 for, leaving nothing behind.
 */
class ResultReferencesRaceTest extends DatabaseTest {

    private static final String YEAR = "2023-24";
    private static final int DISTRICTS = 40;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final int MAX_ROUNDS = 300;
    /** What DatabaseRefusals maps to 409: a broken reference, a serialization failure, a deadlock. */
    private static final Set<String> CLEAN_REFUSALS = Set.of("23503", "40001", "40P01");

    private final ExecutorService threads = Executors.newFixedThreadPool(3);
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    /** The runs calculate as calculation-service does: as a member of its runtime role, which owns nothing. */
    private static TestDatabase.User calculator;

    @BeforeAll
    static void createTheCalculationLogin() {
        calculator = database.createMemberOf("lct_calculation_writer");
    }

    @BeforeEach
    void loadDistrictsWithBellSchedules() throws SQLException {
        try (Connection setup = autocommitted()) {
            for (int i = 0; i < DISTRICTS; i++) {
                String district = "010%04d".formatted(i);
                update(setup, "INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, "
                        + "instructional_staff_fte, source) VALUES (?, ?, 'District', 'AL', 500, 30, 'nces_ccd') "
                        + "ON CONFLICT DO NOTHING", district, YEAR);
                keepBellSchedule(setup, district);
            }
        }
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void shouldLeaveNoDanglingReferenceWhateverTheInterleaving() throws Exception {
        long started = System.nanoTime();
        long runNanos = TimeUnit.MILLISECONDS.toNanos(50);
        int rounds = 0;
        while (rounds < MAX_ROUNDS && System.nanoTime() - started < BUDGET_NANOS) {
            rounds++;
            String freshDistrict = "015%04d".formatted(rounds);
            String scheduledDistrict = "010%04d".formatted(ThreadLocalRandom.current().nextInt(DISTRICTS));
            long freshSchedule;
            long scheduleInUse;
            try (Connection setup = autocommitted()) {
                // a district no run has calculated yet (deleting it is allowed until one commits a result for it) ...
                update(setup, "INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, "
                        + "instructional_staff_fte, source) VALUES (?, ?, 'Fresh', 'AL', 200, 12, 'nces_ccd')", freshDistrict, YEAR);
                freshSchedule = keepBellSchedule(setup, freshDistrict);
                // ... and a schedule that earlier runs' results use (put back if an earlier round deleted it)
                scheduleInUse = keepBellSchedule(setup, scheduledDistrict);
            }
            // the deletes land anywhere from before the run's first statement to after its commit
            long delay = ThreadLocalRandom.current().nextLong(runNanos + runNanos / 2);
            CyclicBarrier start = new CyclicBarrier(3);
            Future<Long> run = threads.submit(() -> {
                start.await();
                return calculateOnce();
            });
            Future<?> scheduleDelete = threads.submit(() -> {
                start.await();
                TimeUnit.NANOSECONDS.sleep(delay);
                return attempt("delete bell schedule", "DELETE FROM bell_schedules WHERE id IN (?, ?)",
                        freshSchedule, scheduleInUse);
            });
            Future<?> districtDelete = threads.submit(() -> {
                start.await();
                TimeUnit.NANOSECONDS.sleep(delay);
                return attempt("delete district", "DELETE FROM districts WHERE nces_id = ? AND school_year = ?",
                        freshDistrict, YEAR);
            });
            long took = run.get(30, TimeUnit.SECONDS);
            runNanos = (runNanos * 3 + took) / 4;
            scheduleDelete.get(30, TimeUnit.SECONDS);
            districtDelete.get(30, TimeUnit.SECONDS);
        }

        List<String> dangling = danglingReferences();
        assertTrue(dangling.isEmpty(), "dangling references after " + rounds + " rounds " + outcomes + ": " + dangling);
        List<String> unclean = new ArrayList<>();
        outcomes.forEach((outcome, count) -> {
            if (outcome.contains(" failed ") && CLEAN_REFUSALS.stream().noneMatch(outcome::endsWith)) {
                unclean.add(outcome + " x" + count);
            }
        });
        assertTrue(unclean.isEmpty(), "failures without a SQLSTATE the services map to 409: " + unclean);
        assertTrue(count("run succeeded") > 0 && count("delete bell schedule succeeded") > 0,
                "the race ran both sides: " + outcomes);
        try (Connection check = autocommitted()) {
            assertEquals(0L, scalar(check, "SELECT count(*) FROM calculation_runs WHERE status <> 'succeeded' "
                    + "AND EXISTS (SELECT 1 FROM lct_calculations c WHERE c.run_id = calculation_runs.id)"),
                    "a failed run leaves no result rows");
            assertEquals((long) count("run succeeded"), scalar(check, "SELECT count(*) FROM calculation_runs WHERE status = 'succeeded'"),
                    "every run that committed is recorded as succeeded");
        }
    }

    /**
     * The two orders of a run and a district delete, step by step: the districts a run's check found stay until the
     * run ends, and a run waits for a delete in progress and then refuses the district it took.
     */
    @Test
    void shouldOrderADistrictDeleteAndARunThatUsesIt() throws SQLException {
        try (Connection setup = autocommitted(); Connection writer = autocommitted();
                Connection run = DriverManager.getConnection(database.jdbcUrl(), calculator.name(), calculator.password())) {
            for (String district : List.of("0159001", "0159002")) {
                update(setup, "INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, "
                        + "instructional_staff_fte, source) VALUES (?, ?, 'Ordered', 'AL', 200, 12, 'nces_ccd')", district, YEAR);
            }
            long runId = scalar(setup, "INSERT INTO calculation_runs (mode, school_year, triggered_by, requested_by, status, "
                    + "started_at) VALUES ('full', ?, 'cli', 'order', 'running', clock_timestamp()) RETURNING id", YEAR);
            String result = "INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes, "
                    + "minutes_source, staff_fte, enrollment, lct_minutes, is_valid) "
                    + "VALUES (?, ?, ?, 'teachers_total', 360, 'default', 12, 200, 21.6, true)";
            update(writer, "SET lock_timeout = '300ms'");
            update(run, "SET lock_timeout = '300ms'");

            // the run's check first: the delete waits for the run, then sees its result and is refused
            run.setAutoCommit(false);
            update(run, result, runId, "0159001", YEAR);
            SQLException waited = assertThrows(SQLException.class,
                    () -> update(writer, "DELETE FROM districts WHERE nces_id = '0159001'"));
            assertEquals("55P03", waited.getSQLState(), "the delete waits for the run: " + waited.getMessage());
            run.commit();
            SQLException refused = assertThrows(SQLException.class,
                    () -> update(writer, "DELETE FROM districts WHERE nces_id = '0159001'"));
            assertEquals("23503", refused.getSQLState(), refused.getMessage());

            // the delete first: the run's check waits for it, then no longer finds the district
            writer.setAutoCommit(false);
            update(writer, "DELETE FROM districts WHERE nces_id = '0159002'");
            waited = assertThrows(SQLException.class, () -> update(run, result, runId, "0159002", YEAR));
            assertEquals("55P03", waited.getSQLState(), "the run's check waits for the delete: " + waited.getMessage());
            run.rollback();
            writer.commit();
            refused = assertThrows(SQLException.class, () -> update(run, result, runId, "0159002", YEAR));
            assertEquals("23503", refused.getSQLState(), refused.getMessage());
            run.rollback();

            // a change of a district's other columns does not wait for a run that uses it
            update(run, result.replace("'teachers_total'", "'teachers_only'"), runId, "0159001", YEAR);
            update(writer, "UPDATE districts SET enrollment = 201 WHERE nces_id = '0159001'");
            writer.commit();
            run.rollback();

            // the run and its result go, as the district can then
            writer.setAutoCommit(true);
            update(writer, "DELETE FROM calculation_runs WHERE id = ?", runId);
            update(writer, "DELETE FROM districts WHERE nces_id = '0159001'");
        }
    }

    @Test
    void shouldRefuseDeletingWhatResultsPointAtOutsideReadCommitted() throws SQLException {
        try (Connection c = autocommitted()) {
            long schedule = scalar(c, "SELECT min(id) FROM bell_schedules");
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            SQLException refused = assertThrows(SQLException.class,
                    () -> update(c, "DELETE FROM bell_schedules WHERE id = ?", schedule),
                    "a snapshot older than the wait could miss the results of a run that committed meanwhile");
            assertEquals("0A000", refused.getSQLState(), refused.getMessage());
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(1L, scalar(c, "SELECT count(*) FROM bell_schedules WHERE id = ?", schedule), "and it is still there");
        }
    }

    /** One run as calculation-service does it: the run row first, then its results, QA and status in one transaction. */
    private long calculateOnce() throws SQLException {
        long began = System.nanoTime();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), calculator.name(), calculator.password())) {
            long run = scalar(c, "INSERT INTO calculation_runs (mode, school_year, triggered_by, requested_by, status, "
                    + "started_at) VALUES ('full', ?, 'cli', 'race', 'running', clock_timestamp()) RETURNING id", YEAR);
            c.setAutoCommit(false);
            try {
                scalar(c, "SELECT result_rows FROM lct_calculate(?, ?, ARRAY(SELECT code FROM staff_scopes ORDER BY code), "
                        + "false, 360, NULL, false)", run, YEAR);
                scalar(c, "SELECT count(*) FROM lct_qa_scopes WHERE school_year = ?", YEAR);
                update(c, "UPDATE calculation_runs SET status = 'succeeded', finished_at = clock_timestamp(), "
                        + "input_hash = repeat('0', 64) WHERE id = ?", run);
                c.commit();
                record("run succeeded");
            } catch (SQLException refused) {
                c.rollback();
                record("run failed " + refused.getSQLState());
                c.setAutoCommit(true);
                update(c, "UPDATE calculation_runs SET status = 'failed', finished_at = clock_timestamp(), error_message = ? "
                        + "WHERE id = ?", refused.getMessage(), run);
            }
        }
        return System.nanoTime() - began;
    }

    private Void attempt(String what, String sql, Object... parameters) throws SQLException {
        try (Connection c = autocommitted()) {
            update(c, sql, parameters);
            record(what + " succeeded");
        } catch (SQLException refused) {
            record(what + " failed " + refused.getSQLState());
        }
        return null;
    }

    /** Every reference of a result row, in lct_calculations and lct_current, to a row that does not exist. */
    private List<String> danglingReferences() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = autocommitted(); PreparedStatement s = c.prepareStatement("""
                SELECT 'lct_calculations run ' || r.run_id || ' ' || r.nces_id || ': ' || r.problem FROM (
                    SELECT c.run_id, c.nces_id, CASE
                        WHEN NOT EXISTS (SELECT 1 FROM bell_schedules b WHERE b.id = c.bell_schedule_id)
                             AND c.bell_schedule_id IS NOT NULL THEN 'bell schedule ' || c.bell_schedule_id
                        WHEN NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = c.nces_id AND d.school_year = c.school_year)
                             THEN 'district' END AS problem
                    FROM lct_calculations c) r WHERE r.problem IS NOT NULL
                UNION ALL
                SELECT 'lct_current run ' || r.run_id || ' ' || r.nces_id || ': ' || r.problem FROM (
                    SELECT c.run_id, c.nces_id, CASE
                        WHEN NOT EXISTS (SELECT 1 FROM bell_schedules b WHERE b.id = c.bell_schedule_id)
                             AND c.bell_schedule_id IS NOT NULL THEN 'bell schedule ' || c.bell_schedule_id
                        WHEN NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = c.nces_id AND d.school_year = c.school_year)
                             THEN 'district'
                        WHEN NOT EXISTS (SELECT 1 FROM lct_calculations k WHERE k.run_id = c.run_id AND k.nces_id = c.nces_id
                                         AND k.staff_scope = c.staff_scope) THEN 'result row' END AS problem
                    FROM lct_current c) r WHERE r.problem IS NOT NULL
                LIMIT 20""");
             ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    private void record(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
    }

    private int count(String outcome) {
        AtomicInteger count = outcomes.get(outcome);
        return count == null ? 0 : count.get();
    }

    private static Connection autocommitted() throws SQLException {
        Connection c = database.connect();
        c.setAutoCommit(true);
        return c;
    }

    /** The district's schedule, added if it has none. */
    private static long keepBellSchedule(Connection c, String district) throws SQLException {
        update(c, "INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, method, "
                + "confidence, source_urls) VALUES (?, '2024-25', 'elementary', 370, 'human_provided', 'high', "
                + "ARRAY['https://example.org/schedule']) ON CONFLICT ON CONSTRAINT bell_schedules_one_per_level DO NOTHING",
                district);
        return scalar(c, "SELECT id FROM bell_schedules WHERE nces_id = ?", district);
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters)) {
            s.executeUpdate();
        }
    }

    private static long scalar(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }
}
