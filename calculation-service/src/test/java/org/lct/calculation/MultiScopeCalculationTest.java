package org.lct.calculation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

/**
 * Every staff scope of methodology §2 from synthetic staff counts and grade enrollment; the expected LCTs are
 * computed here from the fixture values, in the reference's order (minutes × staff / enrollment, on doubles)
 * and rounded as Python rounds.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_runs"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class MultiScopeCalculationTest {

    static final String YEAR = "2016-17";

    /** Fixtures go in as the schema owner; the service runs as a member of lct_calculation_writer. */
    TestDatabase database;

    @Test
    void shouldComputeEverySupportedScopeFromStaffCountsAndGradeEnrollment() throws Exception {
        Fixtures f = new Fixtures(database);
        f.requirement("WA", "elementary", "2000-01", 330);
        f.requirement("WA", "high", "2000-01", 360);
        f.district("5300001", YEAR, "WA", 1250, "69.75");
        Map<String, Integer> grades = new HashMap<>();
        grades.put("PK", 50);
        grades.put("UG", 10);
        for (String grade : List.of("KG", "01", "02", "03", "04", "05")) {
            grades.put(grade, 100);
        }
        for (String grade : List.of("06", "07", "08")) {
            grades.put(grade, 90);
        }
        for (String grade : List.of("09", "10", "11", "12")) {
            grades.put(grade, 80);
        }
        for (var grade : grades.entrySet()) {
            f.enrollment("5300001", YEAR, grade.getKey(), grade.getValue());
        }
        Map<String, String> staff = Map.ofEntries(Map.entry("teachers_kindergarten", "5"),
                Map.entry("teachers_elementary", "25.5"), Map.entry("teachers_secondary", "35.25"),
                Map.entry("teachers_ungraded", "1"), Map.entry("teachers_prek", "3"), Map.entry("teachers_total", "69.75"),
                Map.entry("paraprofessionals", "12"), Map.entry("instructional_coordinators", "2"),
                Map.entry("librarians", "1.5"), Map.entry("counselors_total", "4"), Map.entry("counselors_elementary", "2.5"),
                Map.entry("psychologists", "1"), Map.entry("student_support_services", "3"),
                Map.entry("lea_administrators", "2"), Map.entry("school_administrators", "6"),
                Map.entry("other_support_staff", "10"));
        for (var category : staff.entrySet()) {
            f.staff("5300001", YEAR, category.getKey(), category.getValue());
        }
        // a district that reported one category only: every base scope equals it
        f.district("5300002", YEAR, "WA", 200, "10");
        f.staff("5300002", YEAR, "teachers_elementary", "10");

        Response run = Fixtures.runAndWait("{\"year\": \"" + YEAR + "\"}");
        run.then().body("status", equalTo("succeeded"))
                .body("parameters.scopes", equalTo(List.of("teachers_only", "teachers_elementary", "teachers_secondary",
                        "teachers_core", "instructional", "instructional_plus_support", "all", "teachers_total")));
        long runId = run.jsonPath().getLong("id");

        int k12 = 600 + 270 + 320; // KG..12: pre-K, ungraded excluded (methodology point 7)
        double core = 5 + 25.5 + 35.25 + 1;
        double instructional = core + 2 + 12;
        double support = instructional + 4 + 1 + 3;
        double all = support + 1.5 + 2 + 6 + 10; // librarians only here; counselors_elementary is a subtotal
        Map<String, BigDecimal> expected = Map.of(
                "teachers_only", Fixtures.pythonRound2(330.0 * 65.75 / k12),
                "teachers_elementary", Fixtures.pythonRound2(330.0 * 30.5 / 600),
                "teachers_secondary", Fixtures.pythonRound2(360.0 * 35.25 / 590),
                "teachers_core", Fixtures.pythonRound2(330.0 * core / k12),
                "instructional", Fixtures.pythonRound2(330.0 * instructional / k12),
                "instructional_plus_support", Fixtures.pythonRound2(330.0 * support / k12),
                "all", Fixtures.pythonRound2(330.0 * all / k12),
                "teachers_total", Fixtures.pythonRound2(330.0 * 69.75 / 1250));
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : f.rows("SELECT * FROM lct_calculations WHERE run_id = ? AND nces_id = '5300001'", runId)) {
            rows.put((String) row.get("staff_scope"), row);
        }
        assertEquals(expected.keySet(), rows.keySet());
        expected.forEach((scope, lct) -> assertEquals(0, lct.compareTo((BigDecimal) rows.get(scope).get("lct_minutes")),
                scope + ": expected " + lct + ", got " + rows.get(scope).get("lct_minutes")));
        assertEquals(360, rows.get("teachers_secondary").get("instructional_minutes"));
        assertEquals("high", rows.get("teachers_secondary").get("minutes_grade_level"));
        assertEquals(590, rows.get("teachers_secondary").get("enrollment"));
        assertEquals("elementary", rows.get("all").get("minutes_grade_level"));
        assertEquals(k12, rows.get("all").get("enrollment"));
        rows.values().forEach(row -> assertEquals(true, row.get("is_valid"), row.get("staff_scope") + " valid"));

        List<Map<String, Object>> flat = f.rows("""
                SELECT staff_scope, qa_flags::text AS flags, enrollment, is_valid AS valid FROM lct_calculations
                WHERE run_id = ? AND nces_id = '5300002' ORDER BY staff_scope""", runId);
        assertEquals(List.of("all", "instructional", "instructional_plus_support", "teachers_core", "teachers_only",
                "teachers_total"), flat.stream().map(row -> row.get("staff_scope")).toList());
        assertEquals("{ERR_FLAT_STAFF,ERR_RATIO_CEILING,INFO_K12_FROM_TOTAL}",
                flat.stream().filter(row -> row.get("staff_scope").equals("teachers_only")).findFirst().orElseThrow().get("flags"));
        assertEquals("{}", flat.stream().filter(row -> row.get("staff_scope").equals("teachers_total")).findFirst()
                .orElseThrow().get("flags"));
        // an ERR_ flag makes the value invalid (methodology point 5): flat staff is incomplete reporting
        flat.forEach(row -> assertEquals(!((String) row.get("flags")).contains("ERR_"), row.get("valid"),
                row.get("staff_scope") + " " + row.get("flags")));

        io.restassured.RestAssured.given().when().get("/api/v1/runs/" + runId + "/qa").then().statusCode(200)
                .body("hierarchy_validation.size()", equalTo(6))
                .body("hierarchy_validation.'Core < Instructional'.passed", equalTo(true))
                .body("safeguards.ERR_FLAT_STAFF.rows", equalTo(5))
                .body("safeguards.ERR_FLAT_STAFF.districts", equalTo(1));
    }
}
