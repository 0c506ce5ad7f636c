package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.lct.district.model.DistrictDetail;
import org.lct.district.model.LctResult;
import org.lct.district.model.Listing;
import org.lct.testsupport.PostgresDatabaseResource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The district detail and LCT history are rendered as JSON by PostgreSQL; their answers must be exactly what Jackson
 * writes for the same model values (field order, nulls, decimals with their scale, timestamps in UTC without
 * trailing zeros, escaped text): read back into the model and written again by the service's own ObjectMapper,
 * each answer comes out byte for byte the same.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class RenderedDocumentsTest extends ApiTestBase {

    @Inject
    ObjectMapper mapper;

    @Test
    void shouldRenderTheDistrictDetailAsJacksonWouldWriteIt() throws Exception {
        for (String path : new String[] {"/api/v1/districts/0600001", "/api/v1/districts/0600001?year=2022-23",
                "/api/v1/districts/0600003", "/api/v1/districts/4800001"}) {
            String body = given().when().get(path).then().statusCode(200).contentType("application/json")
                    .extract().asString();
            assertEquals(mapper.writeValueAsString(mapper.readValue(body, DistrictDetail.class)), body, path);
        }
    }

    @Test
    void shouldRenderTheLctHistoryAsJacksonWouldWriteIt() throws Exception {
        for (String path : new String[] {"/api/v1/districts/0600001/lct",
                "/api/v1/districts/0600001/lct?scope=all,teachers_only", "/api/v1/districts/0600003/lct",
                "/api/v1/districts/0600002/lct?scope=instructional"}) {
            String body = given().when().get(path).then().statusCode(200).contentType("application/json")
                    .extract().asString();
            Listing<LctResult> listing = mapper.readValue(body, new TypeReference<Listing<LctResult>>() {
            });
            assertEquals(mapper.writeValueAsString(listing), body, path);
        }
    }

    /** Timestamps whose fraction is zero or ends in zeros, and text that needs escaping, written and removed again. */
    @Test
    void shouldRenderTimestampsAndTextExactly() throws Exception {
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            sql.execute("SELECT set_change_context('test', 'rendered JSON', 'RenderedDocumentsTest', null)");
            sql.execute("""
                    INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, start_time,
                                                end_time, method, confidence, source_urls, source_description,
                                                schools_sampled, notes, updated_at)
                    VALUES ('0600001', '2019-20', 'elementary', 300, '08:00:00.5', '14:00', 'web_scraping', 'low',
                            ARRAY['https://example.org/a?b="c"&d=\\\\e'], E'tab\\there, newline\\nthere, "quoted" é ✓',
                            ARRAY['School A', 'École B'], NULL, '2024-01-02 03:04:05+00'),
                           ('0600001', '2019-20', 'middle', 300, NULL, NULL, 'web_scraping', 'high',
                            ARRAY['https://example.org/m'], NULL, '{}', 'notes / slash \\ backslash',
                            '2024-01-02 03:04:05.120+02')
                    """);
            try {
                String body = given().when().get("/api/v1/districts/0600001").then().statusCode(200)
                        .body("bell_schedules.updated_at", hasItems("2024-01-02T03:04:05Z", "2024-01-02T01:04:05.12Z"))
                        .body("bell_schedules.school_year", contains("2024-25", "2024-25", "2019-20", "2019-20"))
                        .extract().asString();
                assertEquals(mapper.writeValueAsString(mapper.readValue(body, DistrictDetail.class)), body);
            } finally {
                sql.execute("DELETE FROM bell_schedules WHERE nces_id = '0600001' AND school_year = '2019-20'");
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
