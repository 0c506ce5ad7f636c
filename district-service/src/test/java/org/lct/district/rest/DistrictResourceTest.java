package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.lct.district.Fixtures;
import org.lct.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;

@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class DistrictResourceTest extends ApiTestBase {

    /** Decimals compared exactly, as BigDecimal. */
    static final RestAssuredConfig DECIMALS = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    @Test
    void shouldListTheNewestYearsDistrictsWithTheirCurrentLctByDefault() {
        given().config(DECIMALS).when().get("/api/v1/districts").then()
                .statusCode(200)
                .contentType("application/json")
                .body("total", equalTo(5))
                .body("page", equalTo(1))
                .body("size", equalTo(50))
                .body("sort", contains("nces_id"))
                .body("filters.year", equalTo(Fixtures.YEAR))
                .body("filters.scope", equalTo("teachers_only"))
                .body("items.nces_id", contains("0600001", "0600002", "0600003", "4100001", "4800001"))
                .body("items[0].name", equalTo("Alpha Unified"))
                .body("items[0].state_code", equalTo("CA"))
                .body("items[0].enrollment", equalTo(1000))
                .body("items[0].instructional_staff_fte", equalTo(new java.math.BigDecimal("50.00")))
                .body("items[0].has_bell_schedule", equalTo(true))
                .body("items[0].lct_scope", equalTo("teachers_only"))
                .body("items[0].lct_minutes", equalTo(new java.math.BigDecimal("18.00")))
                .body("items[0].lct_run_id", equalTo((int) Fixtures.currentRunId))
                .body("items[2].is_shared_service", equalTo(true))
                .body("items[2].lct_minutes", nullValue())
                .body("items[2].lct_is_valid", equalTo(false))
                .body("items[1].has_bell_schedule", equalTo(false));
    }

    @Test
    void shouldFilterByStatesCaseInsensitivelyAndEchoThem() {
        given().queryParam("state", "ca,OR").when().get("/api/v1/districts").then()
                .statusCode(200)
                .body("total", equalTo(4))
                .body("filters.state", contains("CA", "OR"))
                .body("items.nces_id", contains("0600001", "0600002", "0600003", "4100001"));
        // Repeating the parameter means the same as a comma list.
        given().queryParam("state", "TX").queryParam("state", "OR").when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("4100001", "4800001"));
    }

    @Test
    void shouldFilterByNameEnrollmentBellScheduleAndLct() {
        given().queryParam("name", "UNIFIED").when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("0600001")).body("filters.name", equalTo("UNIFIED"));
        given().queryParam("enrollment_min", "1000").queryParam("enrollment_max", "5000")
                .when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("0600001", "4100001"))
                .body("filters.enrollment_min", equalTo(1000)).body("filters.enrollment_max", equalTo(5000));
        given().queryParam("has_bell_schedule", "true").when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("0600001"));
        given().queryParam("has_bell_schedule", "false").when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("0600002", "0600003", "4100001", "4800001"));
        given().queryParam("lct_min", "20").queryParam("lct_max", "24").when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("0600002", "4800001"));
        given().config(DECIMALS).queryParam("scope", "all").queryParam("lct_min", "30")
                .when().get("/api/v1/districts").then()
                .statusCode(200)
                .body("items.nces_id", contains("0600002", "4800001"))
                .body("items.lct_minutes", contains(new java.math.BigDecimal("36.00"), new java.math.BigDecimal("32.40")))
                .body("items.lct_scope", contains("all", "all"));
    }

    @Test
    void shouldSortByAllowedFieldsWithNullsLastAndTiesByNcesId() {
        given().queryParam("sort", "-enrollment").when().get("/api/v1/districts").then()
                .statusCode(200)
                .body("sort", contains("-enrollment"))
                .body("items.nces_id", contains("4800001", "4100001", "0600001", "0600002", "0600003"));
        given().queryParam("sort", "lct").when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("4100001", "0600001", "4800001", "0600002", "0600003"));
        given().queryParam("sort", "state,-name").when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("0600003", "0600002", "0600001", "4100001", "4800001"));
    }

    @Test
    void shouldPageWithTheTotalAndAStableOrder() {
        given().queryParam("size", "2").queryParam("page", "2").when().get("/api/v1/districts").then()
                .statusCode(200).body("total", equalTo(5)).body("page", equalTo(2)).body("size", equalTo(2))
                .body("items.nces_id", contains("0600003", "4100001"))
                // RFC 8288 links to the neighbouring pages, the request's own address with another page
                .header("Link", allOf(containsString("</api/v1/districts?size=2&page=1>; rel=\"first\""),
                        containsString("</api/v1/districts?size=2&page=1>; rel=\"prev\""),
                        containsString("</api/v1/districts?size=2&page=3>; rel=\"next\""),
                        containsString("</api/v1/districts?size=2&page=3>; rel=\"last\"")));
        given().queryParam("size", "2").queryParam("page", "3").when().get("/api/v1/districts").then()
                .statusCode(200).body("items.nces_id", contains("4800001"))
                .header("Link", allOf(containsString("rel=\"prev\""), not(containsString("rel=\"next\""))));
        given().queryParam("format", "csv").when().get("/api/v1/districts").then()
                .statusCode(200).header("Link", nullValue());
        given().queryParam("size", "2").queryParam("page", "4").when().get("/api/v1/districts").then()
                .statusCode(200).body("total", equalTo(5)).body("items", empty());
        given().queryParam("size", "400").when().get("/api/v1/districts").then()
                .statusCode(200).body("size", equalTo(400)).body("items", hasSize(5));
    }

    @Test
    void shouldAnswerAnOlderYearWhenAskedFor() {
        given().queryParam("year", Fixtures.OLDER_YEAR).when().get("/api/v1/districts").then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].enrollment", equalTo(900))
                .body("items[0].lct_minutes", nullValue());
    }

    @Test
    void shouldRefuseEveryBadParameterAtOnce() {
        assertProblem(given().queryParam("state", "CA,ZZ").queryParam("year", "23").queryParam("enrollment_min", "ten")
                .queryParam("lct_min", "5").queryParam("lct_max", "1").queryParam("scope", "nope")
                .queryParam("sort", "bogus").queryParam("size", "401").queryParam("has_bell_schedule", "yes")
                .queryParam("colour", "red")
                .when().get("/api/v1/districts").then(), 400)
                .body("type", equalTo("urn:lct:problem:invalid-request"))
                .body("errors.field", contains("colour", "year", "state", "enrollment_min", "has_bell_schedule",
                        "scope", "lct_min", "size", "sort"))
                .body("errors.rule", contains("known_parameter", "school_year_format", "known_state", "integer",
                        "boolean", "known_scope", "range_order", "maximum", "known_sort_field"))
                .body("errors.in", contains("query", "query", "query", "query", "query", "query", "query", "query",
                        "query"))
                .body("errors.find { it.field == 'state' }.message", containsString("ZZ"))
                .body("errors.find { it.field == 'size' }.message", containsString("400"));
    }

    @Test
    void shouldRefuseAYearWithoutDataAndEnrollmentRangesTheWrongWayRound() {
        assertProblem(given().queryParam("year", "1999-00").queryParam("enrollment_min", "10")
                .queryParam("enrollment_max", "5").when().get("/api/v1/districts").then(), 400)
                .body("errors.rule", contains("known_year", "range_order"))
                .body("errors[0].message", containsString("2023-24"));
        assertProblem(given().queryParam("page", "0").queryParam("size", "0").queryParam("lct_max", "abc")
                .when().get("/api/v1/districts").then(), 400)
                .body("errors.field", contains("lct_max", "page", "size"))
                .body("errors.rule", contains("number", "minimum", "minimum"));
    }

    @Test
    void shouldFindADistrictWithOrWithoutLeadingZeros() {
        for (String id : new String[] {"0600001", "600001"}) {
            given().config(DECIMALS).when().get("/api/v1/districts/" + id).then()
                    .statusCode(200)
                    .body("nces_id", equalTo("0600001"))
                    .body("name", equalTo("Alpha Unified"))
                    .body("state_name", equalTo("California"))
                    .body("school_year", equalTo(Fixtures.YEAR))
                    .body("enrollment", equalTo(1000))
                    .body("state_requirements.grade_level", contains("elementary", "high"))
                    .body("state_requirements.daily_minutes", contains(240, 360))
                    .body("state_requirements[1].valid_from_year", equalTo("2023-24"))
                    .body("bell_schedules.grade_level", contains("elementary", "high"))
                    .body("bell_schedules[1].instructional_minutes", equalTo(360))
                    .body("bell_schedules[1].source_urls", contains("https://example.org/alpha/high"))
                    .body("bell_schedules[1].start_time", equalTo("08:00:00"))
                    .body("lct.staff_scope", contains("teachers_only", "all"))
                    .body("lct[0].lct_minutes", equalTo(new java.math.BigDecimal("18.00")))
                    .body("lct[0].instructional_minutes", equalTo(360))
                    .body("lct[0].minutes_source", equalTo("bell_schedule"))
                    .body("lct[0].bell_schedule_id", equalTo((int) Fixtures.highScheduleId))
                    .body("lct[0].run_id", equalTo((int) Fixtures.currentRunId))
                    .body("lct[1].lct_minutes", equalTo(new java.math.BigDecimal("28.80")));
        }
    }

    @Test
    void shouldFindADistrictInAnOlderYearWithTheRequirementsInEffectThen() {
        given().queryParam("year", Fixtures.OLDER_YEAR).when().get("/api/v1/districts/0600001").then()
                .statusCode(200)
                .body("school_year", equalTo(Fixtures.OLDER_YEAR))
                .body("enrollment", equalTo(900))
                // 2020-21 is the latest high-school requirement valid in 2022-23; elementary has none before
                // 2023-24, so its earliest one stands in.
                .body("state_requirements.valid_from_year", contains("2023-24", "2020-21"))
                .body("state_requirements.daily_minutes", contains(240, 300))
                .body("lct", empty());
    }

    @Test
    void shouldReturn404ForUnknownDistrict() {
        assertProblem(given().when().get("/api/v1/districts/699999").then(), 404)
                .body("detail", containsString("0699999"));
        assertProblem(given().when().get("/api/v1/districts/0699999/bell-schedules").then(), 404)
                .body("detail", containsString("0699999"));
        assertProblem(given().queryParam("format", "csv").when().get("/api/v1/districts/0699999/lct").then(), 404)
                .body("detail", containsString("0699999"));
    }

    @Test
    void shouldRefuseMalformedDistrictIdsAsPathErrors() {
        for (String id : new String[] {"abc", "12345678", "06-0001"}) {
            assertProblem(given().when().get("/api/v1/districts/" + id).then(), 400)
                    .body("errors[0].field", equalTo("nces_id"))
                    .body("errors[0].in", equalTo("path"))
                    .body("errors[0].rule", equalTo("nces_id_format"));
        }
        // Path and query mistakes come together.
        assertProblem(given().queryParam("year", "x").queryParam("bogus", "1").when().get("/api/v1/districts/abc")
                .then(), 400)
                .body("errors.field", contains("bogus", "nces_id", "year"));
    }

    @Test
    void shouldListADistrictsBellSchedules() {
        given().when().get("/api/v1/districts/600001/bell-schedules").then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", contains((int) Fixtures.elementaryScheduleId, (int) Fixtures.highScheduleId))
                .body("items[0].method", equalTo("pdf_extraction"))
                .body("items[0].confidence", equalTo("medium"))
                .body("items[0].lunch_minutes", equalTo(35))
                .body("items[1].source_description", equalTo("Alpha High bell schedule"));
        given().queryParam("year", "2025-26").when().get("/api/v1/districts/600001/bell-schedules").then()
                .statusCode(200).body("total", equalTo(0)).body("filters.year", equalTo("2025-26"));
        given().when().get("/api/v1/districts/0600002/bell-schedules").then()
                .statusCode(200).body("items", empty());
    }

    @Test
    void shouldListADistrictsLctAcrossRunsNewestFirst() {
        given().config(DECIMALS).when().get("/api/v1/districts/0600001/lct").then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.run_id", contains((int) Fixtures.currentRunId, (int) Fixtures.currentRunId,
                        (int) Fixtures.olderRunId))
                .body("items.staff_scope", contains("teachers_only", "all", "teachers_only"))
                .body("items[2].lct_minutes", equalTo(new java.math.BigDecimal("15.00")))
                .body("items[2].minutes_source", equalTo("state_requirement"));
        given().queryParam("scope", "teachers_only").when().get("/api/v1/districts/0600001/lct").then()
                .statusCode(200)
                .body("items.run_id", contains((int) Fixtures.currentRunId, (int) Fixtures.olderRunId))
                .body("filters.scope", contains("teachers_only"));
        assertProblem(given().queryParam("scope", "teachers,all").when().get("/api/v1/districts/0600001/lct").then(),
                400).body("errors[0].rule", equalTo("known_scope"));
    }
}
