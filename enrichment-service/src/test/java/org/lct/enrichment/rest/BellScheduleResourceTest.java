package org.lct.enrichment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lct.enrichment.rest.EnrichmentTestSupport.ENRICHER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.REVIEWER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.importDistricts;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "memberOf", value = "lct_enrichment_writer")})
@WithTestResource(TestTokens.class)
class BellScheduleResourceTest {

    /** Re-importing the same districts before every test changes nothing (imports are idempotent). */
    @BeforeEach
    void importTestDistricts() {
        importDistricts(
                "199901,Bell Test One,AL,1000,50,2023-24,test",
                "199902,Bell Test Two,AL,2000,90,2023-24,test",
                "199903,Bell Test Three,AL,3000,150,2023-24,test",
                "199904,Bell Test Four,AL,4000,200,2023-24,test");
    }

    private static String schedule(String year, String level, int minutes, String confidence) {
        return """
                {"school_year": "%s", "grade_level": "%s", "instructional_minutes": %d,
                 "start_time": "08:00", "end_time": "15:00", "lunch_minutes": 30, "passing_minutes": 10,
                 "method": "web_scraping", "confidence": "%s",
                 "source_urls": ["https://district.example/bell-schedule"], "notes": "first look"}
                """.formatted(year, level, minutes, confidence);
    }

    private static ExtractableResponse<Response> create(String ncesId, String body) {
        return given().auth().oauth2(ENRICHER).contentType("application/json").body(body)
                .when().post("/api/v1/bell-schedules?nces_id=" + ncesId)
                .then().extract();
    }

