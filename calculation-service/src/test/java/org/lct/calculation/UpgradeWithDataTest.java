package org.lct.calculation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * <p>Each versioned migration from {@link #FIRST_LOADABLE} on that was ever the newest of a commit of this history is
 * a starting point; a migration added later is upgraded to from every earlier one. The starting point is the schema
 * as it was then: its versioned migrations with the repeatable ones (functions, views) of the newest commit whose
 * newest migration it was, read from git, so the run before the upgrade is calculated by the functions of that
 * release. A migration that changes existing rows on purpose states its expected change here, next to the starting
 * point it concerns.
 */
class UpgradeWithDataTest {

    /** The first version whose schema holds everything the bundled dataset and a run write. */
    private static final MigrationVersion FIRST_LOADABLE = MigrationVersion.fromVersion("5");
    private static final String MIGRATIONS = "migrations/src/main/resources/db/migration";
    private static final String YEAR = "2023-24";
    private static final String[] SCOPES = {"teachers_total"};
    /** Keeps the fingerprints of the current results in lct_current_input_buckets.entries. */
    private static final MigrationVersion FINGERPRINTS_IN_BUCKETS = MigrationVersion.fromVersion("9");

    static Stream<String> startingVersions() throws IOException, InterruptedException {
        try (TestDatabase empty = TestDatabase.create("upgrade_versions")) {
            MigrationInfo[] pending = empty.flyway().info().pending();
            MigrationVersion latest = Arrays.stream(pending).map(MigrationInfo::getVersion).filter(v -> v != null)
                    .max(MigrationVersion::compareTo).orElseThrow();
            // without git history every version is offered, and each one then stops where it reads the history
            Map<String, String> released = releases();
            return Arrays.stream(pending).map(MigrationInfo::getVersion)
                    .filter(v -> v != null && v.compareTo(FIRST_LOADABLE) >= 0 && v.compareTo(latest) < 0)
                    .map(MigrationVersion::getVersion)
                    .filter(v -> released.isEmpty() || released.containsKey(v)).toList().stream();
        }
    }

    @ParameterizedTest(name = "from version {0}")
    @MethodSource("startingVersions")
    void shouldKeepEveryRowAndResultThroughTheRemainingMigrations(String version) throws Exception {
        try (TestDatabase database = TestDatabase.create("upgrade_from_" + version)) {
            Path released = releasedMigrations(version);
            Flyway.configure().configuration(database.flyway().getConfiguration())
                    .locations("filesystem:" + released).target(version).load().migrate();
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
            if (MigrationVersion.fromVersion(version).compareTo(FINGERPRINTS_IN_BUCKETS) < 0) {
                // the kept fingerprints move into their bucket's row, as the bytes its digest is taken over
                long kept = Long.parseLong(tablesBefore.remove("lct_current_fingerprints").split(" ")[0]);
                assertTrue(kept > 0, "a run kept fingerprints before the upgrade");
                assertEquals("0 ", tablesAfter.remove("lct_current_fingerprints"), "lct_current_fingerprints emptied");
                assertEquals(tablesBefore.remove("lct_current_input_buckets"),
                        digest(database, "SELECT school_year, bucket, digest FROM lct_current_input_buckets"),
                        "the bucket digests after the upgrade");
                assertEquals(kept * 39 + " true", value(database, """
                        SELECT sum(length(entries)) || ' ' || bool_and(digest = sha256(entries))
                        FROM lct_current_input_buckets"""), "each bucket's entries: 39 bytes per kept fingerprint, its digest's bytes");
            }
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

    /**
     * The migrations of the newest commit whose newest versioned migration was {@code version} (HEAD while the next
     * one is not committed), copied from git into a directory.
     */
    private static Path releasedMigrations(String version) throws IOException, InterruptedException {
        String commit = releases().get(version);
        if (commit == null) {
            assumeTrue(releases().isEmpty(), "V" + version + " was never the newest migration of a commit");
            assumeTrue("true".equalsIgnoreCase(System.getenv("CI")), "no git history to read the released migrations from");
            fail("the upgrade test reads the released migrations from git history, and there is none");
        }
        String root = git("rev-parse", "--show-toplevel");
        Path directory = Files.createTempDirectory("migrations-" + version);
        for (String file : git("-C", root, "ls-tree", "--name-only", commit, MIGRATIONS + "/").lines().toList()) {
            Files.writeString(directory.resolve(file.substring(file.lastIndexOf('/') + 1)),
                    git("-C", root, "show", commit + ":" + file));
        }
        return directory;
    }

    private static Map<String, String> releases;

    /**
     * For each version that was the newest versioned migration of a commit of this history, the newest such commit;
     * empty without git history. A commit counts when its versioned migrations are HEAD's, unchanged (the history
     * before the 1.0 baseline numbered other migrations); branches merge, so it is found by what it holds.
     */
    private static synchronized Map<String, String> releases() throws IOException, InterruptedException {
        if (releases == null) {
            releases = new TreeMap<>();
            if (git("rev-parse", "--is-inside-work-tree").equals("true")) {
                String root = git("rev-parse", "--show-toplevel");
                Map<String, String> current = versionedMigrations(root, "HEAD");
                for (String commit : git("-C", root, "rev-list", "HEAD").lines().toList()) {
                    Map<String, String> migrations = versionedMigrations(root, commit);
                    boolean unchanged = migrations.entrySet().stream()
                            .allMatch(m -> m.getValue().equals(current.get(m.getKey())));
                    migrations.keySet().stream().map(UpgradeWithDataTest::versionOf)
                            .max(Comparator.comparing(MigrationVersion::fromVersion))
                            .filter(newest -> unchanged).ifPresent(newest -> releases.putIfAbsent(newest, commit));
                }
            }
        }
        return releases;
    }

    /** File name to blob id of the versioned migrations of a commit. */
    private static Map<String, String> versionedMigrations(String root, String commit) throws IOException, InterruptedException {
        Map<String, String> blobs = new TreeMap<>();
        for (String entry : git("-C", root, "ls-tree", commit, MIGRATIONS + "/").lines().toList()) {
            String[] objectAndPath = entry.split("\t", 2);
            String name = objectAndPath[1].substring(objectAndPath[1].lastIndexOf('/') + 1);
            if (name.startsWith("V")) {
                blobs.put(name, objectAndPath[0].split(" ")[2]);
            }
        }
        return blobs;
    }

    private static String versionOf(String fileName) {
        return fileName.substring(1, fileName.indexOf("__"));
    }

    private static String git(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return git.waitFor() == 0 ? output.strip() : "";
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
                digests.put(table, digest(database, "TABLE " + table));
            }
        }
        return digests;
    }

    /** Row count and a digest of the sorted rows of a query. */
    private static String digest(TestDatabase database, String query) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM (" + query + ") t")) {
            r.next();
            return r.getString(1);
        }
    }

    private static String value(TestDatabase database, String query) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
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
