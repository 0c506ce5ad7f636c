package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lct.testsupport.TestDatabase;

/**
 * What a rolling deploy meets, as migrations/README.md describes it: the next release's migration Job has migrated,
 * pods of the running release still start and validate with {@code ignoreMigrationPatterns=*:future} (as the
 * Deployments do), and a rollback runs the previous release's Job. The next release is simulated from this one's
 * files: one more versioned migration (additive) and a changed repeatable migration (a method change).
 */
class RollingUpgradeTest {

    private static final String NEXT_VERSION = "V900__next_release_column.sql";

    @TempDir
    Path releases;

    @Test
    void shouldLetTheRunningReleaseValidateASchemaThatTheNextReleaseOnlyExpanded() throws Exception {
        Path current = copyOfThisRelease("current");
        Path next = copyOfThisRelease("next");
        addVersionedMigration(next);
        try (TestDatabase database = TestDatabase.create("rolling_expand")) {
            flyway(database, current, null).migrate();
            flyway(database, next, null).migrate();
            assertEquals(1L, single(database, "SELECT count(*) FROM information_schema.columns "
                    + "WHERE table_name = 'districts' AND column_name = 'next_release_note'"));

            // a pod of the running release (re)starting mid-rollout: the future migration is tolerated ...
            flyway(database, current, "*:future").validate();
            // ... and only because of that pattern (Flyway's default too): a release that ignores nothing refuses it
            assertThrows(FlywayValidateException.class, () -> flyway(database, current, "").validate());
            flyway(database, next, null).validate();
        }
    }

    @Test
    void shouldRefuseTheRunningReleaseOnceTheNextReleaseChangedARepeatableMigrationAndRollBackByItsJob() throws Exception {
        Path current = copyOfThisRelease("current");
        Path next = copyOfThisRelease("next");
        addVersionedMigration(next);
        Path arithmetic = next.resolve("R__30_calculation_arithmetic.sql");
        String changed = Files.readString(arithmetic, StandardCharsets.UTF_8)
                .replace("THEN 'Unknown'", "THEN 'Not known'");
        Files.writeString(arithmetic, changed, StandardCharsets.UTF_8);

        try (TestDatabase database = TestDatabase.create("rolling_repeatable")) {
            flyway(database, current, null).migrate();
            String currentVersion = (String) single(database, "SELECT lct_methodology_version()");

            // the next release's Job: its repeatable migration replaces the function, so the method version moves
            flyway(database, next, null).migrate();
            assertEquals("Not known", single(database, "SELECT lct_category(NULL)"));
            String nextVersion = (String) single(database, "SELECT lct_methodology_version()");
            assertNotEquals(currentVersion, nextVersion, "a changed function is a new methodology version");

            // a pod of the running release that (re)starts now is refused, even with *:future: Flyway sees its own,
            // older repeatable migration as outdated and would re-apply it. Pods already running are unaffected
            // (validation happens at start), so the rollout replaces them rather than restarting them.
            FlywayValidateException refused = assertThrows(FlywayValidateException.class,
                    () -> flyway(database, current, "*:future").validate());
            assertTrue(refused.getMessage().contains("R__30") || refused.getMessage().contains("calculation arithmetic"),
                    refused.getMessage());
            assertTrue(refused.getMessage().toLowerCase().contains("outdated"), refused.getMessage());
            flyway(database, next, null).validate();

            // rollback: the running release's Job migrates; it re-applies its repeatable migration (the old function
            // is back, so is the old methodology version) and keeps what the next release's versioned one added
            flyway(database, current, "*:future").migrate();
            assertEquals("Unknown", single(database, "SELECT lct_category(NULL)"));
            assertEquals(currentVersion, single(database, "SELECT lct_methodology_version()"));
            assertEquals(1L, single(database, "SELECT count(*) FROM information_schema.columns "
                    + "WHERE table_name = 'districts' AND column_name = 'next_release_note'"));
            flyway(database, current, "*:future").validate();
            // and now the next release's pods would be refused until its Job runs again
            assertThrows(FlywayValidateException.class, () -> flyway(database, next, null).validate());
            flyway(database, next, null).migrate();
            assertEquals(nextVersion, single(database, "SELECT lct_methodology_version()"));
        }
    }

