package org.lct.common.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProblemMappersTest {

    @Test
    void shouldListEveryBadQueryParameterAtOnce() {
        given().queryParam("size", "ten").queryParam("min", "9").queryParam("max", "3").queryParam("sise", "1")
                .when().get("/probe")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemTypes.INVALID_REQUEST))
                .body("status", equalTo(400))
                .body("instance", equalTo("/probe"))
                .body("errors", hasSize(3))
                .body("errors.field", hasItems("sise", "size", "min"))
                .body("errors.rule", hasItems("known_parameter", "integer", "range_order"))
                .body("errors.in", hasItems("query"));
    }

    @Test
    void shouldAcceptValidParameters() {
        given().queryParam("size", "400").queryParam("min", "1.5").queryParam("max", "2")
                .when().get("/probe")
                .then().statusCode(200).body(equalTo("ok 400"));
    }

    @Test
    void shouldRejectSizeAboveTheCap() {
        given().queryParam("size", "401")
                .when().get("/probe")
                .then().statusCode(400)
                .body("errors[0].rule", equalTo("maximum"))
                .body("errors[0].message", containsString("at most 400"));
    }

    @Test
    void shouldNameThePathParameterThatBrokeItsPattern() {
        given().when().get("/probe/abc")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("code"))
                .body("errors[0].in", equalTo("path"))
                .body("errors[0].rule", equalTo("pattern"));
    }

    @Test
    void shouldListEveryBadBodyField() {
        given().contentType("application/json").body("{\"name\":\" \",\"minutes\":600}")
                .when().post("/probe")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("name", "minutes"))
                .body("errors.rule", hasItems("not_blank", "max"))
                .body("errors.in", hasItems("body"));
    }

    @Test
    void shouldNameAnUnknownOrMistypedBodyFieldWithoutJavaNames() {
        given().contentType("application/json").body("{\"name\":\"a\",\"minutes\":360,\"colour\":1}")
                .when().post("/probe")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("colour"))
                .body("errors[0].rule", equalTo("known_field"))
                .body(not(containsString("org.lct")));
        // unknown fields do not hide the body's other problems: all are named in one answer
        given().contentType("application/json").body("{\"name\":\" \",\"colour\":{\"hue\":[1]},\"minutes\":600,\"size\":2}")
                .when().post("/probe")
                .then().statusCode(400)
                .body("errors", hasSize(4))
                .body("errors.field", hasItems("colour", "size", "name", "minutes"))
                .body("errors.rule", hasItems("known_field", "not_blank", "max"));
        given().contentType("application/json").body("{\"name\":\"a\",\"minutes\":\"many\"}")
                .when().post("/probe")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("minutes"))
                .body("errors[0].rule", equalTo("type"))
                .body("errors[0].message", containsString("whole number"))
                .body(not(containsString("java.")));
        given().contentType("application/json").body("{\"name\":")
                .when().post("/probe")
                .then().statusCode(400)
                .body("errors[0].rule", equalTo("json_syntax"));
    }

    @Test
    void shouldAnswerNotFoundWithTheMissingId() {
        given().when().get("/probe/ZZ")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("No state with code ZZ"));
    }

    @Test
    void shouldHideInternalsOfUnexpectedFailures() {
        given().header("X-Request-Id", "trace-42").when().get("/probe/XX")
                .then().statusCode(500)
                .contentType("application/problem+json")
                .header("X-Request-Id", equalTo("trace-42"))
                .body("request_id", equalTo("trace-42"))
                .body(not(containsString("Secret")))
                .body(not(containsString("IllegalStateException")));
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsAsProblems() {
        given().when().get("/probe/AB/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json");
        given().when().delete("/probe")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
    }

    @Test
    void shouldDocumentProblemAnswersOnEveryOperation() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/probe'.get.responses.'400'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/probe/{code}'.get.responses.'404'", notNullValue())
                .body("paths.'/probe'.post.responses.'500'", notNullValue())
                .body("components.schemas.Problem.properties.errors.type", equalTo("array"));
    }
}
