package org.lct.calculation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.lct.importer.Importers;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

/**
 * The default mode on the real bundled dataset, imported by the enrichment importers: NCES districts, the 50 state
 * requirements and the collected bell schedules. Expected minutes and LCTs are derived here from the imported
 * inputs, independently of the calculation's SQL.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_bundled"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class BundledDatasetRunTest {

    /** Fixtures go in as the schema owner; the service runs as a member of lct_calculation_writer. */
    TestDatabase database;

    @Test
    void shouldCalculateTheBundledDatasetWithStateAndBellScheduleMinutes() throws Exception {
        try (Connection c = database.connect()) {
            Importers.importBundledDataset(c);
        }
        Fixtures f = new Fixtures(database);
        JsonPath run = Fixtures.runAndWait("{\"mode\": \"full\", \"year\": \"2023-24\"}").jsonPath();
        assertEquals("succeeded", run.getString("status"), run.prettify());
        long runId = run.getLong("id");
        assertEquals(17_842, run.getInt("result_rows"));
        assertEquals(List.of("teachers_total"), run.getList("parameters.scopes"));

        // every district without a usable bell schedule takes its state's elementary requirement, else the default
        List<Map<String, Object>> rows = f.rows("""
                SELECT c.nces_id, c.minutes_source, c.instructional_minutes, c.staff_fte, c.enrollment, c.lct_minutes,
                       (SELECT r.daily_minutes FROM state_requirements r
                        WHERE r.state_code = d.state_code AND r.grade_level = 'elementary'
                        ORDER BY r.valid_from_year <= '2023-24' DESC, r.valid_from_year DESC LIMIT 1) AS statute
                FROM lct_calculations c JOIN districts d USING (nces_id, school_year)
                WHERE c.run_id = ?""", runId);
        long bell = 0;
        for (Map<String, Object> row : rows) {
            Integer statute = (Integer) row.get("statute");
            String source = (String) row.get("minutes_source");
            if ("bell_schedule".equals(source)) {
                bell++;
            } else if (statute != null) {
                assertEquals("state_requirement", source, row.get("nces_id") + " has a statute");
                assertEquals(statute, row.get("instructional_minutes"), row.get("nces_id") + " minutes");
            } else {
                assertEquals("default", source, String.valueOf(row.get("nces_id")));
                assertEquals(360, row.get("instructional_minutes"));
            }
            int enrollment = (Integer) row.get("enrollment");
            if (enrollment > 0) {
                double raw = ((Integer) row.get("instructional_minutes")).doubleValue()
                        * ((BigDecimal) row.get("staff_fte")).doubleValue() / enrollment;
                assertEquals(0, Fixtures.pythonRound2(raw).compareTo((BigDecimal) row.get("lct_minutes")),
                        row.get("nces_id") + " lct");
            }
        }
        long expectedBell = f.count("""
                SELECT count(DISTINCT b.nces_id) FROM bell_schedules b
                JOIN collection_methods m ON m.code = b.method AND m.counts_as_enriched
                JOIN districts d ON d.nces_id = b.nces_id AND d.school_year = '2023-24'
                WHERE abs(substr(b.school_year, 1, 4)::int - 2023) <= 3""");
        assertTrue(expectedBell > 0, "the bundled dataset has collected bell schedules");
        assertEquals(expectedBell, bell);

        // one meaning of a flag (methodology point 5): a value is invalid exactly when it carries an ERR_ flag
        assertEquals(0, f.count("""
                SELECT count(*) FROM lct_calculations
                WHERE run_id = ? AND is_valid = EXISTS (SELECT FROM unnest(qa_flags) AS flag WHERE flag LIKE 'ERR\\_%')""",
                runId), "rows whose validity disagrees with their flags");
        // the flags are written sorted: the calculation finds an ERR_ flag, if there is one, first
        assertEquals(0, f.count("""
                SELECT count(*) FROM lct_calculations
                WHERE run_id = ? AND qa_flags <> ARRAY(SELECT flag FROM unnest(qa_flags) AS flag ORDER BY flag COLLATE "C")""",
                runId), "rows whose flags are not sorted");
        assertTrue(f.count("""
                SELECT count(*) FROM lct_calculations WHERE run_id = ? AND 'ERR_VOLATILE' = ANY(qa_flags)""", runId) > 0,
                "the bundled dataset has districts of fewer than 50 students");

        JsonPath qa = io.restassured.RestAssured.given().when().get("/api/v1/runs/" + runId + "/qa").then()
                .statusCode(200).body("metadata.reference_compatibility", equalTo("none")).extract().jsonPath();
        double mean = qa.getDouble("scope_summary[0].mean");
        // G1's 360 minutes everywhere gave 29.04; the statutes are mostly shorter (methodology point 1)
        assertTrue(mean < 29.0, "national mean " + mean);
        System.out.printf("bundled dataset, default mode: valid %d of %d, mean %.2f, median %.2f, bell-schedule districts %d%n",
                qa.getInt("data_quality.valid_rows"), qa.getInt("data_quality.total_rows"), mean,
                qa.getDouble("scope_summary[0].median"), bell);
    }
}
