package org.lct.calculation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

/** The run API end to end: a real database, the running service over HTTP, the worker in between. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_runs"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class RunResourceTest {

    /** Fixtures go in as the schema owner; the service runs as a member of lct_calculation_writer. */
    TestDatabase database;

    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
    }

    @Test
    void shouldRefuseARunWithoutATokenAndWriteNothing() throws Exception {
        long before = fixtures.count("SELECT count(*) FROM calculation_runs");
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/runs").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        assertEquals(before, fixtures.count("SELECT count(*) FROM calculation_runs"));
    }

    @Test
    void shouldRefuseARunWithoutABodyAndWriteNothing() throws Exception {
        long before = fixtures.count("SELECT count(*) FROM calculation_runs");
        for (String body : new String[] {"", "null"}) {
            given().auth().oauth2(Fixtures.operatorToken()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/runs").then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("$"))
                    .body("errors[0].rule", equalTo("required"));
        }
        assertEquals(before, fixtures.count("SELECT count(*) FROM calculation_runs"));
    }

    @Test
    void shouldRefuseATokenFromAnUnknownSigner() throws Exception {
        long before = fixtures.count("SELECT count(*) FROM calculation_runs");
        given().auth().oauth2(TestTokens.tokenFromUnknownSigner("mallory", "operator")).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/runs").then()
                .statusCode(401)
                .contentType("application/problem+json");
        assertEquals(before, fixtures.count("SELECT count(*) FROM calculation_runs"));
    }

    @Test
    void shouldRefuseARunWithoutTheOperatorRole() throws Exception {
        long before = fixtures.count("SELECT count(*) FROM calculation_runs");
        given().auth().oauth2(TestTokens.tokenFor("reader", "viewer")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/runs").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:lct:problem:forbidden"));
        assertEquals(before, fixtures.count("SELECT count(*) FROM calculation_runs"));
    }

    @Test
    void shouldListEveryBadFieldOfARunRequest() throws Exception {
        fixtures.district("0600091", "2010-11", "CA", 100, "5");
        long before = fixtures.count("SELECT count(*) FROM calculation_runs");
        given().auth().oauth2(Fixtures.operatorToken()).contentType(ContentType.JSON)
                .body("""
                        {"mode": "sometimes", "year": "1999-00", "scopes": ["teachers_only", "bogus"],
                         "priority": "high", "options": {"turbo": true, "default_minutes": 999}}""")
                .when().post("/api/v1/runs").then()
                .statusCode(400)
                .contentType("application/problem+json")
                // an unknown field is named with the others, not instead of them
                .body("errors.field", hasItems("priority", "mode", "year", "scopes[1]", "options.turbo",
                        "options.default_minutes"))
                .body("errors.find { it.field == 'priority' }.rule", equalTo("known_field"))
                .body("errors.find { it.field == 'scopes[1]' }.rule", equalTo("known_scope"))
                .body("errors.find { it.field == 'year' }.rule", equalTo("known_year"));
        assertEquals(before, fixtures.count("SELECT count(*) FROM calculation_runs"));
    }

    @Test
    void shouldRefuseAScopeTheLoadedDataCannotCompute() throws Exception {
        fixtures.district("0600092", "2009-10", "CA", 100, "5");
        given().auth().oauth2(Fixtures.operatorToken()).contentType(ContentType.JSON)
                .body("{\"year\": \"2009-10\", \"scopes\": [\"core_sped\"]}")
                .when().post("/api/v1/runs").then()
                .statusCode(400)
                .body("errors[0].field", equalTo("scopes[0]"))
                .body("errors[0].rule", equalTo("supported"));
    }

    @Test
    void shouldAcceptARunWith202AndLocationAndCalculateMinutesFromTheBestSource() throws Exception {
        String year = "2011-12";
        fixtures.requirement("CA", "elementary", "2000-01", 300);
        fixtures.district("0600001", year, "CA", 5000, "250.00");  // state requirement: 300 x 250 / 5000
        fixtures.district("0600002", year, "CA", 7777, "100.00");  // bell schedule: 360 x 100 / 7777
        long bell = fixtures.bellSchedule("0600002", "2012-13", "elementary", 360, "high");
        fixtures.district("4800001", year, "TX", 0, "3.00");       // no students; TX has no requirement

        Response accepted = given().auth().oauth2(Fixtures.operatorToken()).contentType(ContentType.JSON)
                .body("{\"mode\": \"full\", \"year\": \"" + year + "\"}")
                .when().post("/api/v1/runs");
        accepted.then().statusCode(202)
                .header("Location", matchesPattern(".*/api/v1/runs/\\d+$"))
                .body("status", equalTo("queued"))
                .body("requested_by", equalTo("ops"));
        long runId = accepted.jsonPath().getLong("id");

        Response run = Fixtures.awaitRun(runId);
        run.then().body("status", equalTo("succeeded"))
                .body("input_hash", matchesPattern("[0-9a-f]{64}"))
                .body("districts_calculated", equalTo(3))
                .body("result_rows", equalTo(3))
                .body("parameters.scopes", equalTo(List.of("teachers_total")))
                .body("qa.total_rows", equalTo(3))
                .body("qa.valid_rows", equalTo(2));

        Map<String, Object> stateRow = fixtures.rows(
                "SELECT * FROM lct_calculations WHERE run_id = ? AND nces_id = '0600001'", runId).getFirst();
        assertEquals(300, stateRow.get("instructional_minutes"));
        assertEquals("state_requirement", stateRow.get("minutes_source"));
        assertEquals((short) 3, ((Number) stateRow.get("minutes_tier")).shortValue());
        assertEquals(0, Fixtures.pythonRound2(300.0 * 250 / 5000).compareTo((BigDecimal) stateRow.get("lct_minutes")));

        Map<String, Object> bellRow = fixtures.rows(
                "SELECT * FROM lct_calculations WHERE run_id = ? AND nces_id = '0600002'", runId).getFirst();
        assertEquals("bell_schedule", bellRow.get("minutes_source"));
        assertEquals(bell, bellRow.get("bell_schedule_id"));
        assertEquals(1, ((Number) bellRow.get("minutes_tier")).intValue());
        assertEquals(0, Fixtures.pythonRound2(360.0 * 100 / 7777).compareTo((BigDecimal) bellRow.get("lct_minutes")));
        assertEquals("{WARN_LCT_LOW}", bellRow.get("qa_flags").toString());

        Map<String, Object> emptyRow = fixtures.rows(
                "SELECT * FROM lct_calculations WHERE run_id = ? AND nces_id = '4800001'", runId).getFirst();
        assertEquals("default", emptyRow.get("minutes_source"));
        assertEquals(null, emptyRow.get("lct_minutes"));
        assertEquals(false, emptyRow.get("is_valid"));
        assertEquals("{ERR_NO_ENROLLMENT,ERR_STAFF_EXCEEDS_ENROLLMENT,WARN_DEFAULT_MINUTES}", emptyRow.get("qa_flags").toString());

        // the coverage views follow the inputs the run saw: refreshed after the run, timed as its refresh_ms
        assertTrue(fixtures.count("SELECT enriched_districts FROM mv_state_enrichment_progress WHERE state_code = 'CA'") >= 1);
        assertEquals(2, fixtures.count("""
                SELECT count(*) FROM materialized_view_refreshes m JOIN calculation_runs r ON r.id = ?
                WHERE m.view_name IN ('mv_state_enrichment_progress', 'mv_unenriched_districts')
                  AND m.refreshed_at > r.finished_at""", runId));

        // readers see the run and its year's statistics at once: the run wrote both in its transaction
        assertEquals(3, fixtures.count("SELECT count(*) FROM current_lct WHERE school_year = ? AND run_id = ?",
                year, runId));
        assertEquals(runId, fixtures.count("""
                SELECT s.run_id FROM lct_summary_stats s JOIN calculation_runs r ON r.id = s.run_id
                WHERE s.school_year = ? AND s.geography = 'US' AND s.staff_scope = 'teachers_total'
                  AND s.computed_at BETWEEN r.started_at AND r.finished_at""", year));
        assertEquals(runId, fixtures.count(
                "SELECT run_id FROM mv_lct_summary_stats WHERE school_year = ? AND geography = 'US' AND staff_scope = 'teachers_total'",
                year), "the previous release's readers read the same by the old name");

        given().when().get("/api/v1/runs/" + runId + "/qa").then().statusCode(200)
                .body("data_quality.total_rows", equalTo(3))
                .body("data_quality.pass_rate", equalTo(66.67f))
                .body("safeguards.WARN_LCT_LOW.rows", equalTo(1))
                .body("overall_status", equalTo("WARNING"))
                .body("state_coverage.states", equalTo(List.of("CA", "TX")));

        String csv = given().when().get("/api/v1/runs/" + runId + "/results?format=csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0].startsWith("run_id,school_year,nces_id,district_name,state,staff_scope"));
        assertTrue(lines[2].contains(",0600002,") && lines[2].contains(",4.63,"), lines[2]);

        given().when().get("/api/v1/runs/" + runId + "/results?valid=true").then().statusCode(200)
                .body("count", equalTo(2))
                .body("rows.nces_id", equalTo(List.of("0600001", "0600002")));

        // Parquet, read back by DuckDB: an independent, standard reader
        byte[] parquet = given().when().get("/api/v1/runs/" + runId + "/results?format=parquet").then().statusCode(200)
                .contentType("application/vnd.apache.parquet").extract().asByteArray();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("lct-test-", ".parquet");
        try {
            java.nio.file.Files.write(file, parquet);
            try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                 java.sql.Statement s = duck.createStatement();
                 java.sql.ResultSet r = s.executeQuery("SELECT count(*), sum(CASE WHEN is_valid THEN 1 ELSE 0 END), "
                         + "max(lct_minutes) FILTER (WHERE nces_id = '0600002'), max(qa_flags) FILTER (WHERE nces_id = '4800001'), "
                         + "count(lct_minutes), max(minutes_source) FILTER (WHERE nces_id = '0600001') "
                         + "FROM read_parquet('" + file + "')")) {
                assertTrue(r.next());
                assertEquals(3, r.getLong(1));
                assertEquals(2, r.getLong(2));
                assertEquals(4.63, r.getDouble(3));
                assertEquals("ERR_NO_ENROLLMENT;ERR_STAFF_EXCEEDS_ENROLLMENT;WARN_DEFAULT_MINUTES", r.getString(4));
                assertEquals(2, r.getLong(5));
                assertEquals("state_requirement", r.getString(6));
            }
            // the types a reader sees: text as strings, decimals as doubles, snappy-compressed column chunks
            try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                 java.sql.Statement s = duck.createStatement();
                 java.sql.ResultSet r = s.executeQuery("SELECT string_agg(column_name || ' ' || column_type, ', ' "
                         + "ORDER BY column_name) FROM (DESCRIBE SELECT run_id, nces_id, lct_minutes, is_valid, minutes_tier "
                         + "FROM read_parquet('" + file + "'))")) {
                assertTrue(r.next());
                assertEquals("is_valid BOOLEAN, lct_minutes DOUBLE, minutes_tier INTEGER, nces_id VARCHAR, run_id BIGINT",
                        r.getString(1));
            }
            try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                 java.sql.Statement s = duck.createStatement();
                 java.sql.ResultSet r = s.executeQuery("SELECT string_agg(DISTINCT compression, ',') "
                         + "FROM parquet_metadata('" + file + "')")) {
                assertTrue(r.next());
                assertEquals("SNAPPY", r.getString(1));
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldFailARunThatAStoppedReplicaLeftRunningInsteadOfBlockingEveryRunAfterIt() throws Exception {
        fixtures.district("0600052", "2008-09", "CA", 900, "40");
        long abandoned = fixtures.count("""
                INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, requested_at, started_at)
                VALUES ('full', 'running', '2008-09', 'cli', 'a-replica-that-died', now() - interval '10 minutes',
                        now() - interval '10 minutes') RETURNING id""");

        Fixtures.runAndWait("{\"year\": \"2008-09\"}").then().body("status", equalTo("succeeded"));

        given().when().get("/api/v1/runs/" + abandoned).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("error_message", startsWith("abandoned"));
    }

    @Test
    void shouldAnswer409NamingTheRunThatIsRunning() throws Exception {
        fixtures.district("0600051", "2013-14", "CA", 900, "40");
        long running = fixtures.count("""
                INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, started_at)
                VALUES ('full', 'running', '2013-14', 'cli', 'another-replica', now()) RETURNING id""");
        try {
            given().auth().oauth2(Fixtures.operatorToken()).contentType(ContentType.JSON).body("{}")
                    .when().post("/api/v1/runs").then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", containsString("Run " + running + " "));
        } finally {
            fixtures.execute("UPDATE calculation_runs SET status = 'failed', finished_at = now(), error_message = 'test' WHERE id = ?",
                    running);
        }
    }

    @Test
    void shouldMarkAFailedRunFailedAndKeepServingThePreviousResults() throws Exception {
        String year = "2012-13";
        fixtures.district("0600011", year, "CA", 1000, "50");
        fixtures.district("0600012", year, "CA", 2000, "80");
        long good = Fixtures.runAndWait("{\"year\": \"" + year + "\", \"scopes\": [\"teachers_total\"]}")
                .then().body("status", equalTo("succeeded")).extract().jsonPath().getLong("id");

        // 60M + 60M FTE cannot be stored in numeric(10,2): the database refuses the run's INSERT mid-run
        fixtures.staff("0600011", year, "teachers_elementary", "60000000");
        fixtures.staff("0600011", year, "teachers_secondary", "60000000");
        Response failed = Fixtures.runAndWait("{\"year\": \"" + year + "\", \"scopes\": [\"teachers_total\", \"teachers_only\"]}");
        long failedId = failed.jsonPath().getLong("id");
        failed.then().body("status", equalTo("failed"))
                .body("error_message", containsString("numeric field overflow"));

        assertEquals(0, fixtures.count("SELECT count(*) FROM lct_calculations WHERE run_id = ?", failedId));
        assertEquals(good, fixtures.count("SELECT run_id FROM latest_successful_runs WHERE school_year = ?", year));
        assertEquals(2, fixtures.count("SELECT count(*) FROM current_lct WHERE school_year = ? AND run_id = ?",
                year, good));
        given().when().get("/api/v1/runs/" + failedId + "/results").then().statusCode(404);
        fixtures.execute("DELETE FROM staff_counts WHERE nces_id = '0600011'");
    }

    @Test
    void shouldRecalculateOnlyTheDistrictWhoseBellScheduleChangedAndMatchAFullRun() throws Exception {
        String year = "2014-15";
        fixtures.requirement("NY", "elementary", "2000-01", 330);
        fixtures.district("3600001", year, "NY", 4000, "210.5");
        fixtures.district("3600002", year, "NY", 2500, "160");
        fixtures.district("3600003", year, "NY", 900, "61.25");
        // another state, whose QA partials the incremental run keeps as they are
        fixtures.district("5600001", year, "WY", 800, "70");
        long bell = fixtures.bellSchedule("3600002", "2015-16", "elementary", 350, "high");
        String body = "{\"year\": \"" + year + "\", \"mode\": \"%s\"}";
        long first = Fixtures.runAndWait(body.formatted("full")).jsonPath().getLong("id");

        fixtures.execute("UPDATE bell_schedules SET instructional_minutes = 380 WHERE id = ?", bell);
        Response incremental = Fixtures.runAndWait(body.formatted("incremental"));
        incremental.then().body("status", equalTo("succeeded"))
                .body("previous_run_id", equalTo((int) first))
                .body("no_changes", equalTo(false))
                .body("districts_calculated", equalTo(1))
                .body("districts_carried_forward", equalTo(3))
                .body("result_rows", equalTo(1));
        long incrementalId = incremental.jsonPath().getLong("id");
        // it wrote the one recalculated row and marked the row it replaces; the first run's results stay as they were
        assertEquals(1, fixtures.count("SELECT count(*) FROM lct_calculations WHERE run_id = ?", incrementalId));
        assertEquals(0, Fixtures.pythonRound2(380.0 * 160 / 2500).compareTo((BigDecimal) fixtures.rows(
                "SELECT lct_minutes FROM lct_calculations WHERE run_id = ? AND nces_id = '3600002'", incrementalId)
                .getFirst().get("lct_minutes")));
        assertEquals(incrementalId, fixtures.count(
                "SELECT superseded_by_run_id FROM lct_calculations WHERE run_id = ? AND nces_id = '3600002'", first));
        assertEquals(350, fixtures.rows("SELECT instructional_minutes FROM lct_run_rows(?) WHERE nces_id = '3600002'", first)
                .getFirst().get("instructional_minutes"));
        assertEquals(4, fixtures.count("SELECT count(*) FROM lct_run_rows(?)", incrementalId));
        assertEquals(incrementalId, fixtures.count(
                "SELECT run_id FROM current_lct WHERE school_year = ? AND nces_id = '3600002'", year));

        long full = Fixtures.runAndWait(body.formatted("full")).jsonPath().getLong("id");
        // every value of the incremental run's results, percentiles included, equals a full run's
        assertEquals(fixtures.results(full), fixtures.results(incrementalId));
        assertEquals(incremental.jsonPath().getString("input_hash"),
                given().get("/api/v1/runs/" + full).jsonPath().getString("input_hash"));
        // and so does its QA report, merged from the partials of the one state it recomputed and of the one it kept
        Map<String, Object> incrementalQa = qaWithoutMetadata(incrementalId);
        assertEquals(List.of("NY", "WY"), ((Map<?, ?>) incrementalQa.get("state_coverage")).get("states"));
        assertEquals(qaWithoutMetadata(full), incrementalQa);

        // a change that data_lineage records but that no result depends on: nothing to recalculate, nothing lost
        fixtures.execute("INSERT INTO evidence_documents (sha256, content_type, size_bytes, content) "
                + "VALUES (encode(sha256('timetable'::bytea), 'hex'), 'text/plain', 9, 'timetable'::bytea)");
        fixtures.execute("INSERT INTO bell_schedule_evidence (bell_schedule_id, sha256, attached_by) "
                + "VALUES (?, encode(sha256('timetable'::bytea), 'hex'), 'tester')", bell);
        Response unchanged = Fixtures.runAndWait(body.formatted("incremental"));
        unchanged.then().body("status", equalTo("succeeded"))
                .body("no_changes", equalTo(true))
                .body("result_rows", equalTo(0))
                .body("previous_run_id", equalTo((int) full));
        assertEquals(full, fixtures.count("SELECT run_id FROM latest_successful_runs WHERE school_year = ?", year));
        given().when().get("/api/v1/runs/" + unchanged.jsonPath().getLong("id") + "/results").then().statusCode(200)
                .body("count", equalTo(4));
        assertNotEquals(first, full);
    }

    private static Map<String, Object> qaWithoutMetadata(long runId) {
        Map<String, Object> report = given().get("/api/v1/runs/" + runId + "/qa").then().statusCode(200)
                .extract().jsonPath().getMap("");
        report.remove("metadata"); // run id, mode and time
        return report;
    }

    @Test
    void shouldServeTheDataDictionaryFromTheSchemaComments() {
        given().when().get("/api/v1/data-dictionary").then().statusCode(200)
                .body("relations.find { it.name == 'lct_calculations' }.columns.find { it.name == 'lct_minutes' }.description",
                        startsWith("Learning Connection Time"));
        String markdown = given().when().get("/api/v1/data-dictionary?format=markdown").then().statusCode(200)
                .contentType(startsWith("text/markdown")).extract().asString();
        assertTrue(markdown.contains("## `lct_calculations` (table)"));
        assertFalse(markdown.contains("| `lct_minutes` | numeric(10,2) | yes |  |"));
        given().when().get("/api/v1/data-dictionary?format=yaml").then().statusCode(400)
                .body("errors[0].field", equalTo("format"));
    }

    /** The runs list pages like every list: page and size, the total, and Link headers to the other pages. */
    @Test
    void shouldPageTheRunsListLikeEveryList() throws Exception {
        fixtures.district("0600053", "2009-10", "CA", 900, "40");
        for (int i = 0; i < 3; i++) {
            fixtures.count("""
                    INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, started_at,
                                                  finished_at, error_message)
                    VALUES ('full', 'failed', '2009-10', 'cli', 'paging-test', now(), now(), 'made by a test')
                    RETURNING id""");
        }
        long total = fixtures.count("SELECT count(*) FROM calculation_runs WHERE school_year = '2009-10'");
        List<Integer> newestFirst = given().queryParam("year", "2009-10").queryParam("size", "2")
                .when().get("/api/v1/runs").then().statusCode(200)
                .body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo((int) total))
                .header("Link", containsString("page=2>; rel=\"next\""))
                .extract().path("items.id");
        assertEquals(2, newestFirst.size());
        assertTrue(newestFirst.get(0) > newestFirst.get(1), "newest first: " + newestFirst);
        List<Integer> second = given().queryParam("year", "2009-10").queryParam("size", "2").queryParam("page", "2")
                .when().get("/api/v1/runs").then().statusCode(200)
                .header("Link", containsString("rel=\"prev\""))
                .body("total", equalTo((int) total)).extract().path("items.id");
        assertTrue(second.getFirst() < newestFirst.get(1), "page 2 goes on where page 1 ended: " + second);
        // past the end: no rows, still the total
        given().queryParam("year", "2009-10").queryParam("page", "1000").when().get("/api/v1/runs").then()
                .statusCode(200).body("items", org.hamcrest.Matchers.empty()).body("total", equalTo((int) total));
        given().queryParam("limit", "2").queryParam("year", "2009").queryParam("size", "0")
                .when().get("/api/v1/runs").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("limit", "year", "size"))
                .body("errors.rule", org.hamcrest.Matchers.containsInAnyOrder("known_parameter", "school_year_format",
                        "minimum"));
    }

    /** An unknown year or scope in a filter is a 400 naming the parameter, never an empty list. */
    @Test
    void shouldRefuseUnknownFilterValuesNamingTheParameter() {
        given().queryParam("year", "1901-02").when().get("/api/v1/runs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("year")).body("errors[0].rule", equalTo("known_year"));
        given().queryParam("scope", "astronauts").queryParam("valid", "maybe").when().get("/api/v1/runs/1/results")
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("scope", "valid"))
                .body("errors.rule", org.hamcrest.Matchers.hasItems("known_scope", "boolean"));
    }
}
