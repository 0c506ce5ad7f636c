package org.lct.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.PackagedService;
import org.lct.testsupport.TestDatabase;

/**
 * The migration step as the Kubernetes Job and ./lct up run it: this service's packaged image, as the schema owner,
 * with init-and-exit and migrate-at-start, applies the whole schema to an empty database and exits.
 */
class MigrationStepIT {

    @Test
    void shouldApplyEveryMigrationAndExit() throws Exception {
        try (TestDatabase empty = TestDatabase.create("migration_step")) {
            PackagedService.Exit exit = PackagedService.runUntilExit(Map.of(
                    "quarkus.init-and-exit", "true",
                    "quarkus.flyway.migrate-at-start", "true",
                    "quarkus.flyway.validate-at-start", "false",
                    "quarkus.datasource.jdbc.url", empty.jdbcUrl(),
                    "quarkus.datasource.username", empty.server().user(),
                    "quarkus.datasource.password", empty.server().password()), Duration.ofSeconds(120));
            assertEquals(0, exit.code(), "exit code; output:\n" + exit.output());
            assertEquals(0, empty.flyway().info().pending().length, "pending migrations");
            assertTrue(empty.flyway().info().applied().length > 0);
            try (Connection connection = empty.connect(); Statement statement = connection.createStatement();
                    ResultSet states = statement.executeQuery("SELECT count(*) FROM states")) {
                states.next();
                assertEquals(57, states.getInt(1));
            }
        }
    }
}
