package org.lct.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The same mistake gets the same answer from every service: the same field, the same place and the same rule, and
 * every paged list answers the same way. Run against the platform of this test JVM ({@link Platform#get()}).
 */
class ApiConventionsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Mistake(URI base, String pathAndQuery, String field, String in, String rule) {
    }

    @Test
    void shouldAnswerTheSameMistakeWithTheSameFieldAndRuleInEveryService() throws Exception {
        Platform platform = Platform.get();
        URI district = platform.districtUrl();
        URI enrichment = platform.enrichmentUrl();
        URI calculation = platform.calculationUrl();
        List<Mistake> mistakes = List.of(
                new Mistake(district, "/api/v1/districts/06-22710", "nces_id", "path", "nces_id_format"),
                new Mistake(enrichment, "/api/v1/bell-schedules?nces_id=06-22710", "nces_id", "query", "nces_id_format"),
                new Mistake(district, "/api/v1/lct?year=2023-25", "year", "query", "school_year_format"),
                new Mistake(calculation, "/api/v1/runs?year=2023-25", "year", "query", "school_year_format"),
                new Mistake(district, "/api/v1/districts?size=0", "size", "query", "minimum"),
                new Mistake(enrichment, "/api/v1/lineage?size=0", "size", "query", "minimum"),
                new Mistake(enrichment, "/api/v1/reviews?size=0", "size", "query", "minimum"),
                new Mistake(enrichment, "/api/v1/enrichment/queue?size=0", "size", "query", "minimum"),
                new Mistake(calculation, "/api/v1/runs?size=0", "size", "query", "minimum"),
                new Mistake(district, "/api/v1/districts?page=first", "page", "query", "integer"),
                new Mistake(enrichment, "/api/v1/imports?page=first", "page", "query", "integer"),
                new Mistake(calculation, "/api/v1/runs?page=first", "page", "query", "integer"),
                new Mistake(district, "/api/v1/districts?format=xml", "format", "query", "allowed_value"),
                new Mistake(calculation, "/api/v1/data-dictionary?format=xml", "format", "query", "allowed_value"),
                new Mistake(calculation, "/api/v1/runs/1/results?format=xml", "format", "query", "allowed_value"),
                new Mistake(district, "/api/v1/districts?limit=5", "limit", "query", "known_parameter"),
                new Mistake(enrichment, "/api/v1/reviews?limit=5", "limit", "query", "known_parameter"),
                new Mistake(calculation, "/api/v1/runs?limit=5", "limit", "query", "known_parameter"),
                new Mistake(enrichment, "/api/v1/bell-schedules/0", "id", "path", "integer"),
                new Mistake(calculation, "/api/v1/runs/0", "id", "path", "integer"));
        List<String> wrong = new ArrayList<>();
        for (Mistake mistake : mistakes) {
            HttpResponse<String> response = send(mistake.base().resolve(mistake.pathAndQuery()));
            String where = mistake.base().getPort() + mistake.pathAndQuery();
            if (response.statusCode() != 400
                    || !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                wrong.add(where + ": " + response.statusCode() + " " + response.body());
                continue;
            }
            JsonNode errors = MAPPER.readTree(response.body()).path("errors");
            boolean named = false;
            for (JsonNode error : errors) {
                named |= error.path("field").asText().equals(mistake.field())
                        && error.path("in").asText().equals(mistake.in())
                        && error.path("rule").asText().equals(mistake.rule());
            }
            if (!named) {
                wrong.add(where + ": expected " + mistake.field() + "/" + mistake.in() + "/" + mistake.rule() + ", got "
                        + errors);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void shouldPageEveryGrowingListTheSameWay() throws Exception {
        Platform platform = Platform.get();
        List<URI> lists = List.of(
                platform.districtUrl().resolve("/api/v1/districts?size=2"),
                platform.districtUrl().resolve("/api/v1/lct?size=2"),
                platform.enrichmentUrl().resolve("/api/v1/lineage?size=2"),
                platform.enrichmentUrl().resolve("/api/v1/imports?size=2"),
                platform.enrichmentUrl().resolve("/api/v1/reviews?size=2"),
                platform.enrichmentUrl().resolve("/api/v1/enrichment/queue?size=2"),
                platform.calculationUrl().resolve("/api/v1/runs?size=2"));
        for (URI list : lists) {
            HttpResponse<String> response = send(list);
            assertEquals(200, response.statusCode(), list + ": " + response.body());
            JsonNode page = MAPPER.readTree(response.body());
            assertEquals(1, page.path("page").asInt(), list + " page");
            assertEquals(2, page.path("size").asInt(), list + " size");
            assertTrue(page.path("total").isIntegralNumber(), list + " total");
            assertTrue(page.path("items").isArray() && page.path("items").size() <= 2, list + " items");
            String links = response.headers().firstValue("Link").orElse("");
            assertTrue(links.contains("rel=\"first\"") && links.contains("rel=\"last\""), list + " Link: " + links);
            assertEquals(page.path("total").asLong() > 2, links.contains("rel=\"next\""), list + " Link: " + links);
        }
    }

    private static HttpResponse<String> send(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
