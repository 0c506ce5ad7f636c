package org.lct.enrichment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lct.enrichment.rest.EnrichmentTestSupport.ENRICHER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.importDistricts;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Guam has no districts in the national file, so this test owns the state's campaign. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "memberOf", value = "lct_enrichment_writer")})
@WithTestResource(TestTokens.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignResourceTest {

    @BeforeEach
    void importGuamDistricts() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            // 6600001 is the largest, 6600012 the smallest.
            lines.add("66000%02d,Guam District %d,GU,%d,50,2023-24,test".formatted(i, i, 1300 - 100 * i));
        }
        lines.add("6600099,Guam Office Without Students,GU,0,5,2023-24,test");
        importDistricts(lines.toArray(String[]::new));
    }

    private static void recordAttempt(String ncesId, String outcome, Integer priority, int status) {
        given().auth().oauth2(ENRICHER).contentType("application/json")
                .body("{\"nces_id\": \"%s\", \"outcome\": \"%s\", \"detail\": \"test\"%s}".formatted(ncesId, outcome,
                        priority == null ? "" : ", \"priority\": " + priority))
                .when().post("/api/v1/enrichment/attempts")
                .then().statusCode(status);
    }

    @Test
    @Order(1)
    void shouldOfferTheNineLargestDistrictsAsCandidates() {
        given().when().get("/api/v1/campaign/gu")
                .then().statusCode(200)
                .body("state_code", equalTo("GU"))
                .body("districts", equalTo(12))
                .body("collected", equalTo(0))
                .body("done", is(false))
                .body("candidates", hasSize(9))
                .body("candidates[0].nces_id", equalTo("6600001"))
                .body("candidates[0].rank", equalTo(1))
                .body("candidates[8].nces_id", equalTo("6600009"))
                .body("candidates.nces_id", not(hasItem("6600099")));
        given().queryParam("state", "GU").queryParam("size", "3").when().get("/api/v1/enrichment/queue")
                .then().statusCode(200)
                .body("items.nces_id", contains("6600001", "6600002", "6600003"))
                .body("items.campaign_candidate", contains(true, true, true));
        // the queue pages like every list: positions go on, the total counts the whole queue, Link headers lead on
        int total = given().queryParam("state", "GU").queryParam("size", "3").queryParam("page", "2")
                .when().get("/api/v1/enrichment/queue")
                .then().statusCode(200)
                .body("page", equalTo(2)).body("size", equalTo(3))
                .body("items.position", contains(4, 5, 6))
                .header("Link", containsString("rel=\"first\""))
                .header("Link", containsString("page=1>; rel=\"prev\""))
                .extract().path("total");
        assertTrue(total > 6, "Guam's due districts, more than two pages of 3: " + total);
    }

    @Test
    @Order(2)
    void shouldBackOffAfterAFailureAndDropADistrictAfterThree() {
        given().auth().oauth2(ENRICHER).contentType("application/json")
                .body("{\"nces_id\": \"6600004\", \"outcome\": \"blocked\", \"detail\": \"HTTP 403\"}")
                .when().post("/api/v1/enrichment/attempts")
                .then().statusCode(201)
                .body("retry_count", equalTo(1))
                .body("left_queue_because", nullValue())
                .extract().path("next_retry_at");
        String nextRetry = given().queryParam("state", "GU").when().get("/api/v1/campaign/GU")
                .then().statusCode(200).extract().path("candidates.find { it.nces_id == '6600004' }.next_retry_at");
        Duration wait = Duration.between(OffsetDateTime.now(), OffsetDateTime.parse(nextRetry));
        assertTrue(wait.compareTo(Duration.ofHours(5)) > 0 && wait.compareTo(Duration.ofHours(7)) < 0,
                "first backoff is about 6 hours, was " + wait);
        given().queryParam("state", "GU").queryParam("size", "20").when().get("/api/v1/enrichment/queue")
                .then().statusCode(200).body("items.nces_id", not(hasItem("6600004")));

        recordAttempt("6600004", "error", null, 201);
        given().auth().oauth2(ENRICHER).contentType("application/json")
                .body("{\"nces_id\": \"6600004\", \"outcome\": \"no_data\", \"detail\": \"no schedule published\"}")
                .when().post("/api/v1/enrichment/attempts")
                .then().statusCode(201)
                .body("retry_count", equalTo(3))
                .body("next_retry_at", nullValue())
                .body("left_queue_because", containsString("failed 3 times"));
        given().when().get("/api/v1/enrichment/excluded")
                .then().statusCode(200).body("nces_id", hasItem("6600004"));
    }

    @Test
    @Order(3)
    void shouldPutHigherPriorityFirst() {
        recordAttempt("6600012", "success", 10, 201);
        given().queryParam("state", "GU").when().get("/api/v1/enrichment/queue")
                .then().statusCode(200)
                .body("items[0].nces_id", equalTo("6600012"))
                .body("items[0].priority", equalTo(10));
    }

    @Test
    @Order(4)
    void shouldFinishAStateAfterThreeCollections() {
        for (String id : List.of("6600001", "6600002", "6600003")) {
            given().auth().oauth2(ENRICHER).contentType("application/json")
                    .body("""
                            {"school_year": "2024-25", "grade_level": "high", "instructional_minutes": 360,
                             "method": "web_scraping", "confidence": "medium", "source_description": "district site"}
                            """)
                    .when().post("/api/v1/bell-schedules?nces_id=" + id)
                    .then().statusCode(201);
        }
        given().when().get("/api/v1/campaign/GU")
                .then().statusCode(200)
                .body("collected", equalTo(3))
                .body("done", is(true))
                .body("candidates[0].nces_id", equalTo("6600004"))
                .body("candidates.nces_id", not(hasItems("6600001", "6600002", "6600003")));
        given().when().get("/api/v1/campaign")
                .then().statusCode(200)
                .body("find { it.state_code == 'GU' }.done", is(true));
        given().queryParam("state", "GU").queryParam("size", "20").when().get("/api/v1/enrichment/queue")
                .then().statusCode(200).body("items", hasSize(greaterThan(0))).body("items.campaign_candidate", not(hasItem(true)));
    }

    @Test
    @Order(5)
    void shouldAnswerBadAttemptsAndStatesAsProblems() {
        given().auth().oauth2(ENRICHER).contentType("application/json")
                .body("{\"nces_id\": \"66-0001\", \"outcome\": \"maybe\", \"source_url\": \"file:///etc\"}")
                .when().post("/api/v1/enrichment/attempts")
                .then().statusCode(400)
                .body("errors.field", hasItems("nces_id", "outcome", "source_url"));
        recordAttempt("6699999", "error", null, 404);
        given().contentType("application/json").body("{\"nces_id\": \"6600005\", \"outcome\": \"error\"}")
                .when().post("/api/v1/enrichment/attempts")
                .then().statusCode(401);
        given().when().get("/api/v1/campaign/ZZ").then().statusCode(404).body("detail", containsString("ZZ"));
        given().when().get("/api/v1/campaign/California").then().statusCode(400)
                .body("errors[0].in", equalTo("path"));
        given().queryParam("size", "0").queryParam("state", "Guam").when().get("/api/v1/enrichment/queue")
                .then().statusCode(400).body("errors.field", hasItems("size", "state"));
        given().queryParam("limit", "5").when().get("/api/v1/enrichment/queue")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"))
                .body("errors[0].rule", equalTo("known_parameter"));
        // An unknown state is a 400 naming the parameter, as in district-service, never an empty list.
        given().queryParam("state", "ZZ").when().get("/api/v1/enrichment/queue")
                .then().statusCode(400).body("errors[0].field", equalTo("state"))
                .body("errors[0].rule", equalTo("known_state"));
        given().queryParam("state", "ZZ").when().get("/api/v1/exports/bell-schedules")
                .then().statusCode(400).body("errors[0].field", equalTo("state"))
                .body("errors[0].rule", equalTo("known_state"));
    }
}
