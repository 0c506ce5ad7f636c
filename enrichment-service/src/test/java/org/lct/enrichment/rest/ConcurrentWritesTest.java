package org.lct.enrichment.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lct.enrichment.rest.EnrichmentTestSupport.ENRICHER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.REVIEWER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.importDistricts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Racing writers over real HTTP and a real PostgreSQL: every write that can lose a race answers 2xx, 409 or 412
 * (never 500), the losers' answers are problem+json, and the lineage trail holds exactly one entry per successful
 * write, each with the request id of the request that made it.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "memberOf", value = "lct_enrichment_writer")})
@WithTestResource(TestTokens.class)
class ConcurrentWritesTest {

    private static final int CLIENTS = 24;
    private static ExecutorService pool;

    /** One answer of a racing request: its request id, status and body. */
    record Answer(String requestId, int status, String contentType, Response response) {
    }

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @BeforeEach
    void importTestDistricts() {
        importDistricts(
                "199951,Race One,AL,1000,50,2023-24,test",
                "199952,Race Two,AL,2000,90,2023-24,test",
                "199953,Race Three,AL,3000,150,2023-24,test",
                "199954,Race Four,AL,4000,200,2023-24,test",
                "199955,Race Five,AL,5000,250,2023-24,test",
                "199956,Race Six,AL,6000,300,2023-24,test",
                "199957,Race Seven,AL,7000,350,2023-24,test");
    }

    private static String schedule(String year, String level, int minutes, String confidence) {
        return """
                {"school_year": "%s", "grade_level": "%s", "instructional_minutes": %d,
                 "start_time": "08:00", "end_time": "15:00", "lunch_minutes": 30, "passing_minutes": 10,
                 "method": "web_scraping", "confidence": "%s",
                 "source_urls": ["https://district.example/bell-schedule"]}
                """.formatted(year, level, minutes, confidence);
    }

    private static String create(String ncesId, String body) {
        return given().auth().oauth2(ENRICHER).contentType("application/json").body(body)
                .when().post("/api/v1/bell-schedules?nces_id=" + ncesId)
                .then().statusCode(201).extract().header("Location");
    }

