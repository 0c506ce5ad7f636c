package org.lct.calculation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** calculation-service's document at docs/openapi/calculation-service.yaml (see the base class). */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_runs"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class OpenApiDocumentTest extends org.lct.testsupport.OpenApiDocumentTest {

    @Override
    protected String service() {
        return "calculation-service";
    }

    @Override
    protected int operations() {
        return 6;
    }

    /** Generated clients get a QA report class with typed fields, not an untyped object. */
    @Test
    void shouldDescribeTheQaReportWithTypedProperties() {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        String reference = document.getString(
                "paths.'/api/v1/runs/{id}/qa'.get.responses.'200'.content.'application/json'.schema.'$ref'");
        assertEquals("#/components/schemas/QaReport", reference);

        Map<String, Map<String, Object>> report = properties(document, "QaReport");
        for (String section : List.of("metadata", "data_quality", "safeguards", "safeguard_definitions", "scope_summary",
                "by_state", "hierarchy_validation", "outliers", "state_coverage", "minutes_sources", "g1_summary",
                "overall_status", "no_changes", "results_run_id", "detail")) {
            assertTrue(report.containsKey(section), "QaReport." + section);
        }
        report.forEach((name, schema) -> assertTrue(schema.containsKey("type") || schema.containsKey("$ref"),
                "QaReport." + name + " has a type: " + schema));

        assertEquals("string", document.getString(
                "components.schemas.QaReport.properties.safeguard_definitions.additionalProperties.type"));
        assertEquals("#/components/schemas/QaHierarchyCheckResult", document.getString(
                "components.schemas.QaReport.properties.hierarchy_validation.additionalProperties.'$ref'"));
        Map<String, Map<String, Object>> check = properties(document, "QaHierarchyCheckResult");
        assertEquals("boolean", check.get("passed").get("type"));
        assertEquals("#/components/schemas/QaScopeMean", check.get("lower").get("$ref"));
        assertEquals("number", properties(document, "QaScopeMean").get("mean").get("type"));
        assertEquals("#/components/schemas/QaOutlier",
                document.getString("components.schemas.QaReport.properties.outliers.items.'$ref'"));
        assertEquals("integer", properties(document, "QaDataQuality").get("total_rows").get("type"));
    }

    private static Map<String, Map<String, Object>> properties(JsonPath document, String schema) {
        Map<String, Map<String, Object>> properties = document.getMap("components.schemas." + schema + ".properties");
        assertNotNull(properties, schema + " has properties");
        return properties;
    }
}
