package org.lct.common.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;

/** Strict bodies and storable text: every refusal a 400 (or 415) problem naming the field and its rule. */
@QuarkusTest
class StrictRequestsTest {

    private static final String NUL = "\u0000";

    private static io.restassured.response.ValidatableResponse post(String json) {
        return given().contentType("application/json").body(json.getBytes(StandardCharsets.UTF_8))
                .when().post("/probe/strict").then();
    }

    @Test
    void shouldAcceptAStrictBody() {
        post("{\"name\": \"a\", \"minutes\": 360, \"tags\": [\"x\"]}").statusCode(200).body(equalTo("a 360 [x]"));
    }

    @Test
    void shouldRefuseTrailingContent() {
        post("{\"name\": \"a\"} {\"name\": \"b\"}").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$")).body("errors[0].rule", equalTo("trailing_content"));
        post("{\"name\": \"a\"} garbage").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$"));
    }

    @Test
    void shouldRefuseAFractionForAWholeNumberInsteadOfTruncatingIt() {
        post("{\"name\": \"a\", \"minutes\": 360.5}").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("minutes")).body("errors[0].rule", equalTo("integer"));
    }

    @Test
    void shouldRefuseAValueOfAnotherTypeInsteadOfConvertingIt() {
        for (String body : List.of("{\"name\": 123}", "{\"name\": true}", "{\"name\": \"a\", \"minutes\": \"360\"}",
                "{\"name\": \"a\", \"minutes\": \"\"}", "{\"name\": \"a\", \"tags\": [7]}")) {
            post(body).statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", anyOf(equalTo("name"), equalTo("minutes"), equalTo("tags[0]")))
                    .body("errors[0].rule", equalTo("type"));
        }
    }

    @Test
    void shouldNameAnOutOfRangeNumber() {
        post("{\"name\": \"a\", \"minutes\": 10000000000}").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("minutes")).body("errors[0].rule", equalTo("number_range"));
    }

    @Test
    void shouldRefuseDuplicateKeys() {
        post("{\"name\": \"a\", \"name\": \"b\"}").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name")).body("errors[0].rule", equalTo("duplicate_field"));
    }

    @Test
    void shouldAnswer415ForABodyWithoutOrWithTheWrongContentType() {
        given().config(RestAssuredConfig.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .body("{\"name\": \"a\"}".getBytes(StandardCharsets.UTF_8)).contentType("")
                .when().post("/probe/strict")
                .then().statusCode(415).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Content-Type")).body("errors[0].in", equalTo("header"))
                .body("errors[0].message", containsString("application/json"));
        given().contentType("text/plain").body("{\"name\": \"a\"}")
                .when().post("/probe/strict")
                .then().statusCode(415).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Content-Type"));
    }

    @Test
    void shouldRefuseNulInAJsonStringNamingTheField() {
        post("{\"name\": \"a\\u0000b\"}").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name")).body("errors[0].rule", equalTo("no_control_characters"));
        post("{\"name\": \"a\", \"tags\": [\"ok\", \"b\\u0000\"]}").statusCode(400)
                .body("errors[0].field", equalTo("tags[1]")).body("errors[0].rule", equalTo("no_control_characters"));
    }

    @Test
    void shouldRefuseMalformedUtf8InAJsonStringNamingTheField() {
        // C0 AF is the overlong form of '/': Jackson alone would read it as that character
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC3, 0x28}, {(byte) 0xFF}}) {
            byte[] body = concat("{\"name\": \"a\", \"tags\": [\"ok\", \"b".getBytes(StandardCharsets.UTF_8), bad,
                    "\"]}".getBytes(StandardCharsets.UTF_8));
            given().contentType("application/json").body(body).when().post("/probe/strict").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("tags[1]")).body("errors[0].rule", equalTo("no_control_characters"))
                    .body("errors[0].message", containsString("UTF-8"));
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    @Test
    void shouldRefuseNulInQueryAndPathBeforeAnyResourceRuns() {
        given().urlEncodingEnabled(false).when().get("/probe?size=1%00&min=2")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("size")).body("errors.rule", hasItems("no_control_characters"))
                .body("errors.in", hasItems("query"));
        given().urlEncodingEnabled(false).when().get("/probe/A%00B")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].in", equalTo("path")).body("errors[0].rule", equalTo("no_control_characters"));
        given().urlEncodingEnabled(false).header("X-Note", "a\u0001").when().get("/probe?size=1")
                .then().statusCode(200);
    }
}
