package org.lct.enrichment.rest;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;

import io.restassured.response.ValidatableResponse;
import org.lct.testsupport.TestTokens;

/** Requests the enrichment tests share: tokens, and districts imported through the API itself. */
final class EnrichmentTestSupport {

    static final String ENRICHER = TestTokens.tokenFor("alice@example.org", "enricher");
    static final String REVIEWER = TestTokens.tokenFor("rita@example.org", "reviewer");
    static final String DISTRICTS_HEADER =
            "district_id,district_name,state,enrollment,instructional_staff,year,data_source\n";

    private EnrichmentTestSupport() {
    }

    static ValidatableResponse importFile(String kind, String fileName, String content, String... query) {
        var request = given().auth().oauth2(ENRICHER)
                .multiPart("file", fileName, content.getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        for (int i = 0; i + 1 < query.length; i += 2) {
            request = request.queryParam(query[i], query[i + 1]);
        }
        return request.when().post("/api/v1/imports/" + kind).then();
    }

    /** Imports districts (one CSV line each, without the header) and checks the import succeeded. */
    static void importDistricts(String... lines) {
        importFile("districts", "districts.csv", DISTRICTS_HEADER + String.join("\n", lines) + "\n")
                .statusCode(201);
    }
}
