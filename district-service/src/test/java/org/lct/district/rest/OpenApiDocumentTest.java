package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document is a contract with generated clients: it is committed at docs/openapi/district-service.yaml
 * and this test fails when the service's document differs, so every change to it is reviewed.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("..", "docs", "openapi", "district-service.yaml");
    static final String REFRESH = "./lct test -pl district-service -am -Dtest=OpenApiDocumentTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dlct.openapi.update=true";

    @Test
    void shouldMatchTheCommittedDocument() throws Exception {
        String served = given().queryParam("format", "yaml").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        if (Boolean.getBoolean("lct.openapi.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, served);
        }
        assertTrue(Files.exists(COMMITTED), COMMITTED + " is missing; create it with:\n  " + REFRESH);
        assertEquals(Files.readString(COMMITTED), served, "The OpenAPI document changed. Review the difference, "
                + "then refresh the committed copy with:\n  " + REFRESH + "\n");
    }

    @Test
    void shouldGiveEveryOperationAnIdTagsDescriptionAndDocumentedParameters() {
        var paths = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> operations = paths.getMap("paths");
        int checked = 0;
        for (var path : operations.entrySet()) {
            if (!path.getKey().startsWith("/api/v1")) {
                continue;
            }
            for (var operation : path.getValue().entrySet()) {
                String where = operation.getKey() + " " + path.getKey();
                var op = operation.getValue();
                assertTrue(op.get("operationId") != null, where + " operationId");
                assertTrue(op.get("tags") != null, where + " tags");
                assertTrue(op.get("description") != null, where + " description");
                @SuppressWarnings("unchecked")
                var parameters = (java.util.List<java.util.Map<String, Object>>) op.getOrDefault("parameters", java.util.List.of());
                for (var parameter : parameters) {
                    assertTrue(parameter.get("description") != null, where + " " + parameter.get("name") + " description");
                    assertTrue(parameter.get("example") != null, where + " " + parameter.get("name") + " example");
                    assertTrue(parameter.get("schema") != null, where + " " + parameter.get("name") + " schema");
                }
                @SuppressWarnings("unchecked")
                var responses = (java.util.Map<String, Object>) op.get("responses");
                assertTrue(responses.containsKey("400") || parameters.isEmpty(), where + " documents 400");
                assertTrue(responses.containsKey("500"), where + " documents 500");
                checked++;
            }
        }
        assertEquals(14, checked, "operations under /api/v1");
    }
}
