package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.TestDatabase;

class MigrationsTest {

    @Test
    void shouldApplyToAnEmptyDatabaseAndBeANoOpWhenReapplied() throws Exception {
        try (TestDatabase database = TestDatabase.create("migrations_apply")) {
            MigrateResult first = database.migrate();
            assertTrue(first.success);
            assertEquals(migrationFiles().size(), first.migrationsExecuted, "every versioned and repeatable migration applied once");

            MigrateResult second = database.migrate();
            assertTrue(second.success);
            assertEquals(0, second.migrationsExecuted, "re-applying changes nothing");
            database.flyway().validate();

            assertEquals(57, count(database, "SELECT count(*) FROM states"), "50 states, DC, 5 territories and BIE");
            assertEquals(0, count(database, "SELECT count(*) FROM data_lineage"), "seeding writes no trail");
        }
    }

    @Test
    void shouldCommentEveryTableViewAndColumn() throws Exception {
        try (TestDatabase database = TestDatabase.create("migrations_comments")) {
            database.migrate();
            List<String> undocumented = strings(database, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm') AND c.relname <> 'flyway_schema_history'
                      AND obj_description(c.oid, 'pg_class') IS NULL
                    UNION ALL
                    SELECT c.relname || '.' || a.attname FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm') AND c.relname <> 'flyway_schema_history'
                      AND col_description(c.oid, a.attnum) IS NULL
                    """);
            assertEquals(List.of(), undocumented, "tables, views and columns without COMMENT");
            assertEquals(2, count(database, "SELECT count(*) FROM pg_class WHERE relkind = 'm'"),
                    "two materialized views, the coverage views");
        }
    }

    private static List<Path> migrationFiles() throws IOException, URISyntaxException {
        Path folder = Path.of(MigrationsTest.class.getResource("/db/migration").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().matches("(V\\d+|R)__.+\\.sql")).toList();
        }
    }

    private static long count(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> strings(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
