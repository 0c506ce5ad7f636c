package org.lct.calculation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.lct.calculation.model.QaReport;
import org.lct.calculation.model.RunOptions;
import org.lct.calculation.service.QaService;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

/**
 * The QA report speaks the catalogue tables' vocabularies: its flag definitions are the rows of qa_flags and its
 * hierarchy checks the rows of staff_scope_hierarchy_checks, as the run's transaction sees them.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_runs"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class QaCatalogueTest {

    static final String YEAR = "2007-08";
    static final List<String> BASE_SCOPES = List.of("teachers_only", "teachers_elementary", "teachers_secondary",
            "teachers_core", "instructional", "instructional_plus_support", "all");

    private static Long runId;

    /** Fixtures go in as the schema owner; the service runs as a member of lct_calculation_writer. */
    TestDatabase database;

    @Inject
    QaService qaService;

    @Test
    void shouldServeTheFlagDefinitionsAndHierarchyChecksOfTheCatalogueTables() throws Exception {
        Fixtures f = new Fixtures(database);
        JsonPath report = given().when().get("/api/v1/runs/" + calculatedRun() + "/qa").then().statusCode(200)
                .extract().jsonPath();

        Map<String, String> flags = new LinkedHashMap<>();
        Map<String, String> severities = new LinkedHashMap<>();
        for (Map<String, Object> row : f.rows("SELECT code, severity, description FROM qa_flags ORDER BY code")) {
            flags.put((String) row.get("code"), (String) row.get("description"));
            severities.put((String) row.get("code"), (String) row.get("severity"));
        }
        assertEquals(flags, report.getMap("safeguard_definitions"));
        assertEquals(severities, report.getMap("safeguard_severities"));

        // every base scope has valid rows, so every check of the table is reported, with the table's scopes
        List<Map<String, Object>> checks = f.rows(
                "SELECT label, lower_scope, higher_scope FROM staff_scope_hierarchy_checks ORDER BY sort_order");
        assertEquals(checks.size(), report.getMap("hierarchy_validation").size());
        for (Map<String, Object> check : checks) {
            String path = "hierarchy_validation.'" + check.get("label") + "'";
            assertEquals(check.get("lower_scope"), report.getString(path + ".lower.scope"), path);
            assertEquals(check.get("higher_scope"), report.getString(path + ".higher.scope"), path);
        }
    }

    @Test
    void shouldWriteTheReportInTheCatalogueThatItsTransactionSees() throws Exception {
        long run = calculatedRun();
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                Fixtures.executeAll(c,
                        "UPDATE qa_flags SET description = 'Reworded inside a test transaction' WHERE code = 'WARN_YEAR_GAP'",
                        "INSERT INTO qa_flags (code, severity, description) VALUES ('INFO_TEST_ONLY', 'info', 'A flag of this test')",
                        "DELETE FROM staff_scope_hierarchy_checks WHERE label = 'Teachers < Core'",
                        """
                        INSERT INTO staff_scope_hierarchy_checks (label, lower_scope, higher_scope, sort_order)
                        VALUES ('Secondary < All', 'teachers_secondary', 'all', 100)""");

                QaReport report = qaService.report(c, run, new RunOptions(RunOptions.FULL, YEAR, BASE_SCOPES, false, 360));

                assertEquals("Reworded inside a test transaction", report.safeguardDefinitions().get("WARN_YEAR_GAP"));
                assertEquals("A flag of this test", report.safeguardDefinitions().get("INFO_TEST_ONLY"));
                assertEquals(QaReport.FlagSeverity.INFO, report.safeguardSeverities().get("INFO_TEST_ONLY"));
                assertFalse(report.hierarchyValidation().containsKey("Teachers < Core"));
                QaReport.HierarchyCheckResult added = report.hierarchyValidation().get("Secondary < All");
                assertEquals("teachers_secondary", added.lower().scope());
                assertEquals("all", added.higher().scope());
                assertEquals(added.lower().mean() < added.higher().mean(), added.passed());
            } finally {
                c.rollback();
            }
        }
        given().when().get("/api/v1/runs/" + run + "/qa").then().statusCode(200)
                .body("hierarchy_validation.'Teachers < Core'.lower.scope", equalTo("teachers_only"));
    }

    /** One district reporting every base scope's staff, calculated once for the tests of this class. */
    private synchronized long calculatedRun() throws Exception {
        if (runId != null) {
            return runId;
        }
        Fixtures f = new Fixtures(database);
        f.requirement("ID", "elementary", "2000-01", 330);
        f.requirement("ID", "high", "2000-01", 360);
        f.district("1600001", YEAR, "ID", 1000, "60");
        for (String grade : List.of("KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12")) {
            f.enrollment("1600001", YEAR, grade, 75);
        }
        for (var staff : Map.of("teachers_kindergarten", "4", "teachers_elementary", "20", "teachers_secondary", "30",
                "teachers_ungraded", "1", "paraprofessionals", "10", "instructional_coordinators", "2",
                "counselors_total", "3", "psychologists", "1", "librarians", "1", "other_support_staff", "8").entrySet()) {
            f.staff("1600001", YEAR, staff.getKey(), staff.getValue());
        }
        io.restassured.response.Response run = Fixtures.runAndWait(
                "{\"year\": \"" + YEAR + "\", \"scopes\": [\"" + String.join("\", \"", BASE_SCOPES) + "\"]}");
        run.then().body("status", equalTo("succeeded"));
        runId = run.jsonPath().getLong("id");
        assertTrue(runId > 0);
        return runId;
    }
}