    @Test
    void shouldReapplyEveryRepeatableMigrationOverAMigratedDatabaseWithRows() throws Exception {
        Path current = copyOfThisRelease("current");
        Path next = copyOfThisRelease("next");
        List<Path> repeatable;
        try (Stream<Path> files = Files.list(next)) {
            repeatable = files.filter(f -> f.getFileName().toString().startsWith("R__")).sorted().toList();
        }
        for (Path file : repeatable) {
            // any edit changes the checksum, so the next migrate re-applies every file, in order, over what exists
            Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8) + "\n-- edited\n", StandardCharsets.UTF_8);
        }
        try (TestDatabase database = TestDatabase.create("rolling_reapply")) {
            flyway(database, current, null).migrate();
            String statistics = "SELECT count(*) || ' ' || md5(string_agg(to_jsonb(s)::text, ',' ORDER BY s.geography)) "
                    + "FROM mv_lct_summary_stats s";
            Object written;
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, "
                        + "instructional_staff_fte, source) VALUES ('0100001', '2023-24', 'A district', 'AL', 900, 60, 'test'), "
                        + "('5600001', '2023-24', 'Another district', 'WY', 1200, 50, 'test')");
                // a run with results; its statistics emptied, as on an installation V8 has just given the table to
                long run;
                try (ResultSet rows = statement.executeQuery("INSERT INTO calculation_runs (mode, status, school_year, "
                        + "triggered_by, requested_by, started_at) VALUES ('full', 'running', '2023-24', 'cli', 'tester', "
                        + "clock_timestamp()) RETURNING id")) {
                    rows.next();
                    run = rows.getLong(1);
                }
                statement.execute("SELECT * FROM lct_calculate(" + run + ", '2023-24', ARRAY['teachers_total'], false, 360, NULL, false)");
                statement.execute("UPDATE calculation_runs SET status = 'succeeded', finished_at = clock_timestamp(), "
                        + "input_hash = repeat('0', 64) WHERE id = " + run);
                written = single(database, statistics);
                assertTrue(written.toString().startsWith("3 "), "AL, WY and the nation: " + written);
                statement.execute("DELETE FROM lct_summary_stats");
            }
            String objects = "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('v', 'm')";
            Object views = single(database, objects);
            Object triggers = single(database, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal");

            assertEquals(repeatable.size(), flyway(database, next, null).migrate().migrationsExecuted);
            assertEquals(views, single(database, objects), "views and materialized views after re-applying");
            assertEquals(triggers, single(database, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"));
            assertEquals(2L, single(database, "SELECT count(*) FROM districts"));
            assertEquals(written, single(database, statistics), "the statistics of the current run, computed again");
            assertEquals(0L, single(database, "SELECT count(*) FROM data_lineage WHERE entity <> 'districts'"),
                    "re-applying writes no trail");
            flyway(database, next, null).validate();
        }
    }

    private Path copyOfThisRelease(String name) throws IOException, URISyntaxException {
        Path source = Path.of(RollingUpgradeTest.class.getResource("/db/migration").toURI());
        Path target = Files.createDirectories(releases.resolve(name));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    private static void addVersionedMigration(Path release) throws IOException {
        Files.writeString(release.resolve(NEXT_VERSION), """
                ALTER TABLE districts ADD COLUMN next_release_note text;
                COMMENT ON COLUMN districts.next_release_note IS 'Added by a simulated next release.';
                """, StandardCharsets.UTF_8);
    }

    /** Flyway over one release's files; {@code ignoreMigrationPatterns} null keeps Flyway's default, "" ignores nothing. */
    private static Flyway flyway(TestDatabase database, Path release, String ignoreMigrationPatterns) {
        var configuration = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.server().user(), database.server().password())
                .locations("filesystem:" + release);
        if (ignoreMigrationPatterns != null) {
            configuration.ignoreMigrationPatterns(ignoreMigrationPatterns.isEmpty()
                    ? new String[0] : new String[] {ignoreMigrationPatterns});
        }
        return configuration.load();
    }

    private static Object single(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getObject(1);
        }
    }
}
