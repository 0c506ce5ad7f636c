package org.lct.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lct.importer.Importers.Format;
import org.lct.testsupport.TestDatabase;

/**
 * Files are read strictly and every syntax problem names its line: a key twice in one YAML or JSON mapping, a
 * broken flow mapping, invalid JSON, an unclosed CSV quote, a NUL character, bytes that are not UTF-8. A refused
 * file writes nothing.
 */
class StrictSyntaxTest {

    private static final String DISTRICTS = "district_id,district_name,state,enrollment,instructional_staff,year,data_source\n";
    private static final String REQUIREMENTS = """
            metadata:
              data_year: 2020
            states:
              alabama:
                code: "AL"
                reference: "AL Code"
                elementary: 360
                middle_school: 360
                high_school: 360
            """;
    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create("importers_syntax");
        database.migrate();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void shouldRefuseAYamlKeyGivenTwiceNamingTheKeyAndItsLine() throws SQLException {
        assertEquals(List.of("8:states.alabama.elementary:duplicate_key"), rejected(ImportKind.STATE_REQUIREMENTS,
                Format.YAML, REQUIREMENTS.replace("middle_school: 360", "elementary: 300")));
        assertEquals(List.of("10:states:duplicate_key"), rejected(ImportKind.STATE_REQUIREMENTS, Format.YAML,
                REQUIREMENTS + "states:\n  alaska:\n    code: \"AK\"\n"));
        ImportRejectedException refused = assertThrows(ImportRejectedException.class, () -> importFile(
                ImportKind.STATE_REQUIREMENTS, Format.YAML, REQUIREMENTS.replace("middle_school: 360", "elementary: 300")));
        assertTrue(refused.problems().getFirst().message().contains("'elementary'"), refused.problems().toString());
        assertEquals(0, count("SELECT count(*) FROM state_requirements"), "a refused file writes nothing");

        assertEquals(3, importFile(ImportKind.STATE_REQUIREMENTS, Format.YAML, REQUIREMENTS).counts().inserted(),
                "the same file with each key once imports");
    }

    @Test
    void shouldNameTheLineAndColumnOfAYamlSyntaxError() {
        ImportRejectedException refused = assertThrows(ImportRejectedException.class, () -> importFile(
                ImportKind.STATE_REQUIREMENTS, Format.YAML, "metadata: {data_year: 2020\nstates:\n  alabama: {}\n"));
        ImportProblem problem = refused.problems().getFirst();
        assertEquals("yaml_syntax", problem.rule());
        assertEquals(2, problem.line(), problem.message());
        assertTrue(problem.message().contains("flow mapping that starts at line 1, column 11"), problem.message());
        assertTrue(problem.message().contains("column 7"), problem.message());
    }

    @Test
    void shouldRefuseDuplicateKeysAndSyntaxErrorsInJsonWithTheirLine() {
        String schedules = """
                {"0100005": {"year": "2024-25",
                  "elementary": {"instructional_minutes": 360, "method": "web_scraping",
                                 "confidence": "high", "instructional_minutes": 390}}}
                """;
        assertEquals(List.of("3:0100005.elementary.instructional_minutes:duplicate_key"),
                rejected(ImportKind.BELL_SCHEDULES, Format.JSON, schedules));
        ImportRejectedException refused = assertThrows(ImportRejectedException.class, () -> importFile(
                ImportKind.BELL_SCHEDULES, Format.JSON, "{\"0100005\": {\"year\": \"2024-25\",\n  \"elementary\" {}}}"));
        assertEquals("2:null:json_syntax", describe(refused.problems().getFirst()));
        assertTrue(refused.problems().getFirst().message().contains("column 16"), refused.problems().toString());
    }

    @Test
    void shouldNameTheLineWhereAnUnclosedCsvQuoteOpens() {
        ImportRejectedException refused = assertThrows(ImportRejectedException.class, () -> importFile(
                ImportKind.DISTRICTS, Format.CSV, DISTRICTS + "100005,Albertville,AL,1,1,2023-24,x\n"
                        + "100006,\"Unclosed,AL,1,1,2023-24,x\n" + "100007,Arab,AL,1,1,2023-24,x\n"));
        ImportProblem problem = refused.problems().getFirst();
        assertEquals("3:null:csv_syntax", describe(problem));
        assertTrue(problem.message().contains("never closed") && problem.message().contains("line 5"), problem.message());
    }

    @Test
    void shouldNameTheLinesOfNulCharactersAndInvalidUtf8() throws SQLException {
        assertEquals(List.of("10:states.alabama.notes:no_control_characters"), rejected(ImportKind.STATE_REQUIREMENTS,
                Format.YAML, REQUIREMENTS + "    notes: \"six\\0 hours\"\n"));
        assertEquals(List.of("10:null:no_control_characters"), rejected(ImportKind.STATE_REQUIREMENTS,
                Format.YAML, REQUIREMENTS + "    notes: six\u0000hours\n"));
        assertEquals(List.of("2:0100005.year:no_control_characters"), rejected(ImportKind.BELL_SCHEDULES, Format.JSON,
                "{\"0100005\": {\n  \"year\": \"2024\\u0000-25\"}}"));
        assertEquals(List.of("3:district_name:no_control_characters"), rejected(ImportKind.DISTRICTS, Format.CSV,
                DISTRICTS + "100005,Albertville,AL,1,1,2023-24,x\n100006,Al\u0000bert,AL,1,1,2023-24,x\n"));

        byte[] latin1 = (DISTRICTS + "100005,Albertville,AL,1,1,2023-24,x\n100006,Peñasco,NM,1,1,2023-24,x\n"
                + "100007,Española,NM,1,1,2023-24,x\n").getBytes(StandardCharsets.ISO_8859_1);
        ImportRejectedException refused = assertThrows(ImportRejectedException.class,
                () -> importBytes(ImportKind.DISTRICTS, Format.CSV, latin1));
        assertEquals(List.of("3:null:encoding", "4:null:encoding"), refused.problems().stream().map(StrictSyntaxTest::describe).toList());
        assertTrue(refused.problems().getFirst().message().contains("0xF1 at column 10"), refused.problems().toString());
        assertEquals(0, count("SELECT count(*) FROM districts"), "a refused file writes nothing");
    }

    private static List<String> rejected(ImportKind kind, Format format, String file) {
        ImportRejectedException refused = assertThrows(ImportRejectedException.class, () -> importFile(kind, format, file));
        return refused.problems().stream().map(StrictSyntaxTest::describe).toList();
    }

    private static String describe(ImportProblem problem) {
        return problem.line() + ":" + problem.field() + ":" + problem.rule();
    }

    private static ImportResult importFile(ImportKind kind, Format format, String file) throws SQLException {
        return importBytes(kind, format, file.getBytes(StandardCharsets.UTF_8));
    }

    private static ImportResult importBytes(ImportKind kind, Format format, byte[] file) throws SQLException {
        try (Connection connection = database.connect()) {
            return Importers.importFile(connection, kind, format, file);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
