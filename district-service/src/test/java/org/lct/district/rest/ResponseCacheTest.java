package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.Metrics;
import org.lct.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A question asked again under the same data version is answered from ResponseCache; after a change it is not. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class ResponseCacheTest extends ApiTestBase {

    private static final String[] HIT = {"cache", ResponseCache.NAME, "result", "hit"};
    private static final String[] MISS = {"cache", ResponseCache.NAME, "result", "miss"};

    @Test
    void shouldAnswerTheSameQuestionFromTheCacheWithTheSameBytes() {
        for (String path : new String[] {"/api/v1/districts/0600001", "/api/v1/districts/0600001/lct",
                "/api/v1/districts?state=CA&size=2", "/api/v1/states/CA/summary"}) {
            String before = Metrics.scrape();
            Response first = given().when().get(path).then().statusCode(200).contentType("application/json")
                    .extract().response();
            Response again = given().when().get(path).then().statusCode(200).contentType("application/json")
                    .extract().response();
            String after = Metrics.scrape();
            assertArrayEquals(first.asByteArray(), again.asByteArray(), path);
            assertEquals(first.header("ETag"), again.header("ETag"), path);
            assertEquals(first.header("Link"), again.header("Link"), path + ": a page keeps its links");
            if (path.contains("size=2")) {
                assertTrue(again.header("Link").contains("page=2>; rel=\"next\""), again.header("Link"));
            }
            assertEquals(1, gets(after, MISS) - gets(before, MISS), path + " read once:\n" + after);
            assertEquals(1, gets(after, HIT) - gets(before, HIT), path + " answered again from the cache");
        }
    }

    @Test
    void shouldReadAgainAfterAnInputChanged() throws Exception {
        String path = "/api/v1/districts/0600001";
        Response before = given().when().get(path).then().statusCode(200)
                .body("state_requirements.find { it.grade_level == 'high' }.daily_minutes", equalTo(360))
                .extract().response();
        given().when().get(path).then().statusCode(200);
        String requirement = "UPDATE state_requirements SET daily_minutes = %d "
                + "WHERE state_code = 'CA' AND grade_level = 'high' AND valid_from_year = '2023-24'";
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            sql.execute(requirement.formatted(365));
            try {
                Response after = given().when().get(path).then().statusCode(200)
                        .body("state_requirements.find { it.grade_level == 'high' }.daily_minutes", equalTo(365))
                        .extract().response();
                assertNotEquals(before.header("ETag"), after.header("ETag"));
            } finally {
                sql.execute(requirement.formatted(360)); // the fixtures are shared by every test class
            }
        }
    }

    @Test
    void shouldKeepNoAnswerForAQuestionThatFailed() {
        String before = Metrics.scrape();
        given().when().get("/api/v1/districts/0699999").then().statusCode(404);
        given().when().get("/api/v1/districts/0699999").then().statusCode(404);
        String after = Metrics.scrape();
        assertEquals(0, gets(after, HIT) - gets(before, HIT));
        assertEquals(2, gets(after, MISS) - gets(before, MISS));
    }

    private static double gets(String scrape, String[] result) {
        return Metrics.sum(scrape, "cache_gets_total", result);
    }
}
