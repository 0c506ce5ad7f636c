package org.lct.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every service answers once it runs against its database: liveness, readiness that includes the database,
 * and its OpenAPI document. Each service runs these as a {@code @QuarkusTest} and again against its packaged
 * application as a {@code @QuarkusIntegrationTest}.
 */
public abstract class ServiceContractTest {

    /** The title the service's OpenAPI document carries. */
    protected abstract String openApiTitle();

    @Test
    public void shouldReportLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    public void shouldReportReadyWithTheDatabaseUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }

    @Test
    public void shouldPublishItsOpenApiDocument() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("openapi", startsWith("3."))
                .body("info.title", equalTo(openApiTitle()));
    }
}
