package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change leaves a trail with before and after values, and the trail itself cannot be changed. */
class LineageTest extends DatabaseTest {

    private static final String KEY = "0622710/2024-25/high";

    @BeforeEach
    void loadLosAngeles() throws SQLException {
        insertDistrict("0622710", "CA", 419929, 24591.0);
    }

    @Test
    void shouldRecordInsertUpdateAndDeleteWithBeforeAndAfterValuesAndTheirContext() throws SQLException {
        single("SELECT set_change_context('alice@example.org', 'collected from the district site', "
                + "'https://example.org/schedule', 'request-42')");
        long id = insertBellSchedule("0622710", "high", 360, "web_scraping", "medium");
        execute("UPDATE bell_schedules SET instructional_minutes = 375, confidence = 'high' WHERE id = ?", id);
        execute("DELETE FROM bell_schedules WHERE id = ?", id);

        List<Map<String, Object>> trail = query("""
                SELECT action, before_values ->> 'instructional_minutes' AS before_minutes,
                       after_values ->> 'instructional_minutes' AS after_minutes, changed_columns::text AS changed,
                       actor, reason, source, correlation_id, transaction_id = pg_current_xact_id() AS same_transaction
                FROM data_lineage WHERE entity = 'bell_schedules' AND entity_key = ? ORDER BY id""", KEY);
        assertEquals(3, trail.size());
        assertEquals(List.of("insert", "update", "delete"), trail.stream().map(row -> row.get("action")).toList());
        assertNull(trail.get(0).get("before_minutes"));
        assertEquals("360", trail.get(0).get("after_minutes"));
        assertEquals("360", trail.get(1).get("before_minutes"));
        assertEquals("375", trail.get(1).get("after_minutes"));
        assertEquals("{confidence,instructional_minutes}", trail.get(1).get("changed"), "bookkeeping columns are not changes");
        assertEquals("375", trail.get(2).get("before_minutes"));
        assertNull(trail.get(2).get("after_minutes"));
        for (Map<String, Object> entry : trail) {
            assertEquals("alice@example.org", entry.get("actor"));
            assertEquals("collected from the district site", entry.get("reason"));
            assertEquals("https://example.org/schedule", entry.get("source"));
            assertEquals("request-42", entry.get("correlation_id"));
            assertEquals(true, entry.get("same_transaction"));
        }
    }

    @Test
    void shouldNameTheDatabaseUserWhenSqlIsRunByHandAndForgetTheContextAfterCommit() throws SQLException {
        single("SELECT set_change_context('importer', NULL, NULL, NULL)");
        connection.commit();
        try {
            execute("UPDATE districts SET enrollment = 419930 WHERE nces_id = '0622710'");
            Map<String, Object> entry = query("SELECT actor, before_values ->> 'enrollment' AS before, after_values ->> 'enrollment' AS after "
                    + "FROM data_lineage WHERE entity = 'districts' AND entity_key = '0622710/2023-24' AND action = 'update'").get(0);
            assertEquals("db:" + database.server().user(), entry.get("actor"));
            assertEquals("419929", entry.get("before"));
            assertEquals("419930", entry.get("after"));
        } finally {
            connection.rollback();
            execute("DELETE FROM districts WHERE nces_id = '0622710'");
            execute("DELETE FROM leas WHERE nces_id = '0622710'");
            connection.commit();
        }
    }

    @Test
    void shouldWriteNoTrailForAnUpdateThatChangesNothing() throws SQLException {
        long before = (long) single("SELECT count(*) FROM data_lineage");
        assertEquals(1, execute("UPDATE districts SET enrollment = enrollment, name = name WHERE nces_id = '0622710'"));
        assertEquals(before, single("SELECT count(*) FROM data_lineage"));
    }

    @Test
    void shouldRecordEveryRowOfABulkInsert() throws SQLException {
        long before = (long) single("SELECT count(*) FROM data_lineage WHERE entity = 'districts'");
        execute("INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source) "
                + "SELECT lpad((600000 + n)::text, 7, '0'), '2023-24', 'District ' || n, 'CA', n, 1, 'nces_ccd' "
                + "FROM generate_series(1, 500) AS n");
        assertEquals(before + 500, single("SELECT count(*) FROM data_lineage WHERE entity = 'districts'"));
        assertEquals("{\"enrollment\": 7}", single(
                "SELECT jsonb_build_object('enrollment', after_values -> 'enrollment')::text FROM data_lineage WHERE entity_key = '0600007/2023-24'"));
    }

    @Test
    void shouldBumpVersionAndUpdatedAtOnDirectEdits() throws SQLException {
        long id = insertBellSchedule("0622710", "high", 360, "web_scraping", "medium");
        execute("UPDATE bell_schedules SET notes = 'checked' WHERE id = ?", id);
        execute("UPDATE bell_schedules SET notes = 'checked again' WHERE id = ?", id);
        assertEquals(2, single("SELECT version FROM bell_schedules WHERE id = ?", id));
    }

    @Test
    void shouldCarryAReKeyedDistrictIdToEveryTableAndRecordIt() throws SQLException {
        insertDistrict("3000052", "MT", 2500, 150.0);
        insertBellSchedule("3000052", "elementary", 330, "web_scraping", "high");
        execute("UPDATE leas SET nces_id = '3013040' WHERE nces_id = '3000052'");
        assertEquals(1L, single("SELECT count(*) FROM districts WHERE nces_id = '3013040'"));
        assertEquals(1L, single("SELECT count(*) FROM bell_schedules WHERE nces_id = '3013040'"));
        assertEquals(0L, single("SELECT count(*) FROM districts WHERE nces_id = '3000052'"));
        assertEquals("3000052", single("SELECT before_values ->> 'nces_id' FROM data_lineage "
                + "WHERE entity = 'bell_schedules' AND action = 'update' AND entity_key = '3013040/2024-25/elementary'"));
    }

    @Test
    void shouldRefuseToUpdateDeleteOrTruncateTheTrail() throws SQLException {
        execute("UPDATE districts SET enrollment = 1 WHERE nces_id = '0622710'");
        assertTrue((long) single("SELECT count(*) FROM data_lineage") > 0);
        assertRefusedBy("data_lineage_append_only", "UPDATE data_lineage SET actor = 'someone else'");
        assertRefusedBy("data_lineage_append_only", "DELETE FROM data_lineage");
        assertRefusedBy("data_lineage_append_only", "TRUNCATE data_lineage");
    }
}
