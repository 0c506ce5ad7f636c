package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.lct.testsupport.TestDatabase;
import org.postgresql.util.PSQLException;

/**
 * A migrated database per test class; every test runs in a transaction that is rolled back afterwards, so tests
 * see only their own rows.
 */
abstract class DatabaseTest {

    static TestDatabase database;
    Connection connection;

    @BeforeAll
    static void createMigratedDatabase() {
        database = TestDatabase.create("migrations");
        database.migrate();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void openTransaction() throws SQLException {
        connection = database.connect();
        connection.setAutoCommit(false);
    }

    @AfterEach
    void rollBack() throws SQLException {
        connection.rollback();
        connection.close();
    }

    int execute(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    List<Map<String, Object>> query(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            List<Map<String, Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        }
    }

    Object single(String sql, Object... parameters) throws SQLException {
        List<Map<String, Object>> rows = query(sql, parameters);
        assertEquals(1, rows.size(), "rows of " + sql);
        return rows.get(0).values().iterator().next();
    }

    /** Runs the statement and asserts that the database refuses it by the named constraint; the transaction stays usable. */
    void assertRefusedBy(String constraint, String sql, Object... parameters) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            execute(sql, parameters);
            fail("expected constraint " + constraint + " to refuse: " + sql);
        } catch (PSQLException refused) {
            assertNotNull(refused.getServerErrorMessage(), refused.getMessage());
            assertEquals(constraint, refused.getServerErrorMessage().getConstraint(),
                    "constraint named by: " + refused.getServerErrorMessage().getMessage());
        } finally {
            connection.rollback(savepoint);
        }
    }

    void insertDistrict(String ncesId, String state, Integer enrollment, Double staff) throws SQLException {
        insertDistrict(ncesId, "2023-24", state, enrollment, staff);
    }

    void insertDistrict(String ncesId, String year, String state, Integer enrollment, Double staff) throws SQLException {
        execute("INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'nces_ccd')", ncesId, year, "District " + ncesId, state, enrollment, staff);
    }

    long insertBellSchedule(String ncesId, String level, int minutes, String method, String confidence) throws SQLException {
        return ((Number) single("INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, method, "
                + "confidence, source_urls) VALUES (?, '2024-25', ?, ?, ?, ?, ARRAY['https://example.org/schedule']) RETURNING id",
                ncesId, level, minutes, method, confidence)).longValue();
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
