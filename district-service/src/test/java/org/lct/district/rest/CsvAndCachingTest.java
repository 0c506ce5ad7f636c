package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lct.district.Fixtures;
import org.lct.testsupport.PostgresDatabaseResource;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class CsvAndCachingTest extends ApiTestBase {

    private static List<Map<String, String>> parseCsv(String body) throws Exception {
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(body)) {
            return rows.readAll();
        }
    }

    @Test
    void shouldExportEveryMatchingDistrictAsCsvByFormatOrAcceptHeader() throws Exception {
        String byFormat = given().queryParam("format", "csv").queryParam("size", "1").when().get("/api/v1/districts")
                .then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("districts.csv"))
                .extract().asString();
        String byAccept = given().accept("text/csv").when().get("/api/v1/districts").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        assertEquals(byFormat, byAccept, "format=csv and Accept: text/csv give the same CSV");

        String header = byFormat.lines().findFirst().orElseThrow();
        assertEquals("nces_id,name,state_code,school_year,enrollment,instructional_staff_fte,is_shared_service,"
                + "has_bell_schedule,lct_scope,lct_minutes,lct_is_valid,lct_run_id", header);
        List<Map<String, String>> rows = parseCsv(byFormat);
        assertEquals(5, rows.size(), "every row, whatever the page size");
        assertEquals("0600001", rows.get(0).get("nces_id"));
        assertEquals("18.00", rows.get(0).get("lct_minutes"));
        assertEquals("true", rows.get(0).get("has_bell_schedule"));
        assertEquals("", rows.get(2).get("lct_minutes"), "NULL is an empty field");
        assertEquals(Fixtures.TEXAS_NAME, rows.get(4).get("name"), "quotes and commas survive the round trip");
    }

    @Test
    void shouldApplyFiltersAndSortToCsvExports() throws Exception {
        List<Map<String, String>> rows = parseCsv(given().queryParam("format", "csv").queryParam("state", "CA")
                .queryParam("sort", "-enrollment").when().get("/api/v1/districts").then().statusCode(200)
                .extract().asString());
        assertEquals(List.of("0600001", "0600002", "0600003"), rows.stream().map(r -> r.get("nces_id")).toList());

        List<Map<String, String>> lct = parseCsv(given().accept("text/csv").queryParam("scope", "teachers_only")
                .when().get("/api/v1/lct").then().statusCode(200).extract().asString());
        assertEquals(5, lct.size());
        assertEquals("ERR_NO_ENROLLMENT", lct.get(2).get("qa_flags"));
        assertEquals(List.of("nces_id", "district_name", "state_code", "school_year", "staff_scope", "run_id",
                "instructional_minutes", "minutes_source", "staff_fte", "enrollment", "lct_minutes", "is_valid",
                "qa_flags"), List.copyOf(lct.get(0).keySet()));
    }

    @Test
    void shouldExportEveryOtherListAsCsv() throws Exception {
        Map<String, Integer> expectedRows = Map.of(
                "/api/v1/states", 57,
                "/api/v1/states/CA/requirements", 3,
                "/api/v1/districts/0600001/bell-schedules", 2,
                "/api/v1/districts/0600001/lct", 3,
                "/api/v1/lct/rankings?limit=3", 3,
                "/api/v1/enrichment/progress", 57,
                "/api/v1/enrichment/candidates?state=CA", 1);
        for (var list : expectedRows.entrySet()) {
            Response answer = given().accept("text/csv").when().get(list.getKey());
            answer.then().statusCode(200).contentType(startsWith("text/csv"))
                    .header("Content-Disposition", matchesPattern("attachment; filename=\"[a-z-]+\\.csv\""));
            String body = answer.asString();
            assertEquals(list.getValue(), parseCsv(body).size(), list.getKey() + ":\n" + body);
            // RFC 4180 line ends, as in calculation-service's exports
            assertEquals(body.split("\n", -1).length, body.split("\r\n", -1).length, list.getKey() + ": CRLF only");
            assertTrue(body.endsWith("\r\n"), list.getKey());
        }
        String schedules = given().queryParam("format", "csv").when().get("/api/v1/districts/0600001/bell-schedules")
                .then().statusCode(200).extract().asString();
        assertEquals("https://example.org/alpha/elem.pdf", parseCsv(schedules).get(0).get("source_urls"));
    }

    @Test
    void shouldRefuseAnUnknownFormat() {
        assertProblem(given().queryParam("format", "xml").when().get("/api/v1/districts").then(), 400)
                .body("errors[0].field", equalTo("format"))
                .body("errors[0].rule", equalTo("allowed_value"));
    }

    @Test
    void shouldAnswer304ForTheCurrentEtagWithCachingHeaders() {
        Response first = given().when().get("/api/v1/districts?state=CA");
        first.then().statusCode(200).header("Cache-Control", equalTo("public, max-age=60"))
                .header("ETag", startsWith("W/\""));
        String etag = first.getHeader("ETag");
        given().header("If-None-Match", etag).when().get("/api/v1/districts?state=CA").then()
                .statusCode(304).header("ETag", equalTo(etag)).header("Cache-Control", equalTo("public, max-age=60"))
                .body(emptyString());
        // Another question, or another representation of the same one, has another tag.
        String otherQuestion = given().when().get("/api/v1/districts?state=OR").getHeader("ETag");
        String csv = given().queryParam("format", "csv").when().get("/api/v1/districts?state=CA").getHeader("ETag");
        assertNotEquals(etag, otherQuestion);
        assertNotEquals(etag, csv);
        given().header("If-None-Match", "W/\"stale\"").when().get("/api/v1/districts?state=CA").then().statusCode(200);
        given().header("If-None-Match", etag).when().get("/api/v1/districts/0600001").then().statusCode(200);
    }

    @Test
    void shouldChangeTheEtagWhenAnInputChanges() throws Exception {
        String before = given().when().get("/api/v1/districts/4100001").then().statusCode(200)
                .body("bell_schedules.size()", equalTo(0)).extract().header("ETag");
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, method, "
                    + "confidence, source_description) VALUES ('4100001', '2024-25', 'high', 340, 'human_provided', "
                    + "'high', 'test: changes the ETag')");
            try {
                given().header("If-None-Match", before).when().get("/api/v1/districts/4100001").then()
                        .statusCode(200)
                        .header("ETag", not(equalTo(before)))
                        .body("bell_schedules.size()", equalTo(1));
            } finally {
                sql.execute("DELETE FROM bell_schedules WHERE nces_id = '4100001'");
            }
        }
    }
}
