package org.lct.district.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The service runs as a login user whose only rights come from lct_reader (V6): it may read, never write. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class ReadOnlyAccessTest extends ApiTestBase {

    private Connection connectAsTheService() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    @Test
    void shouldRunAsAMemberOfTheReadOnlyRoleThatIsNotTheOwner() throws SQLException {
        try (Connection connection = connectAsTheService(); Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("""
                        SELECT current_user <> (SELECT tableowner FROM pg_tables WHERE tablename = 'districts'),
                               pg_has_role(current_user, 'lct_reader', 'MEMBER'),
                               (SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user),
                               has_table_privilege('flyway_schema_history', 'SELECT'),
                               has_table_privilege('current_lct', 'SELECT') AND has_table_privilege('lct_summary_stats', 'SELECT')
                                   AND has_table_privilege('mv_lct_summary_stats', 'SELECT')
                        """)) {
            rows.next();
            assertTrue(rows.getBoolean(1), "not the owner of the tables");
            assertTrue(rows.getBoolean(2), "member of lct_reader");
            assertEquals(false, rows.getBoolean(3), "no superuser, CREATEROLE or CREATEDB");
            assertTrue(rows.getBoolean(4), "reads the Flyway history (validate-at-start)");
            assertTrue(rows.getBoolean(5), "reads the read models");
        }
    }

    @Test
    void shouldRefuseEveryWriteOfTheServicesDatabaseUser() throws SQLException {
        List<String> writes = List.of(
                "INSERT INTO leas (nces_id) VALUES ('0100099')",
                "UPDATE districts SET enrollment = 1 WHERE nces_id = '0600001'",
                "DELETE FROM bell_schedules",
                "TRUNCATE data_lineage",
                "INSERT INTO calculation_runs (mode, school_year, triggered_by, requested_by) VALUES ('full', '2023-24', 'cli', 'x')",
                "CREATE TABLE intruder (id int)",
                "DELETE FROM lct_summary_stats",
                "SELECT refresh_lct_summary('2023-24')",
                "REFRESH MATERIALIZED VIEW mv_state_enrichment_progress");
        try (Connection connection = connectAsTheService(); Statement sql = connection.createStatement()) {
            for (String write : writes) {
                SQLException refused = assertThrows(SQLException.class, () -> sql.execute(write), write);
                assertEquals("42501", refused.getSQLState(), write + ": " + refused.getMessage());
            }
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM districts")) {
                rows.next();
                assertNotEquals(0, rows.getLong(1), "while reading works");
            }
        }
    }
}
