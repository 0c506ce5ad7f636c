package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With {@code lct.district.default-scope=auto} (the default), lists and rankings show the first scope, in catalogue
 * order, that the year's current results contain: here only teachers_total, as on the bundled NCES data, where the
 * catalogue's first scope (teachers_only) would leave every LCT empty.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district_scope"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class DefaultScopeTest {

    TestDatabase database;

    @BeforeEach
    void loadOneTeachersTotalRun() throws SQLException {
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            try (var rows = sql.executeQuery("SELECT count(*) FROM calculation_runs")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
            sql.execute("SELECT set_change_context('test-fixtures', 'default scope test', 'DefaultScopeTest', null)");
            sql.execute("""
                    INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte,
                                           is_shared_service, source) VALUES
                      ('0600001', '2023-24', 'Alpha Unified', 'CA', 1000, 50.00, false, 'nces_ccd'),
                      ('0600001', '2022-23', 'Alpha Unified', 'CA', 900, 45.00, false, 'nces_ccd')""");
            sql.execute("""
                    INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, requested_at,
                                                  started_at, finished_at, input_hash, districts_calculated, result_rows)
                    VALUES ('full', 'succeeded', '2023-24', 'cli', 'test', now(), now(), now(), repeat('c', 64), 1, 1)""");
            sql.execute("""
                    INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes,
                        minutes_source, minutes_grade_level, staff_fte, enrollment, lct_minutes, is_valid, qa_flags)
                    SELECT id, '0600001', '2023-24', 'teachers_total', 360, 'default', NULL, 50.00, 1000, 18.00, true, '{}'
                    FROM calculation_runs""");
            sql.execute("SELECT rebuild_lct_current()"); // what a run does as it writes its rows
            sql.execute("SELECT refresh_materialized_views()");
        }
    }

    @Test
    void shouldListDistrictsInTheFirstScopeTheCurrentResultsContain() {
        given().config(DistrictResourceTest.DECIMALS).when().get("/api/v1/districts").then()
                .statusCode(200)
                .body("filters.scope", equalTo("teachers_total"))
                .body("items[0].lct_scope", equalTo("teachers_total"))
                .body("items[0].lct_minutes", equalTo(new BigDecimal("18.00")));
    }

    @Test
    void shouldRankInTheFirstScopeTheCurrentResultsContain() {
        given().when().get("/api/v1/lct/rankings").then()
                .statusCode(200)
                .body("filters.scope", equalTo("teachers_total"))
                .body("items.nces_id", contains("0600001"));
    }

    @Test
    void shouldFallBackToTheCataloguesFirstScopeForAYearWithoutResults() {
        given().queryParam("year", "2022-23").when().get("/api/v1/districts").then()
                .statusCode(200)
                .body("filters.scope", equalTo("teachers_only"))
                .body("items[0].lct_minutes", nullValue());
    }

    @Test
    void shouldKeepTheScopeARequestNames() {
        given().queryParam("scope", "all").when().get("/api/v1/districts").then()
                .statusCode(200)
                .body("filters.scope", equalTo("all"))
                .body("items[0].lct_minutes", nullValue());
    }
}
