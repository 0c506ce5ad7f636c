package org.lct.testsupport;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A service that does not own the migrations validates the schema at start and refuses to run on a database
 * whose schema is not the one it was built for. Runs the packaged application, as production would.
 */
public abstract class UnmigratedSchemaTest {

    @Test
    public void shouldRefuseToStartOnAnUnmigratedDatabase() throws Exception {
        try (TestDatabase empty = TestDatabase.create("unmigrated")) {
            PackagedService.Exit exit = PackagedService.runUntilExit(Map.of(
                    "quarkus.http.port", "0",
                    "quarkus.datasource.jdbc.url", empty.jdbcUrl(),
                    "quarkus.datasource.username", empty.server().user(),
                    "quarkus.datasource.password", empty.server().password()), Duration.ofSeconds(90));
            assertNotEquals(0, exit.code(), "exit code; output:\n" + exit.output());
            assertTrue(exit.output().contains("Validate failed"), "Flyway's validation error in the output:\n" + exit.output());
        }
    }
}
