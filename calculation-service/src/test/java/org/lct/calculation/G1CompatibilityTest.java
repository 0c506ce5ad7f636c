package org.lct.calculation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;
import org.postgresql.PGConnection;

/**
 * Reference compatibility G1: from the NCES 2023-24 inputs, a run with {@code referenceCompatibility: g1} must
 * reproduce the reference's published per-district dataset on every row and column, its valid subset and its
 * summary statistics (methodology §5). The comparison reads ../shared in place.
 *
 * <p>Values are computed in SQL on float8 (as pandas did) and LCT is rounded half-even on the exact binary value;
 * hours, ratio and percentile with rint on the scaled double. Comparing doubles for exact equality here is the
 * point: a numeric-based computation, or a HALF_UP rounding, changes dozens of rows (methodology §1.2).
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_runs"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class G1CompatibilityTest {

    static final String YEAR = "2023-24";

    /** Fixtures go in as the schema owner; the service runs as a member of lct_calculation_writer. */
    TestDatabase database;

    @Test
    void shouldReproduceThePublishedG1DatasetRowForRow() throws Exception {
        List<List<String>> published = ReferenceFiles.readCsv(
                ReferenceFiles.published("nces-2023-24/districts_2023_24_nces_with_lct.csv"));
        List<List<String>> publishedValid = ReferenceFiles.readCsv(
                ReferenceFiles.published("nces-2023-24/districts_2023_24_nces_with_lct_valid.csv"));
        String summary = Files.readString(
                ReferenceFiles.published("nces-2023-24/districts_2023_24_nces_with_lct_summary.txt"));
        loadBundledDistricts();

        JsonPath run = Fixtures.runAndWait("""
                {"mode": "full", "year": "2023-24", "options": {"reference_compatibility": "g1"}}""").jsonPath();
        assertEquals("succeeded", run.getString("status"), run.prettify());
        long runId = run.getLong("id");
        assertEquals(17_842, run.getInt("result_rows"));

        Map<String, Map<String, Object>> ours = new HashMap<>();
        for (Map<String, Object> row : new Fixtures(database).rows("""
                SELECT nces_id, instructional_minutes, lct_minutes, lct_hours, student_teacher_ratio, lct_percentile,
                       lct_category, is_valid
                FROM lct_run_results(?)""", runId)) {
            ours.put((String) row.get("nces_id"), row);
        }

        List<String> header = published.getFirst();
        int id = header.indexOf("district_id");
        int minutes = header.indexOf("daily_instructional_minutes");
        int lct = header.indexOf("lct_minutes");
        int hours = header.indexOf("lct_hours");
        int ratio = header.indexOf("student_teacher_ratio");
        int percentile = header.indexOf("lct_percentile");
        int category = header.indexOf("lct_category");
        List<String> mismatches = new ArrayList<>();
        List<List<String>> rows = published.subList(1, published.size());
        assertEquals(17_842, rows.size());
        for (List<String> expected : rows) {
            String ncesId = "%07d".formatted(Long.parseLong(expected.get(id)));
            Map<String, Object> actual = ours.get(ncesId);
            if (actual == null) {
                mismatches.add(ncesId + ": no row");
                continue;
            }
            check(mismatches, ncesId, "minutes", Integer.parseInt(expected.get(minutes)) == (Integer) actual.get("instructional_minutes"),
                    expected.get(minutes), actual.get("instructional_minutes"));
            check(mismatches, ncesId, "lct", new BigDecimal(expected.get(lct)).compareTo((BigDecimal) actual.get("lct_minutes")) == 0,
                    expected.get(lct), actual.get("lct_minutes"));
            check(mismatches, ncesId, "hours", sameDouble(expected.get(hours), actual.get("lct_hours")),
                    expected.get(hours), actual.get("lct_hours"));
            check(mismatches, ncesId, "ratio", sameDouble(expected.get(ratio), actual.get("student_teacher_ratio")),
                    expected.get(ratio), actual.get("student_teacher_ratio"));
            check(mismatches, ncesId, "percentile", sameDouble(expected.get(percentile), actual.get("lct_percentile")),
                    expected.get(percentile), actual.get("lct_percentile"));
            check(mismatches, ncesId, "category", expected.get(category).equals(actual.get("lct_category")),
                    expected.get(category), actual.get("lct_category"));
        }
        assertEquals(List.of(), mismatches.subList(0, Math.min(20, mismatches.size())),
                mismatches.size() + " mismatches against the published dataset");

        Set<String> validIds = new HashSet<>();
        for (List<String> row : publishedValid.subList(1, publishedValid.size())) {
            validIds.add("%07d".formatted(Long.parseLong(row.get(publishedValid.getFirst().indexOf("district_id")))));
        }
        Set<String> ourValid = new HashSet<>();
        ours.forEach((ncesId, row) -> {
            if (Boolean.TRUE.equals(row.get("is_valid"))) {
                ourValid.add(ncesId);
            }
        });
        assertEquals(17_346, validIds.size());
        assertEquals(validIds, ourValid);

        // doubles, not rest-assured's default floats: 26.95 as a float prints 27.0
        JsonPath qa = given().config(RestAssuredConfig.config().jsonConfig(
                        JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)))
                .when().get("/api/v1/runs/" + runId + "/qa").then().statusCode(200)
                .body("metadata.reference_compatibility", equalTo("g1"))
                .extract().jsonPath();
        assertSummaryMatches(summary, qa);
    }

    /** The published summary prints G1's statistics with 1 decimal (state means and medians rounded to 2 first). */
    private static void assertSummaryMatches(String summary, JsonPath qa) {
        assertEquals(number(summary, "Valid Districts: ([0-9,]+)"), qa.getString("g1_summary.count").replace(",", ""));
        assertEquals(number(summary, "Districts with LCT: ([0-9,]+)"), qa.getString("g1_summary.count"));
        assertEquals(number(summary, "Minimum: +([0-9.]+) minutes"), oneDecimal(qa.getDouble("g1_summary.min")));
        assertEquals(number(summary, "Maximum: +([0-9.]+) minutes"), oneDecimal(qa.getDouble("g1_summary.max")));
        assertEquals(number(summary, "Mean: +([0-9.]+) minutes"), oneDecimal(qa.getDouble("g1_summary.mean")));
        assertEquals(number(summary, "Median: +([0-9.]+) minutes"), oneDecimal(qa.getDouble("g1_summary.median")));
        assertEquals(number(summary, "Std Dev: +([0-9.]+) minutes"), oneDecimal(qa.getDouble("g1_summary.std")));

        Matcher state = Pattern.compile("\\n([A-Z]{2}):\\n +Mean LCT: +([0-9.]+) minutes\\n +Median LCT: +([0-9.]+) minutes\\n +Districts: +([0-9,]+)")
                .matcher(summary);
        List<Map<String, Object>> states = qa.getList("g1_summary.by_state");
        Map<String, Map<String, Object>> byState = new HashMap<>();
        states.forEach(row -> byState.put((String) row.get("state"), row));
        int compared = 0;
        while (state.find()) {
            Map<String, Object> ours = byState.get(state.group(1));
            assertTrue(ours != null, "no statistics for " + state.group(1));
            assertEquals(state.group(2), oneDecimal(((Number) ours.get("mean")).doubleValue()), state.group(1) + " mean");
            assertEquals(state.group(3), oneDecimal(((Number) ours.get("median")).doubleValue()), state.group(1) + " median");
            assertEquals(state.group(4).replace(",", ""), String.valueOf(ours.get("count")), state.group(1) + " count");
            compared++;
        }
        assertEquals(55, compared);
        assertEquals(55, states.size());
    }

    private static String number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "summary lacks " + regex);
        return matcher.group(1).replace(",", "");
    }

    /** Python's format(x, ".1f"). */
    private static String oneDecimal(double value) {
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static boolean sameDouble(String expected, Object actual) {
        if (expected.isEmpty()) {
            return actual == null;
        }
        if (expected.equals("inf")) {
            return actual != null && ((Double) actual).isInfinite();
        }
        return actual != null && Double.parseDouble(expected) == (Double) actual;
    }

    private static void check(List<String> mismatches, String ncesId, String column, boolean same, Object expected,
            Object actual) {
        if (!same) {
            mismatches.add(ncesId + " " + column + ": published " + expected + ", ours " + actual);
        }
    }

    /** The repository's bundled copy of the reference inputs (dataset/), loaded the way the importer will. */
    private void loadBundledDistricts() throws Exception {
        try (Connection c = database.connect()) {
            Fixtures.executeAll(c, """
                    CREATE TEMP TABLE nces_file (district_id text, district_name text, state text, enrollment text,
                                                 instructional_staff text, year text, data_source text)""");
            try (Reader reader = Files.newBufferedReader(ReferenceFiles.bundled("districts_2023_24_nces.csv"))) {
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY nces_file FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
            }
            Fixtures.executeAll(c, """
                    INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source)
                    SELECT lpad(district_id, 7, '0'), year, district_name, state, enrollment::numeric::integer,
                           instructional_staff::numeric, data_source
                    FROM nces_file""", "DROP TABLE nces_file");
        }
    }
}
