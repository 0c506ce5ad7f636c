package org.lct.calculation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lct.importer.Importers;
import org.lct.testsupport.TestDatabase;

/**
 * An installation upgraded with data in it: migrate to a version, load the bundled dataset and calculate, apply the
 * remaining migrations, and check that every row and every result is still there and that the runs go on from the
 * results they find (an incremental run after the upgrade equals a full run).
 *
 * <p>Each versioned migration from {@link #FIRST_LOADABLE} on is a starting point; a migration added later is
 * upgraded to from every earlier one. A migration that changes existing rows on purpose states its expected change
 * here, next to the starting point it concerns.
 */
class UpgradeWithDataTest {

    /** The first version whose schema holds everything the bundled dataset and a run write. */
    private static final MigrationVersion FIRST_LOADABLE = MigrationVersion.fromVersion("5");
    private static final String YEAR = "2023-24";
    private static final String[] SCOPES = {"teachers_total"};

    static Stream<String> startingVersions() {
        try (TestDatabase empty = TestDatabase.create("upgrade_versions")) {
            MigrationInfo[] pending = empty.flyway().info().pending();
            MigrationVersion latest = Arrays.stream(pending).map(MigrationInfo::getVersion).filter(v -> v != null)
                    .max(MigrationVersion::compareTo).orElseThrow();
            return Arrays.stream(pending).map(MigrationInfo::getVersion)
                    .filter(v -> v != null && v.compareTo(FIRST_LOADABLE) >= 0 && v.compareTo(latest) < 0)
                    .map(MigrationVersion::getVersion).toList().stream();
        }
    }

    @ParameterizedTest(name = "from version {0}")
    @MethodSource("startingVersions")
    void shouldKeepEveryRowAndResultThroughTheRemainingMigrations(String version) throws Exception {
        try (TestDatabase database = TestDatabase.create("upgrade_from_" + version)) {
            Flyway.configure().configuration(database.flyway().getConfiguration()).target(version).load().migrate();
            assertEquals(version, database.flyway().info().current().getVersion().getVersion());

            long run;
            try (Connection c = database.connect()) {
                Importers.importBundledDataset(c);
                run = calculate(c, null);
            }
            Map<String, String> tablesBefore = tableDigests(database);
            String resultsBefore = results(database, run);
            assertTrue(tablesBefore.get("districts").startsWith("17842 "), tablesBefore.get("districts"));

            assertTrue(database.migrate().success);
            assertTrue(database.flyway().info().pending().length == 0, "every migration applied");
            database.flyway().validate();

            Map<String, String> tablesAfter = tableDigests(database);
            tablesBefore.forEach((table, digest) -> assertEquals(digest, tablesAfter.get(table), table + " after the upgrade"));
            assertEquals(resultsBefore, results(database, run), "the run's results after the upgrade");

            try (Connection c = database.connect()) {
                c.createStatement().execute("UPDATE districts SET enrollment = enrollment + 1 "
                        + "WHERE nces_id = (SELECT min(nces_id) FROM districts WHERE school_year = '" + YEAR + "')");
                long incremental = calculate(c, run);
                long full = calculate(c, null);
                String incrementalResults = results(database, incremental);
                assertFalse(incrementalResults.equals(resultsBefore), "the change shows in the results");
                assertEquals(results(database, full), incrementalResults, "incremental after the upgrade equals full");
            }
        }
    }

    /** A run as the service makes one, committed: queued and started, calculated, marked succeeded. */
    private static long calculate(Connection c, Long previous) throws SQLException {
        c.setAutoCommit(false);
        try {
            long run;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO calculation_runs (mode, school_year, triggered_by, requested_by, status, started_at)
                    VALUES (?, ?, 'cli', 'upgrade test', 'running', clock_timestamp()) RETURNING id""")) {
                s.setString(1, previous == null ? "full" : "incremental");
                s.setString(2, YEAR);
                run = single(s.executeQuery());
            }
            String inputHash;
            try (PreparedStatement s = c.prepareStatement("SELECT input_hash FROM lct_calculate(?, ?, ?, false, 360, ?, ?)")) {
                s.setLong(1, run);
                s.setString(2, YEAR);
                s.setArray(3, c.createArrayOf("text", SCOPES));
                s.setObject(4, previous);
                s.setBoolean(5, previous != null);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    inputHash = r.getString(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE calculation_runs SET status = 'succeeded', finished_at = clock_timestamp(), input_hash = ?,
                                                previous_run_id = ?
                    WHERE id = ?""")) {
                s.setString(1, inputHash);
                s.setObject(2, previous);
                s.setLong(3, run);
                s.executeUpdate();
            }
            c.commit();
            return run;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Row count and a digest of the sorted rows of every table of the schema but Flyway's own. */
    private static Map<String, String> tableDigests(TestDatabase database) throws SQLException {
        Map<String, String> digests = new TreeMap<>();
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("""
                    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'""")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') "
                        + "FROM " + table + " t")) {
                    r.next();
                    digests.put(table, r.getString(1));
                }
            }
        }
        return digests;
    }

    /** A digest of every value a run serves but its id, percentiles included, in a stable order. */
    private static String results(TestDatabase database, long run) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT md5(string_agg((to_jsonb(r) - 'run_id')::text, E'\\n' ORDER BY r.nces_id, r.staff_scope))
                FROM lct_run_results(?) r""")) {
            s.setLong(1, run);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private static long single(ResultSet r) throws SQLException {
        try (r) {
            r.next();
            return r.getLong(1);
        }
    }
}
