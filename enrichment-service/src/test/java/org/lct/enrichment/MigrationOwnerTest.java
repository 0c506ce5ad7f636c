package org.lct.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** enrichment-service is the one migration owner: started on an empty database, it applies the whole schema. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "migrate", value = "false")})
@WithTestResource(TestTokens.class)
class MigrationOwnerTest {

    @Inject
    Flyway flyway;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldHaveAppliedEveryMigrationAtStart() throws Exception {
        assertEquals(0, flyway.info().pending().length, "pending migrations");
        assertTrue(flyway.info().applied().length > 0);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet states = statement.executeQuery("SELECT count(*) FROM states")) {
            states.next();
            assertEquals(57, states.getInt(1));
        }
    }
}
