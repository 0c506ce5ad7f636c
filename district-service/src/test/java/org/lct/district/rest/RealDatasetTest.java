package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.importer.Importers;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The bundled NCES 2023-24 dataset, imported by lct-importers, read back through the API end to end. Every expected
 * value is read from the input files here, not written into the test.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district_real"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class RealDatasetTest {

    TestDatabase database;

    private static List<Map<String, String>> inputDistricts;
    private static JsonNode inputRequirements;

    @BeforeEach
    void importTheBundledDataset() throws SQLException, IOException {
        if (inputDistricts != null) {
            return;
        }
        try (Connection connection = database.connect()) {
            Importers.importBundledDataset(connection);
        }
        Path root = Importers.repositoryRoot();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(Files.readString(root.resolve(Importers.BUNDLED_DISTRICTS)))) {
            inputDistricts = rows.readAll();
        }
        inputRequirements = new YAMLMapper().readTree(root.resolve(Importers.BUNDLED_STATE_REQUIREMENTS).toFile());
    }

    private static Map<String, String> largestDistrictOf(String state) {
        return inputDistricts.stream().filter(row -> row.get("state").equals(state))
                .max((a, b) -> new BigDecimal(a.get("enrollment")).compareTo(new BigDecimal(b.get("enrollment"))))
                .orElseThrow();
    }

    private static JsonNode requirementsOf(String state) {
        for (JsonNode entry : inputRequirements.get("states")) {
            if (state.equals(entry.path("code").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no " + state + " in the requirements file");
    }

    @Test
    void shouldListEveryCaliforniaDistrictOfTheInputFile() {
        long californian = inputDistricts.stream().filter(row -> row.get("state").equals("CA")).count();
        given().queryParam("state", "CA").queryParam("size", "400").when().get("/api/v1/districts").then()
                .statusCode(200)
                .body("total", equalTo((int) californian))
                .body("items.size()", equalTo(400));
        given().when().get("/api/v1/states/CA").then()
                .statusCode(200).body("state.districts", equalTo((int) californian));
    }

    @Test
    void shouldServeTheLargestCaliforniaDistrictAsTheFileHasItWithItsStatesRequirement() {
        Map<String, String> input = largestDistrictOf("CA");
        String unpadded = input.get("district_id");
        String ncesId = "0".repeat(7 - unpadded.length()) + unpadded;
        JsonNode requirement = requirementsOf("CA");
        given().config(DistrictResourceTest.DECIMALS).when().get("/api/v1/districts/" + unpadded).then()
                .statusCode(200)
                .body("nces_id", equalTo(ncesId))
                .body("name", equalTo(input.get("district_name")))
                .body("state_code", equalTo("CA"))
                .body("school_year", equalTo(input.get("year")))
                .body("enrollment", equalTo(new BigDecimal(input.get("enrollment")).intValueExact()))
                .body("instructional_staff_fte", equalTo(new BigDecimal(input.get("instructional_staff"))
                        .setScale(2, RoundingMode.HALF_UP)))
                .body("state_requirements.find { it.grade_level == 'elementary' }.daily_minutes",
                        equalTo(requirement.get("elementary").asInt()))
                .body("state_requirements.find { it.grade_level == 'middle' }.daily_minutes",
                        equalTo(requirement.get("middle_school").asInt()))
                .body("state_requirements.find { it.grade_level == 'high' }.daily_minutes",
                        equalTo(requirement.get("high_school").asInt()));
    }

    @Test
    void shouldExportTheWholeNationAsCsvInOneResponse() throws IOException {
        String csv = given().queryParam("format", "csv").when().get("/api/v1/districts").then().statusCode(200)
                .extract().asString();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            List<Map<String, String>> exported = rows.readAll();
            assertEquals(inputDistricts.size(), exported.size(), "one row per district of the input file");
            assertTrue(exported.size() > 400, "far beyond the page cap");
        }
    }
}