    @Test
    void shouldCreateAScheduleWithLocationETagAndLineage() {
        ExtractableResponse<Response> created = given().auth().oauth2(ENRICHER).header("X-Request-Id", "create-199901")
                .contentType("application/json").body(schedule("2024-25", "elementary", 380, "medium"))
                .queryParam("reason", "collected from the district site")
                .when().post("/api/v1/bell-schedules?nces_id=199901")
                .then().statusCode(201)
                .header("ETag", equalTo("\"0\""))
                .body("nces_id", equalTo("0199901"))
                .body("instructional_minutes", equalTo(380))
                .body("start_time", equalTo("08:00:00"))
                .body("source_urls", hasItem("https://district.example/bell-schedule"))
                .body("review_status", equalTo("unreviewed"))
                .extract();
        given().when().get(created.header("Location"))
                .then().statusCode(200).header("ETag", equalTo("\"0\"")).body("grade_level", equalTo("elementary"));
        given().queryParam("correlation_id", "create-199901").when().get("/api/v1/lineage")
                .then().statusCode(200)
                .header("Link", containsString("</api/v1/lineage?correlation_id=create-199901&page=1>; rel=\"last\""))
                .body("total", equalTo(1))
                .body("items[0].entity", equalTo("bell_schedules"))
                .body("items[0].entity_key", equalTo("0199901/2024-25/elementary"))
                .body("items[0].action", equalTo("insert"))
                .body("items[0].actor", equalTo("alice@example.org"))
                .body("items[0].reason", equalTo("collected from the district site"))
                .body("items[0].source", equalTo("api:POST /api/v1/bell-schedules"))
                .body("items[0].after_values.instructional_minutes", equalTo(380));
        given().when().get("/api/v1/bell-schedules?nces_id=0199901")
                .then().statusCode(200).body("grade_level", hasItem("elementary"));
        create("199901", schedule("2024-25", "elementary", 370, "medium")).response().then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("/api/v1/bell-schedules/" + created.path("id")));
    }

    @Test
    void shouldListEveryBrokenRuleOfASchedule() {
        String body = """
                {"school_year": "2024-26", "grade_level": "kindergarten", "instructional_minutes": 600,
                 "start_time": "15:00", "end_time": "08:00", "method": "guessing", "confidence": "certain",
                 "source_urls": ["ftp://nowhere"]}
                """;
        create("199902", body).response().then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("school_year", "grade_level", "instructional_minutes", "method",
                        "confidence", "end_time", "source_urls[0]"))
                .body("errors.rule", hasItems("school_year_format", "known_grade_level", "max", "known_method",
                        "known_confidence", "start_before_end", "pattern"))
                .body("errors.in", not(hasItem("query")));
        create("199902", """
                {"school_year": "2024-25", "grade_level": "high", "instructional_minutes": 300,
                 "start_time": "08:00", "end_time": "15:00", "lunch_minutes": 30,
                 "method": "web_scraping", "confidence": "high"}
                """).response().then()
                .statusCode(400)
                .body("errors.rule", hasItems("minutes_match_schedule", "source_required"))
                .body("errors.field", hasItems("source_urls", "source_description"));
        create("199902", """
                {"school_year": "2024-25", "grade_level": "high", "instructional_minutes": 360,
                 "method": "statutory_fallback", "confidence": "low", "colour": "blue"}
                """).response().then()
                .statusCode(400)
                .body("errors[0].field", equalTo("colour"))
                .body("errors[0].rule", equalTo("known_field"));
        // with the schedule's own problems, in one answer
        create("199902", """
                {"school_year": "2024-25", "grade_level": "kindergarten", "instructional_minutes": 360,
                 "method": "statutory_fallback", "confidence": "low", "colour": "blue", "shade": {"of": "grey"}}
                """).response().then()
                .statusCode(400)
                .body("errors.field", hasItems("colour", "shade", "grade_level"))
                .body("errors.rule", hasItems("known_field", "known_grade_level"));
        create("1234567890", schedule("2024-25", "high", 380, "high")).response().then()
                .statusCode(400).body("errors[0].in", equalTo("query")).body("errors[0].rule", equalTo("nces_id_format"));
        create("199999", schedule("2024-25", "high", 380, "high")).response().then()
                .statusCode(400).body("errors[0].field", equalTo("nces_id"))
                .body("errors[0].rule", equalTo("known_district"))
                .body("errors[0].message", containsString("0199999"));
        // The district is a required parameter, reported together with every other bad parameter.
        given().auth().oauth2(ENRICHER).contentType("application/json").body(schedule("2024-25", "high", 380, "high"))
                .queryParam("colour", "blue")
                .when().post("/api/v1/bell-schedules")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("nces_id", "colour"))
                .body("errors.rule", hasItems("required", "known_parameter"));
    }

    @Test
    void shouldRefuseFractionsOutOfRangeNumbersAndNulBytesNamingTheField() {
        create("199902", schedule("2024-25", "elementary", 380, "medium").replace("380", "360.5")).response().then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("instructional_minutes")).body("errors[0].rule", equalTo("integer"));
        create("199902", schedule("2024-25", "elementary", 380, "medium").replace("380", "10000000000")).response()
                .then().statusCode(400)
                .body("errors[0].field", equalTo("instructional_minutes"))
                .body("errors[0].rule", equalTo("number_range"));
        create("199902", schedule("2024-25", "elementary", 380, "medium").replace("first look", "a\\u0000b"))
                .response().then().statusCode(400)
                .body("errors[0].field", equalTo("notes")).body("errors[0].rule", equalTo("no_control_characters"));
        given().auth().oauth2(ENRICHER).contentType("application/json").urlEncodingEnabled(false)
                .body(schedule("2024-25", "elementary", 380, "medium"))
                .when().post("/api/v1/bell-schedules?nces_id=199902&reason=x%00y")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("reason")).body("errors[0].rule", equalTo("no_control_characters"));
        String location = create("199902", schedule("2024-25", "elementary", 380, "medium")).header("Location");
        given().auth().oauth2(ENRICHER).contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body("{\"instructional_minutes\": 381.5}")
                .when().patch(location)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("instructional_minutes")).body("errors[0].rule", equalTo("integer"));
        given().auth().oauth2(ENRICHER).contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body("{\"notes\": \"x\\u0000\"}")
                .when().patch(location)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("notes")).body("errors[0].rule", equalTo("no_control_characters"));
        given().when().get(location).then().statusCode(200).header("ETag", equalTo("\"0\""))
                .body("instructional_minutes", equalTo(380));
    }

    @Test
    void shouldAcceptAStatutoryFallbackWithoutASource() {
        create("199902", """
                {"school_year": "2024-25", "grade_level": "middle", "instructional_minutes": 360,
                 "method": "statutory_fallback", "confidence": "low"}
                """).response().then().statusCode(201).body("source_urls", hasSize(0));
    }

    @Test
    void shouldGuardReplacementsWithIfMatch() {
        ExtractableResponse<Response> created = create("199903", schedule("2024-25", "high", 380, "medium"));
        String location = created.header("Location");
        given().auth().oauth2(ENRICHER).contentType("application/json").body(schedule("2024-25", "high", 385, "medium"))
                .when().put(location)
                .then().statusCode(428).contentType("application/problem+json");
        given().auth().oauth2(ENRICHER).contentType("application/json").header("If-Match", "\"7\"")
                .body(schedule("2024-25", "high", 385, "medium"))
                .when().put(location)
                .then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(ENRICHER).contentType("application/json").header("If-Match", "\"0\"")
                .header("X-Request-Id", "replace-199903").body(schedule("2024-25", "high", 385, "high"))
                .when().put(location)
                .then().statusCode(200).header("ETag", equalTo("\"1\"")).body("instructional_minutes", equalTo(385));
        given().queryParam("correlation_id", "replace-199903").when().get("/api/v1/lineage")
                .then().statusCode(200)
                .body("items[0].action", equalTo("update"))
                .body("items[0].before_values.instructional_minutes", equalTo(380))
                .body("items[0].after_values.instructional_minutes", equalTo(385))
                .body("items[0].changed_columns", hasItems("instructional_minutes", "confidence"));

        // Now high confidence: overwriting it needs a reason.
        given().auth().oauth2(ENRICHER).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"instructional_minutes\": 390}")
                .when().patch(location)
                .then().statusCode(400).body("errors[0].field", equalTo("reason"))
                .body("errors[0].rule", equalTo("reason_required"));
        // If-Match compares strongly (RFC 9110 §13.1.1): a weak tag never matches, even of the current version.
        given().auth().oauth2(ENRICHER).contentType("application/merge-patch+json").header("If-Match", "W/\"1\"")
                .queryParam("reason", "district published a new schedule")
                .body("{\"instructional_minutes\": 390, \"notes\": null}")
                .when().patch(location)
                .then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(ENRICHER).contentType("application/merge-patch+json").header("If-Match", "\"1x\"")
                .queryParam("reason", "district published a new schedule").body("{\"notes\": null}")
                .when().patch(location)
                .then().statusCode(412);
        given().auth().oauth2(ENRICHER).contentType("application/merge-patch+json").header("If-Match", "1")
                .queryParam("reason", "district published a new schedule").body("{\"notes\": null}")
                .when().patch(location)
                .then().statusCode(400).body("errors[0].field", equalTo("If-Match"))
                .body("errors[0].rule", equalTo("etag_format"));
        // A list of tags is honoured: any strong tag of the current version matches.
        given().auth().oauth2(ENRICHER).contentType("application/merge-patch+json")
                .header("If-Match", "W/\"1\", \"0\", \"1\"")
                .queryParam("reason", "district published a new schedule")
                .body("{\"instructional_minutes\": 390, \"notes\": null}")
                .when().patch(location)
                .then().statusCode(200)
                .header("ETag", equalTo("\"2\""))
                .body("instructional_minutes", equalTo(390))
                .body("notes", nullValue())
                .body("method", equalTo("web_scraping"));
    }

    @Test
    void shouldLetOnlyOneOfTwoRacingWritersWin() {
        String location = create("199904", schedule("2024-25", "middle", 380, "medium")).header("Location");
        List<CompletableFuture<Integer>> writers = List.of(375, 385).stream()
                .map(minutes -> CompletableFuture.supplyAsync(() -> given().auth().oauth2(ENRICHER)
                        .contentType("application/json").header("If-Match", "\"0\"")
                        .body(schedule("2024-25", "middle", minutes, "medium"))
                        .when().put(location).then().extract().statusCode()))
                .toList();
        List<Integer> statuses = writers.stream().map(CompletableFuture::join).sorted().toList();
        assertEquals(List.of(200, 412), statuses);
        given().when().get(location).then().statusCode(200).header("ETag", equalTo("\"1\""));
    }

    @Test
    void shouldDeleteOnlyWithIfMatchAndAReasonAndKeepTheValuesInTheTrail() {
        ExtractableResponse<Response> created = create("199902", schedule("2023-24", "elementary", 380, "medium"));
        String location = created.header("Location");
        given().auth().oauth2(ENRICHER).header("If-Match", "\"0\"").when().delete(location)
                .then().statusCode(400).body("errors[0].rule", equalTo("reason_required"));
        given().auth().oauth2(ENRICHER).header("If-Match", "\"0\"").header("X-Request-Id", "delete-199902")
                .queryParam("reason", "duplicate of the 2024-25 schedule")
                .when().delete(location)
                .then().statusCode(204);
        given().when().get(location).then().statusCode(404);
        given().queryParam("correlation_id", "delete-199902").when().get("/api/v1/lineage")
                .then().statusCode(200)
                .body("items[0].action", equalTo("delete"))
                .body("items[0].before_values.instructional_minutes", equalTo(380))
                .body("items[0].reason", equalTo("duplicate of the 2024-25 schedule"));
    }

    @Test
    void shouldQueueLowConfidenceSchedulesForReviewersOnly() {
        ExtractableResponse<Response> created = create("199904", schedule("2024-25", "high", 380, "low"));
        int id = created.path("id");
        long awaiting = given().queryParam("size", "200").when().get("/api/v1/reviews").then().statusCode(200)
                .body("items.id", hasItem(id)).extract().<Number>path("total").longValue();
        given().auth().oauth2(ENRICHER).contentType("application/json").header("If-Match", "\"0\"")
                .body("{\"decision\": \"approve\"}")
                .when().post("/api/v1/bell-schedules/" + id + "/review")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(REVIEWER).contentType("application/json").header("If-Match", "\"0\"")
                .header("X-Request-Id", "review-" + id)
                .body("{\"decision\": \"correct\", \"corrections\": {\"instructional_minutes\": 375, \"confidence\": \"medium\"}}")
                .when().post("/api/v1/bell-schedules/" + id + "/review")
                .then().statusCode(200)
                .body("review_status", equalTo("corrected"))
                .body("reviewed_by", equalTo("rita@example.org"))
                .body("instructional_minutes", equalTo(375));
        given().queryParam("correlation_id", "review-" + id).when().get("/api/v1/lineage")
                .then().statusCode(200)
                .body("items[0].before_values.instructional_minutes", equalTo(380))
                .body("items[0].after_values.review_status", equalTo("corrected"))
                .body("items[0].reason", equalTo("review: corrected"))
                .body("items[0].changed_columns", hasItems("instructional_minutes", "confidence", "review_status"));
        given().queryParam("size", "200").when().get("/api/v1/reviews").then().statusCode(200)
                .body("items.id", not(hasItem(id))).body("total", equalTo((int) awaiting - 1));
        given().auth().oauth2(REVIEWER).contentType("application/json").header("If-Match", "\"1\"")
                .body("{\"decision\": \"maybe\"}")
                .when().post("/api/v1/bell-schedules/" + id + "/review")
                .then().statusCode(400).body("errors[0].rule", equalTo("known_decision"));
    }

    @Test
    void shouldRefuseWritesWithoutAToken() {
        given().contentType("application/json").body(schedule("2022-23", "high", 380, "medium"))
                .when().post("/api/v1/bell-schedules?nces_id=199901")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(ENRICHER).when().get("/api/v1/bell-schedules?nces_id=199901")
                .then().statusCode(200).body("school_year", not(hasItem("2022-23")));
    }
}
