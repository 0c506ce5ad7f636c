package org.lct.enrichment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lct.enrichment.rest.EnrichmentTestSupport.DISTRICTS_HEADER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.ENRICHER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.REVIEWER;
import static org.lct.enrichment.rest.EnrichmentTestSupport.importFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.lct.importer.Importers;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "enrichment"),
        @ResourceArg(name = "memberOf", value = "lct_enrichment_writer")})
@WithTestResource(TestTokens.class)
class ImportResourceTest {

    /** Injected by PostgresDatabaseResource: the database the service writes, read here as its owner. */
    TestDatabase database;

    @Test
    void shouldImportTheNationalDistrictsFileOnceAndChangeNothingTheSecondTime() throws Exception {
        byte[] file = Files.readAllBytes(Importers.repositoryRoot().resolve(Importers.BUNDLED_DISTRICTS));
        int rows = Files.readAllLines(Importers.repositoryRoot().resolve(Importers.BUNDLED_DISTRICTS)).size() - 1;
        long started = System.nanoTime();
        String location = given().auth().oauth2(ENRICHER).header("X-Request-Id", "first-national-import")
                .multiPart("file", "districts_2023_24_nces.csv", file)
                .when().post("/api/v1/imports/districts")
                .then().statusCode(201)
                .body("status", equalTo("succeeded"))
                .body("rows_read", equalTo(rows))
                .body("inserted", equalTo(rows))
                .body("file_sha256", matchesPattern("[0-9a-f]{64}"))
                .body("requested_by", equalTo("alice@example.org"))
                .extract().header("Location");
        System.out.printf("national districts import over HTTP: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        given().when().get(location).then().statusCode(200).body("inserted", equalTo(rows));
        given().queryParam("correlation_id", "first-national-import").queryParam("entity", "districts")
                .when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(rows));

        given().auth().oauth2(ENRICHER).header("X-Request-Id", "second-national-import")
                .multiPart("file", "districts_2023_24_nces.csv", file)
                .when().post("/api/v1/imports/districts")
                .then().statusCode(201)
                .body("inserted", equalTo(0))
                .body("updated", equalTo(0))
                .body("unchanged", equalTo(rows));
        given().queryParam("correlation_id", "second-national-import")
                .when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(0));
        // The first row of the file, 100005, lost its leading zero: it is stored under 0100005.
        given().queryParam("key", "0100005/2023-24").queryParam("entity", "districts")
                .when().get("/api/v1/lineage")
                .then().statusCode(200)
                .body("items[0].after_values.name", equalTo("Albertville City"))
                .body("items[0].actor", equalTo("alice@example.org"))
                .body("items[0].source", containsString("sha256:"));
    }

    @Test
    void shouldCountADryRunWithoutWritingIt() {
        importFile("districts", "dry.csv", DISTRICTS_HEADER + "199950,Dry Run District,AL,100,10,2023-24,test\n",
                "dry_run", "true")
                .statusCode(200)
                .body("status", equalTo("validated"))
                .body("dry_run", is(true))
                .body("inserted", equalTo(1));
        given().queryParam("key", "0199950").when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(0));
        given().when().get("/api/v1/bell-schedules?nces_id=0199950").then().statusCode(400)
                .body("errors[0].rule", equalTo("known_district"));
    }

    @Test
    void shouldRefreshThePlannerStatisticsOfTheTablesItWrote() throws Exception {
        long districts = manualAnalyses("districts");
        long leas = manualAnalyses("leas");
        String file = DISTRICTS_HEADER + "199970,Statistics One,AL,100,10,2023-24,test\n"
                + "199971,Statistics Two,AL,200,12,2023-24,test\n";
        importFile("districts", "statistics.csv", file, "dry_run", "true").statusCode(200);
        assertEquals(districts, manualAnalyses("districts"), "a dry run writes nothing and analyses nothing");
        importFile("districts", "statistics.csv", file).statusCode(201).body("inserted", equalTo(2));
        assertEquals(districts + 1, manualAnalyses("districts"));
        assertEquals(leas + 1, manualAnalyses("leas"));
        importFile("districts", "statistics.csv", file).statusCode(201).body("unchanged", equalTo(2));
        assertEquals(districts + 1, manualAnalyses("districts"), "nothing changed, nothing to analyse");
    }

    /** ANALYZEs of {@code table} other than autovacuum's (reported to the statistics at once, not at commit). */
    private long manualAnalyses(String table) throws SQLException {
        try (Connection connection = database.connect(); Statement sql = connection.createStatement();
                ResultSet row = sql.executeQuery(
                        "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '" + table + "'")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void shouldRejectABadFileWithEveryProblemAndRecordTheRejection() {
        String file = DISTRICTS_HEADER
                + "199960,Good District,AL,100,10,2023-24,test\n"
                + "199961,,AL,ten,10,2023-24,test\n"
                + "199962,Wrong Year,AL,100,10,2023,test\n";
        importFile("districts", "bad.csv", file)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("File rejected"))
                .body("errors", hasSize(3))
                .body("errors.line", hasItems(3, 4))
                .body("errors.field", hasItems("district_name", "enrollment", "year"))
                .body("errors.rule", hasItems("required", "number", "school_year_format"))
                .body("errors.in", everyItem(equalTo("file")));
        given().queryParam("key", "0199960").when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(0));
        given().queryParam("kind", "districts").when().get("/api/v1/imports")
                .then().statusCode(200)
                .body("items.status", hasItem("rejected"))
                .body("items.find { it.status == 'rejected' && it.file_name == 'bad.csv' }.rejected", equalTo(3));
    }

    @Test
    void shouldRefuseEmptyMisencodedOversizedAndMalformedFiles() {
        importFile("districts", "empty.csv", "").statusCode(422).body("errors[0].rule", equalTo("not_empty"));
        given().auth().oauth2(ENRICHER)
                .multiPart("file", "latin1.csv", (DISTRICTS_HEADER + "199970,Peñasco,AL,1,1,2023-24,x\n")
                        .getBytes(StandardCharsets.ISO_8859_1))
                .when().post("/api/v1/imports/districts")
                .then().statusCode(422).body("errors[0].rule", equalTo("encoding"));
        importFile("districts", "huge.csv", DISTRICTS_HEADER + "x".repeat(2_100_000))
                .statusCode(413)
                .contentType("application/problem+json")
                .body("errors[0].rule", equalTo("max_size"));
        importFile("districts", "columns.csv", "district_id,name\n1,a\n")
                .statusCode(422)
                .body("errors.rule", hasItems("known_column", "required_column"));
        importFile("state-requirements", "broken.yaml", "states: [unclosed")
                .statusCode(422).body("errors[0].rule", equalTo("yaml_syntax"));
        importFile("bell-schedules", "broken.json", "{\"0100005\": ")
                .statusCode(422).body("errors[0].rule", equalTo("json_syntax"));
        importFile("districts", "dupes.csv", DISTRICTS_HEADER + "199971,A,AL,1,1,2023-24,x\n199971,B,AL,1,1,2023-24,x\n")
                .statusCode(422).body("errors[0].rule", equalTo("unique_row")).body("errors[0].line", equalTo(3));
    }

    @Test
    void shouldRefuseDuplicateKeysAndSyntaxErrorsNamingTheirLines() {
        int trailBefore = given().queryParam("entity", "state_requirements").when().get("/api/v1/lineage")
                .then().statusCode(200).extract().path("total");
        String requirements = """
                metadata:
                  data_year: 2020
                states:
                  wyoming:
                    code: "WY"
                    reference: "WY Statute"
                    elementary: 360
                    elementary: 300
                    middle_school: 360
                    high_school: 360
                """;
        importFile("state-requirements", "twice.yaml", requirements)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].rule", equalTo("duplicate_key"))
                .body("errors[0].line", equalTo(8))
                .body("errors[0].field", equalTo("states.wyoming.elementary"))
                .body("errors[0].message", containsString("'elementary'"));
        importFile("bell-schedules", "broken.json", "{\"0100005\": {\"year\": \"2024-25\",\n  \"elementary\" {}}}")
                .statusCode(422)
                .body("errors[0].rule", equalTo("json_syntax"))
                .body("errors[0].line", equalTo(2));
        importFile("districts", "unclosed.csv", DISTRICTS_HEADER + "199980,\"Unclosed,AL,1,1,2023-24,x\n199981,B,AL,1,1,2023-24,x\n")
                .statusCode(422)
                .body("errors[0].rule", equalTo("csv_syntax"))
                .body("errors[0].line", equalTo(2));
        given().auth().oauth2(ENRICHER)
                .multiPart("file", "latin1.csv", (DISTRICTS_HEADER + "199982,Peñasco,AL,1,1,2023-24,x\n"
                        + "199983,Española,AL,1,1,2023-24,x\n").getBytes(StandardCharsets.ISO_8859_1))
                .when().post("/api/v1/imports/districts")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.rule", everyItem(equalTo("encoding")))
                .body("errors.line", equalTo(List.of(2, 3)));
        given().queryParam("entity", "state_requirements").when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(trailBefore));
        given().queryParam("key", "0199980").when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void shouldListEveryBadRequestParameter() {
        given().auth().oauth2(ENRICHER)
                .multiPart("file", "x.csv", "a".getBytes(StandardCharsets.UTF_8))
                .queryParam("dry_run", "perhaps").queryParam("colour", "red")
                .when().post("/api/v1/imports/teachers")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("kind", "dry_run", "colour"))
                .body("errors.rule", hasItems("known_kind", "boolean", "known_parameter"));
    }

    @Test
    void shouldRefuseImportsWithoutTheEnricherRole() {
        String file = DISTRICTS_HEADER + "199980,Unauthorised,AL,1,1,2023-24,x\n";
        given().multiPart("file", "a.csv", file.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/imports/districts")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2(TestTokens.tokenFromUnknownSigner("mallory", "enricher"))
                .multiPart("file", "a.csv", file.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/imports/districts")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(REVIEWER).multiPart("file", "a.csv", file.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/imports/districts")
                .then().statusCode(403).contentType("application/problem+json");
        given().queryParam("key", "0199980").when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void shouldKeepTheDatabaseConsistentWhenTheSameFileIsImportedConcurrently() {
        StringBuilder file = new StringBuilder(DISTRICTS_HEADER);
        for (int i = 0; i < 800; i++) {
            file.append(299000 + i).append(",Concurrent ").append(i).append(",AK,").append(100 + i).append(",10,2023-24,test\n");
        }
        List<CompletableFuture<Integer>> uploads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uploads.add(CompletableFuture.supplyAsync(() -> importFile("districts", "concurrent.csv", file.toString())
                    .statusCode(oneOf(201, 409)).extract().statusCode()));
        }
        List<Integer> statuses = uploads.stream().map(CompletableFuture::join).toList();
        assertTrue(statuses.contains(201), "at least one import succeeds: " + statuses);
        // Each district was inserted exactly once, whichever uploads won.
        given().queryParam("entity", "districts").queryParam("key", "0299000").when().get("/api/v1/lineage")
                .then().statusCode(200).body("total", equalTo(1));
        int imported = given().queryParam("entity", "districts").queryParam("key", "0299799").when()
                .get("/api/v1/lineage").then().statusCode(200).extract().path("total");
        assertEquals(1, imported);
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409));
        given().when().get("/api/v1/imports/runs/999999999").then().statusCode(404)
                .body("detail", containsString("999999999"));
        given().when().get("/api/v1/imports/runs/abc").then().statusCode(400)
                .body("errors[0].in", equalTo("path"));
        given().when().get("/api/v1/imports").then().statusCode(200).body("items", not(hasSize(0)));
    }
}
