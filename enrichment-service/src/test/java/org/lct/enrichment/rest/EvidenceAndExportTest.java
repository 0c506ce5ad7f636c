package org.lct.enrichment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.lct.enrichment.rest.EnrichmentTestSupport.ENRICHER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.importDistricts;
import static org.lct.enrichment.rest.EnrichmentTestSupport.importFile;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** American Samoa has no districts in the national file, so this test owns its schedules. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "memberOf", value = "lct_enrichment_writer")})
@WithTestResource(TestTokens.class)
class EvidenceAndExportTest {

    private static final String SCHEDULES = """
            district_id,district_name,state,year,grade_level,instructional_minutes,start_time,end_time,lunch_duration,source,confidence,method,notes
            6000001,Samoa One,AS,2024-25,elementary,330,8:00,14:30,30,district handbook,high,web_scraping,"quoted, with comma"
            6000001,Samoa One,AS,2024-25,high,360,,,,district handbook,medium,manual_data_collection,
            6000002,Samoa Two,AS,2024-25,middle,350,,,,state statute,low,fallback_statutory,
            """;

    @BeforeEach
    void importSamoa() {
        importDistricts("6000001,Samoa One,AS,3000,150,2023-24,test", "6000002,Samoa Two,AS,1000,60,2023-24,test");
        importFile("bell-schedules", "samoa.csv", SCHEDULES).statusCode(201);
    }

    @Test
    void shouldExportInTheReferenceShapeAndImportTheExportBackUnchanged() {
        String export = given().queryParam("state", "AS").when().get("/api/v1/exports/bell-schedules")
                .then().statusCode(200)
                .body("'6000001'.district_name", equalTo("Samoa One"))
                .body("'6000001'.year", equalTo("2024-25"))
                .body("'6000001'.elementary.instructional_minutes", equalTo(330))
                .body("'6000001'.elementary.start_time", equalTo("08:00"))
                .body("'6000001'.elementary.lunch_duration", equalTo(30))
                .body("'6000001'.elementary.notes", equalTo("quoted, with comma"))
                .body("'6000001'.high.method", equalTo("human_provided"))
                .body("'6000002'.middle.method", equalTo("statutory_fallback"))
                .extract().asString();
        importFile("bell-schedules", "export.json", export)
                .statusCode(201)
                .body("format", equalTo("json"))
                .body("rows_read", equalTo(3))
                .body("unchanged", equalTo(3));
    }

    @Test
    void shouldStoreEvidenceOnceByHashAndServeItBack() {
        int scheduleId = given().when().get("/api/v1/bell-schedules?nces_id=6000001")
                .then().statusCode(200).extract().path("find { it.grade_level == 'high' }.id");
        byte[] page = "<html><body>Bell schedule: 8:00-15:00</body></html>".getBytes(StandardCharsets.UTF_8);
        String sha = given().auth().oauth2(ENRICHER).multiPart("file", "schedule.html", page, "text/html")
                .when().post("/api/v1/bell-schedules/" + scheduleId + "/evidence")
                .then().statusCode(201)
                .body("sha256", matchesPattern("[0-9a-f]{64}"))
                .body("content_type", equalTo("text/html"))
                .body("size_bytes", equalTo(page.length))
                .extract().path("sha256");
        given().auth().oauth2(ENRICHER).multiPart("file", "copy.html", page, "text/html")
                .when().post("/api/v1/bell-schedules/" + scheduleId + "/evidence")
                .then().statusCode(200).body("sha256", equalTo(sha));
        given().when().get("/api/v1/bell-schedules/" + scheduleId + "/evidence")
                .then().statusCode(200).body("", hasSize(1));
        byte[] downloaded = given().when().get("/api/v1/bell-schedules/" + scheduleId + "/evidence/" + sha)
                .then().statusCode(200).contentType("text/html").extract().asByteArray();
        assertArrayEquals(page, downloaded);
        given().queryParam("entity", "bell_schedule_evidence").queryParam("key", scheduleId + "/" + sha)
                .when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].actor", equalTo("alice@example.org"));
    }

    @Test
    void shouldRefuseEvidenceThatIsTooLargeOfAnUnknownTypeOrEmpty() {
        int scheduleId = given().when().get("/api/v1/bell-schedules?nces_id=6000002")
                .then().statusCode(200).extract().path("[0].id");
        given().auth().oauth2(ENRICHER).multiPart("file", "big.pdf", new byte[100_001], "application/pdf")
                .when().post("/api/v1/bell-schedules/" + scheduleId + "/evidence")
                .then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(ENRICHER).multiPart("file", "run.exe", new byte[] {1, 2}, "application/x-msdownload")
                .when().post("/api/v1/bell-schedules/" + scheduleId + "/evidence")
                .then().statusCode(400).body("errors[0].rule", equalTo("content_type"));
        given().auth().oauth2(ENRICHER).multiPart("file", "empty.pdf", new byte[0], "application/pdf")
                .when().post("/api/v1/bell-schedules/" + scheduleId + "/evidence")
                .then().statusCode(400).body("errors[0].rule", equalTo("not_empty"));
        given().when().get("/api/v1/bell-schedules/" + scheduleId + "/evidence/" + "0".repeat(64))
                .then().statusCode(404);
        given().when().get("/api/v1/bell-schedules/" + scheduleId + "/evidence/not-a-hash")
                .then().statusCode(400).body("errors.rule", hasItems("sha256_hex"));
        given().when().get("/api/v1/bell-schedules/" + scheduleId + "/evidence")
                .then().statusCode(200).body("", hasSize(0));
    }
}
