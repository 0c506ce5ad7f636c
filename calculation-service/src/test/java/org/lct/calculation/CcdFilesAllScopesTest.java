package org.lct.calculation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;


import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.lct.importer.ImportKind;
import org.lct.importer.Importers;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

/**
 * What a user with the NCES CCD files gets: three districts of the bundled dataset, their membership (052) and
 * staff (059) in the NCES long format (test resources {@code ccd/}), imported by the importers, and a run that
 * calculates every scope those files support. The expected staff and enrollment are summed here from the files.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_ccd"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class CcdFilesAllScopesTest {

    static final List<String> DISTRICTS = List.of("0100005", "0634920", "5308700");
    static final List<String> SCOPES_FROM_CCD_FILES = List.of("teachers_only", "teachers_elementary",
            "teachers_secondary", "teachers_core", "instructional", "instructional_plus_support", "all",
            "teachers_total");
    static final List<String> KINDERGARTEN_TO_12 = List.of("Kindergarten", "Grade 1", "Grade 2", "Grade 3", "Grade 4",
            "Grade 5", "Grade 6", "Grade 7", "Grade 8", "Grade 9", "Grade 10", "Grade 11", "Grade 12");
    static final Set<String> TEACHERS_ONLY = Set.of("Kindergarten Teachers", "Elementary Teachers", "Secondary Teachers");
    /** Every staff label but pre-K teachers, the teachers total and the counselors by level (School Counselors sums them). */
    static final Set<String> ALL_STAFF = Set.of("Kindergarten Teachers", "Elementary Teachers", "Secondary Teachers",
            "Ungraded Teachers", "Paraprofessionals/Instructional Aides",
            "Instructional Coordinators and Supervisors to the Staff", "Librarians/media specialists",
            "Library/Media Support Staff", "School Counselors", "School Psychologists", "Student Support Services Staff (w/o Psychology)", "LEA Administrators",
            "LEA Administrative Support Staff", "School Administrators", "School Administrative Support Staff",
            "All Other Support Staff");

    /** Injected by PostgresDatabaseResource: the files are imported through it, as the owner. */
    TestDatabase database;

    @Test
    void shouldCalculateEveryScopeTheCcdFilesSupportForRealDistricts() throws Exception {
        String membership = resource("ccd/ccd_lea_052_2324_l_sample.csv");
        String staff = resource("ccd/ccd_lea_059_2324_l_sample.csv");
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            Importers.importFile(c, ImportKind.DISTRICTS, Importers.Format.CSV, bundledDistricts().getBytes(StandardCharsets.UTF_8));
            Importers.importFile(c, ImportKind.STATE_REQUIREMENTS, Importers.Format.YAML, Files.readAllBytes(
                    Importers.repositoryRoot().resolve(Importers.BUNDLED_STATE_REQUIREMENTS)));
            Importers.importFile(c, ImportKind.ENROLLMENT_BY_GRADE, Importers.Format.CSV, membership.getBytes(StandardCharsets.UTF_8));
            Importers.importFile(c, ImportKind.STAFF_COUNTS, Importers.Format.CSV, staff.getBytes(StandardCharsets.UTF_8));
            c.commit();
        }

        Response run = Fixtures.runAndWait("{\"mode\": \"full\", \"year\": \"2023-24\"}");
        run.then().body("status", equalTo("succeeded")).body("parameters.scopes", equalTo(SCOPES_FROM_CCD_FILES));
        long runId = run.jsonPath().getLong("id");

        Fixtures f = new Fixtures(database);
        for (String district : DISTRICTS) {
            Map<String, Map<String, Object>> byScope = new HashMap<>();
            for (Map<String, Object> row : f.rows("SELECT * FROM lct_calculations WHERE run_id = ? AND nces_id = ?",
                    runId, district)) {
                byScope.put((String) row.get("staff_scope"), row);
            }
            assertEquals(Set.copyOf(SCOPES_FROM_CCD_FILES), byScope.keySet(), district + " has every scope");
            for (Map<String, Object> row : byScope.values()) {
                double raw = ((Integer) row.get("instructional_minutes")).doubleValue()
                        * ((BigDecimal) row.get("staff_fte")).doubleValue() / (Integer) row.get("enrollment");
                assertEquals(0, Fixtures.pythonRound2(raw).compareTo((BigDecimal) row.get("lct_minutes")),
                        district + " " + row.get("staff_scope") + ": " + row);
            }
            Map<String, BigDecimal> staffByLabel = staffByLabel(staff, district);
            Map<String, Integer> studentsByGrade = studentsByGrade(membership, district);
            int k12 = KINDERGARTEN_TO_12.stream().mapToInt(g -> studentsByGrade.getOrDefault(g, 0)).sum();
            int elementary = KINDERGARTEN_TO_12.subList(0, 6).stream().mapToInt(g -> studentsByGrade.getOrDefault(g, 0)).sum();
            assertStaffAndEnrollment(byScope.get("teachers_only"), sum(staffByLabel, TEACHERS_ONLY), k12);
            assertStaffAndEnrollment(byScope.get("teachers_elementary"),
                    sum(staffByLabel, Set.of("Kindergarten Teachers", "Elementary Teachers")), elementary);
            assertStaffAndEnrollment(byScope.get("teachers_secondary"), staffByLabel.get("Secondary Teachers"), k12 - elementary);
            assertStaffAndEnrollment(byScope.get("all"), sum(staffByLabel, ALL_STAFF), k12);
            assertEquals(0, staffByLabel.get("Teachers").compareTo((BigDecimal) byScope.get("teachers_total").get("staff_fte")));
        }
        // the widest scope counts more staff than the narrowest, over the same students
        assertTrue(f.count("""
                SELECT count(*) FROM lct_calculations a JOIN lct_calculations t USING (run_id, nces_id)
                WHERE a.run_id = ? AND a.staff_scope = 'all' AND t.staff_scope = 'teachers_only'
                  AND a.lct_minutes > t.lct_minutes""", runId) == DISTRICTS.size());
    }

    private static void assertStaffAndEnrollment(Map<String, Object> row, BigDecimal staff, int enrollment) {
        assertEquals(0, staff.compareTo((BigDecimal) row.get("staff_fte")), row.get("staff_scope") + " staff: " + row);
        assertEquals(enrollment, row.get("enrollment"), row.get("staff_scope") + " enrollment: " + row);
    }

    private static BigDecimal sum(Map<String, BigDecimal> staffByLabel, Set<String> labels) {
        return labels.stream().map(staffByLabel::get).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The header and the lines of the three districts, from the bundled NCES file as it is. */
    private static String bundledDistricts() throws IOException {
        List<String> lines = Files.readAllLines(Importers.repositoryRoot().resolve(Importers.BUNDLED_DISTRICTS));
        Set<String> ids = DISTRICTS.stream().map(id -> id.replaceFirst("^0+", "")).collect(Collectors.toSet());
        String body = lines.stream().skip(1).filter(line -> ids.contains(line.substring(0, line.indexOf(','))))
                .collect(Collectors.joining("\n"));
        assertEquals(DISTRICTS.size(), body.lines().count(), "the districts are in the bundled dataset");
        return lines.getFirst() + "\n" + body + "\n";
    }

    /** STAFF to STAFF_COUNT of one district (no field of these files holds a comma). */
    private static Map<String, BigDecimal> staffByLabel(String file, String district) {
        List<String> header = List.of(file.lines().findFirst().orElseThrow().split(","));
        Map<String, BigDecimal> byLabel = new HashMap<>();
        file.lines().skip(1).map(line -> line.split(",", -1))
                .filter(f -> f[header.indexOf("LEAID")].equals(district) && !f[header.indexOf("STAFF")].equals("No Category Codes"))
                .forEach(f -> byLabel.put(f[header.indexOf("STAFF")], new BigDecimal(f[header.indexOf("STAFF_COUNT")])));
        return byLabel;
    }

    /** GRADE to STUDENT_COUNT of one district's grade subtotals, unreported grades left out. */
    private static Map<String, Integer> studentsByGrade(String file, String district) {
        List<String> header = List.of(file.lines().findFirst().orElseThrow().split(","));
        Map<String, Integer> byGrade = new HashMap<>();
        file.lines().skip(1).map(line -> line.split(",", -1))
                .filter(f -> f[header.indexOf("LEAID")].equals(district)
                        && f[header.indexOf("TOTAL_INDICATOR")].equals("Subtotal 4 - By Grade")
                        && !f[header.indexOf("STUDENT_COUNT")].isEmpty())
                .forEach(f -> byGrade.put(f[header.indexOf("GRADE")], Integer.parseInt(f[header.indexOf("STUDENT_COUNT")])));
        return byGrade;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CcdFilesAllScopesTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
