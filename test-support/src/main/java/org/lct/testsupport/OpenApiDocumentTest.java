package org.lct.testsupport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A service's OpenAPI document is a contract with generated clients: it is committed at
 * {@code docs/openapi/<service>.yaml} and this test fails when the served document differs, so every change to it
 * is reviewed. It also holds every operation to the documentation rules: an operationId, tags, a description,
 * and parameters with a description, an example and a schema, and the problem answers.
 */
public abstract class OpenApiDocumentTest {

    /** The service's module name, e.g. {@code district-service}. */
    protected abstract String service();

    /** How many operations the service has under /api/v1, so a lost endpoint fails too. */
    protected abstract int operations();

    private Path committed() {
        return Path.of("..", "docs", "openapi", service() + ".yaml");
    }

    private String refreshCommand() {
        return "./lct test -pl " + service() + " -am -Dtest=" + getClass().getSimpleName()
                + " -Dsurefire.failIfNoSpecifiedTests=false -DskipITs=true -Dopenapi.update=true";
    }

    @Test
    void shouldMatchTheCommittedDocument() throws Exception {
        String served = given().queryParam("format", "yaml").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(committed().getParent());
            Files.writeString(committed(), served);
        }
        assertTrue(Files.exists(committed()), committed() + " is missing; create it with:\n  " + refreshCommand());
        assertEquals(Files.readString(committed()), served, "The OpenAPI document changed. Review the difference, "
                + "then refresh the committed copy with:\n  " + refreshCommand() + "\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldGiveEveryOperationAnIdTagsDescriptionAndDocumentedParameters() {
        Map<String, Map<String, Map<String, Object>>> paths = given().queryParam("format", "json")
                .when().get("/q/openapi").then().statusCode(200).extract().jsonPath().getMap("paths");
        int checked = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/v1")) {
                continue;
            }
            for (var operation : path.getValue().entrySet()) {
                String where = operation.getKey() + " " + path.getKey();
                Map<String, Object> op = operation.getValue();
                assertNotNull(op.get("operationId"), where + " operationId");
                assertNotNull(op.get("tags"), where + " tags");
                assertNotNull(op.get("description"), where + " description");
                var parameters = (List<Map<String, Object>>) op.getOrDefault("parameters", List.of());
                for (var parameter : parameters) {
                    String name = where + " " + parameter.get("name");
                    assertNotNull(parameter.get("description"), name + " description");
                    assertNotNull(parameter.get("example"), name + " example");
                    assertNotNull(parameter.get("schema"), name + " schema");
                }
                var responses = (Map<String, Object>) op.get("responses");
                assertTrue(responses.containsKey("400") || (parameters.isEmpty() && op.get("requestBody") == null),
                        where + " documents 400");
                assertTrue(responses.containsKey("500"), where + " documents 500");
                checked++;
            }
        }
        assertEquals(operations(), checked, "operations under /api/v1");
    }
}