    /** Starts every request at once (as far as threads allow) and waits for every answer. */
    private static List<Answer> race(String name, IntFunction<Response> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            futures.add(pool.submit(() -> {
                start.await();
                Response response = request.apply(client);
                return new Answer(name + "-" + client, response.statusCode(), response.contentType(), response);
            }));
        }
        start.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }

    private static Map<Integer, Integer> statusCounts(List<Answer> answers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach(answer -> counts.merge(answer.status(), 1, Integer::sum));
        return counts;
    }

    /** Only the allowed statuses, exactly {@code winners} of them 2xx, and every refusal a problem+json. */
    private static Set<String> assertAnswers(List<Answer> answers, Set<Integer> allowed, int success, int winners) {
        Map<Integer, Integer> counts = statusCounts(answers);
        assertTrue(allowed.containsAll(counts.keySet()), "statuses " + counts + " outside " + allowed);
        assertEquals(winners, counts.getOrDefault(success, 0), "winners in " + counts);
        Set<String> won = new TreeSet<>();
        for (Answer answer : answers) {
            if (answer.status() == success) {
                won.add(answer.requestId());
            }
            if (answer.status() >= 400) {
                assertTrue(answer.contentType().startsWith("application/problem+json"),
                        answer.status() + " answered " + answer.contentType());
            }
        }
        return won;
    }

    /** The request ids of the trail entries of one entity and key (and action, when given). */
    private static Set<String> trail(String entity, String key, String action) {
        List<Map<String, Object>> items = given().queryParam("entity", entity).queryParam("key", key)
                .queryParam("size", 500)
                .when().get("/api/v1/lineage").then().statusCode(200).extract().path("items");
        Set<String> ids = new TreeSet<>();
        List<String> all = new ArrayList<>();
        for (Map<String, Object> item : items) {
            if (action == null || action.equals(item.get("action"))) {
                ids.add((String) item.get("correlation_id"));
                all.add((String) item.get("correlation_id"));
            }
        }
        assertEquals(all.size(), ids.size(), "one trail entry per request: " + all);
        return ids;
    }

    @Test
    void shouldAnswerRacingCreatesOfOneLevelWith201Or409() throws Exception {
        List<Answer> answers = race("create", client -> given().auth().oauth2(ENRICHER)
                .header("X-Request-Id", "create-" + client).contentType("application/json")
                .body(schedule("2024-25", "middle", 380 + client % 5, "medium"))
                .when().post("/api/v1/bell-schedules?nces_id=199951"));
        Set<String> won = assertAnswers(answers, Set.of(201, 409), 201, 1);
        assertEquals(won, trail("bell_schedules", "0199951/2024-25/middle", null));
    }

    @Test
    void shouldAnswerRacingReplacementsWith200Or412() throws Exception {
        String location = create("199952", schedule("2024-25", "middle", 380, "medium"));
        List<Answer> answers = race("put", client -> given().auth().oauth2(ENRICHER)
                .header("X-Request-Id", "put-" + client).header("If-Match", "\"0\"")
                .contentType("application/json").body(schedule("2024-25", "middle", 360 + client, "medium"))
                .when().put(location));
        Set<String> won = assertAnswers(answers, Set.of(200, 412), 200, 1);
        assertEquals(won, trail("bell_schedules", "0199952/2024-25/middle", "update"));
        given().when().get(location).then().statusCode(200).header("ETag", "\"1\"");
    }

    @Test
    void shouldAnswerRacingPatchesWith200Or412() throws Exception {
        String location = create("199953", schedule("2024-25", "middle", 380, "medium"));
        List<Answer> answers = race("patch", client -> given().auth().oauth2(ENRICHER)
                .header("X-Request-Id", "patch-" + client).header("If-Match", "\"0\"")
                .contentType("application/merge-patch+json").body("{\"notes\": \"writer " + client + "\"}")
                .when().patch(location));
        Set<String> won = assertAnswers(answers, Set.of(200, 412), 200, 1);
        assertEquals(won, trail("bell_schedules", "0199953/2024-25/middle", "update"));
    }

    @Test
    void shouldAnswerRacingDeletesWith204Or412() throws Exception {
        String location = create("199954", schedule("2024-25", "middle", 380, "medium"));
        List<Answer> answers = race("delete", client -> given().auth().oauth2(ENRICHER)
                .header("X-Request-Id", "delete-" + client).header("If-Match", "\"0\"")
                .queryParam("reason", "duplicate")
                .when().delete(location));
        Set<String> won = assertAnswers(answers, Set.of(204, 412), 204, 1);
        assertEquals(won, trail("bell_schedules", "0199954/2024-25/middle", "delete"));
        given().when().get(location).then().statusCode(404);
    }

    @Test
    void shouldAnswerRacingReviewsWith200Or412() throws Exception {
        String location = create("199955", schedule("2024-25", "middle", 380, "low"));
        List<Answer> answers = race("review", client -> given().auth().oauth2(REVIEWER)
                .header("X-Request-Id", "review-" + client).header("If-Match", "\"0\"")
                .contentType("application/json").body(client % 2 == 0 ? "{\"decision\": \"approve\"}"
                        : "{\"decision\": \"correct\", \"corrections\": {\"notes\": \"reviewer " + client + "\"}}")
                .when().post(location + "/review"));
        Set<String> won = assertAnswers(answers, Set.of(200, 412), 200, 1);
        assertEquals(won, trail("bell_schedules", "0199955/2024-25/middle", "update"));
    }

    @Test
    void shouldRecordEveryRacingAttemptWithItsOwnRetryCount() throws Exception {
        List<Answer> answers = race("attempt", client -> given().auth().oauth2(ENRICHER)
                .header("X-Request-Id", "attempt-" + client).contentType("application/json")
                .body("{\"nces_id\": \"199956\", \"outcome\": \"error\", \"detail\": \"client " + client + "\"}")
                .when().post("/api/v1/enrichment/attempts"));
        assertAnswers(answers, Set.of(201), 201, CLIENTS);
        // Each failure counts the ones committed before it: 1, 2, … CLIENTS, none counted twice.
        Set<Integer> retryCounts = new TreeSet<>();
        answers.forEach(answer -> retryCounts.add(answer.response().path("retry_count")));
        assertEquals(CLIENTS, retryCounts.size(), "retry counts " + retryCounts);
    }

    @Test
    void shouldAttachRacingEvidenceOnce() throws Exception {
        String location = create("199957", schedule("2024-25", "middle", 380, "medium"));
        byte[] page = "<html>the bell schedule of Race Seven</html>".getBytes(StandardCharsets.UTF_8);
        List<Answer> answers = race("evidence", client -> given().auth().oauth2(ENRICHER)
                .header("X-Request-Id", "evidence-" + client)
                .multiPart("file", "schedule.html", page, "text/html")
                .when().post(location + "/evidence"));
        Set<String> won = assertAnswers(answers, Set.of(200, 201), 201, 1);
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertEquals(won, trail("bell_schedule_evidence", id, null));
    }
}
