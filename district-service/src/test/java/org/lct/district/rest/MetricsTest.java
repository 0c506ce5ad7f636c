package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.Metrics;
import org.lct.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** /q/metrics counts and times the API's requests per path template and status. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class MetricsTest extends ApiTestBase {

    @Test
    void shouldCountAndTimeRequestsByPathTemplateAndStatus() {
        String[] found = {"uri", "/api/v1/districts/{nces_id}", "method", "GET", "status", "200"};
        String[] notFound = {"uri", "/api/v1/districts/{nces_id}", "method", "GET", "status", "404"};
        String before = Metrics.scrape();
        given().when().get("/api/v1/districts/0600001").then().statusCode(200);
        given().when().get("/api/v1/districts/0600002").then().statusCode(200);
        given().when().get("/api/v1/districts/0699999").then().statusCode(404);
        String after = Metrics.scrape();
        assertEquals(2, Metrics.sum(after, "http_server_requests_seconds_count", found)
                - Metrics.sum(before, "http_server_requests_seconds_count", found), after);
        assertEquals(1, Metrics.sum(after, "http_server_requests_seconds_count", notFound)
                - Metrics.sum(before, "http_server_requests_seconds_count", notFound), after);
        assertTrue(Metrics.sum(after, "http_server_requests_seconds_sum", found)
                > Metrics.sum(before, "http_server_requests_seconds_sum", found), "latency recorded");
        assertTrue(after.contains("\nagroal_active_count{"), "connection pool metrics:\n" + after);
    }
}
