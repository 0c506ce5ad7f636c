package org.lct.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.importer.Importers.Format;
import org.lct.testsupport.TestDatabase;

/** The importers against a real, migrated database; each test starts from an empty one. */
class ImportersTest {

    private static final String HEADER = "district_id,district_name,state,enrollment,instructional_staff,year,data_source\n";
    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create("importers");
        database.migrate();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void emptyTheInputs() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM bell_schedules; DELETE FROM state_requirements; DELETE FROM enrollment_by_grade;"
                    + " DELETE FROM staff_counts; DELETE FROM districts; DELETE FROM leas");
        }
    }

    @Test
    void shouldImportTheBundledDatasetWithPaddedIdsAndLineage() throws Exception {
        long districtLines = Files.readAllLines(Importers.repositoryRoot().resolve(Importers.BUNDLED_DISTRICTS)).size() - 1;
        long scheduleLines = Files.readAllLines(Importers.repositoryRoot().resolve(Importers.BUNDLED_BELL_SCHEDULES)).size() - 1;
        long lineageBefore = count("SELECT count(*) FROM data_lineage");
        try (Connection connection = database.connect()) {
            List<ImportResult> results = Importers.importBundledDataset(connection);
            assertEquals(districtLines, results.get(0).counts().inserted());
            assertEquals(scheduleLines, results.get(2).counts().inserted());
        }
        assertEquals(districtLines, count("SELECT count(*) FROM districts"));
        assertEquals(0, count("SELECT count(*) FROM districts WHERE length(nces_id) <> 7"));
        // The first row of the file, "100005,Albertville City,AL,5821.0,314.5", lost its leading zero.
        assertEquals(1, count("SELECT count(*) FROM districts WHERE nces_id = '0100005' AND name = 'Albertville City'"
                + " AND state_code = 'AL' AND enrollment = 5821 AND instructional_staff_fte = 314.5"));
        assertEquals(50, count("SELECT count(DISTINCT state_code) FROM state_requirements"));
        assertEquals(3, count("SELECT count(*) FROM state_requirements WHERE state_code = 'DE' AND daily_minutes = 210"
                + " AND valid_from_year = '2020-21'"));
        assertEquals(scheduleLines, count("SELECT count(*) FROM bell_schedules"));
        assertEquals(0, count("SELECT count(*) FROM bell_schedules WHERE method NOT IN (SELECT code FROM collection_methods)"));
        long written = count("SELECT count(*) FROM districts") + count("SELECT count(*) FROM state_requirements")
                + count("SELECT count(*) FROM bell_schedules");
        assertEquals(written, count("SELECT count(*) FROM data_lineage") - lineageBefore);
        assertEquals(written, count("SELECT count(*) FROM data_lineage WHERE actor = 'import:bundled-dataset'"
                + " AND action = 'insert' AND before_values IS NULL"));
    }

    @Test
    void shouldChangeNothingWhenTheSameFilesAreImportedAgain() throws Exception {
        try (Connection connection = database.connect()) {
            Importers.importBundledDataset(connection);
            long lineage = count("SELECT count(*) FROM data_lineage");
            List<ImportResult> again = Importers.importBundledDataset(connection);
            for (ImportResult result : again) {
                assertEquals(0, result.counts().inserted(), result.kind().slug());
                assertEquals(0, result.counts().updated(), result.kind().slug());
                assertEquals(result.counts().rows(), result.counts().unchanged(), result.kind().slug());
            }
            assertEquals(lineage, count("SELECT count(*) FROM data_lineage"));
        }
    }

    @Test
    void shouldUpdateOnlyTheChangedRowAndRecordItsBeforeAndAfter() throws Exception {
        importDistricts(HEADER + "100005,Albertville City,AL,5821.0,314.5,2023-24,nces_ccd\n"
                + "100006,Marshall County,AL,6040.0,356.45,2023-24,nces_ccd\n");
        ImportResult result = importDistricts(HEADER + "100005,Albertville City,AL,5900.0,314.5,2023-24,nces_ccd\n"
                + "100006,Marshall County,AL,6040.0,356.45,2023-24,nces_ccd\n"
                + "100007,Hoover City,AL,13000,800,2023-24,nces_ccd\n");
        assertEquals(new ImportCounts(3, 1, 1, 1), result.counts());
        assertEquals(1, count("SELECT count(*) FROM data_lineage WHERE entity = 'districts' AND action = 'update'"
                + " AND entity_key = '0100005/2023-24' AND before_values->>'enrollment' = '5821'"
                + " AND after_values->>'enrollment' = '5900' AND changed_columns = '{enrollment}'"));
    }

    @Test
    void shouldRejectTheWholeFileListingEveryBadRowAndWriteNothing() throws SQLException {
        String file = HEADER
                + "100005,Albertville City,AL,5821.0,314.5,2023-24,nces_ccd\n"
                + "12345678,Too Long,AL,10,1,2023-24,nces_ccd\n"
                + "100006,,ZZ,ten,-1,2023-2025,nces_ccd\n"
                + "600001,Wrong State,AL,10,1.005,2023-24,nces_ccd\n"
                + "100005,Albertville Again,AL,1,1,2023-24,nces_ccd\n";
        ImportRejectedException rejected = assertThrows(ImportRejectedException.class, () -> importDistricts(file));
        List<String> found = rejected.problems().stream()
                .map(p -> p.line() + ":" + p.field() + ":" + p.rule()).toList();
        assertEquals(List.of(
                "3:district_id:nces_id_format",
                "4:district_name:required", "4:state:known_state", "4:enrollment:number",
                "4:instructional_staff:non_negative", "4:year:school_year_format",
                "5:district_id:state_matches_nces_id", "5:instructional_staff:precision",
                "6:district_id:unique_row"), found);
        assertEquals(found.size(), rejected.totalProblems());
        assertEquals(0, count("SELECT count(*) FROM districts"));
    }

    @Test
    void shouldRefuseFilesThatAreNotTheExpectedCsv() throws SQLException {
        assertRule("not_empty", "");
        assertRule("not_empty", HEADER);
        assertRule("required_column", "district_id,district_name,state,enrollment,year\n1,a,AL,1,2023-24\n");
        assertRule("known_column", HEADER.strip() + ",website\n100005,A,AL,1,1,2023-24,x,y\n");
        assertRule("column_count", HEADER + "100005,A,AL,1\n");
        assertRule("csv_syntax", HEADER + "100005,\"Unclosed,AL,1,1,2023-24,x\n");
        ImportRejectedException nul = assertThrows(ImportRejectedException.class,
                () -> importDistricts(HEADER + "100005,Albert\u0000ville,AL,1,1,2023-24,x\n"));
        assertEquals("2:district_name:no_control_characters", nul.problems().getFirst().line() + ":"
                + nul.problems().getFirst().field() + ":" + nul.problems().getFirst().rule());
        try (Connection connection = database.connect()) {
            ImportRejectedException latin1 = assertThrows(ImportRejectedException.class, () -> Importers.importFile(
                    connection, ImportKind.DISTRICTS, Format.CSV,
                    (HEADER + "100005,Peñasco,NM,1,1,2023-24,x\n").getBytes(StandardCharsets.ISO_8859_1)));
            assertEquals("encoding", latin1.problems().getFirst().rule());
        }
    }

    @Test
    void shouldRejectBellSchedulesOfUnknownDistrictsOrBrokenRules() throws Exception {
        importDistricts(HEADER + "100005,Albertville City,AL,5821.0,314.5,2023-24,nces_ccd\n");
        String header = "district_id,year,grade_level,instructional_minutes,start_time,end_time,lunch_duration,source,confidence,method\n";
        ImportRejectedException rejected = assertThrows(ImportRejectedException.class, () -> importSchedules(header
                + "100005,2024-25,elementary,360,08:00,15:00,30,district site,high,web_scraping\n"
                + "100005,2024-25,kindergarten,600,15:00,08:00,,,certain,guessing\n"));
        assertEquals(List.of("3:grade_level:known_grade_level", "3:method:known_method",
                "3:confidence:known_confidence", "3:instructional_minutes:instructional_minutes_plausible",
                "3:end_time:start_before_end", "3:source:source_required"),
                rejected.problems().stream().map(p -> p.line() + ":" + p.field() + ":" + p.rule()).toList());
        ImportRejectedException unknown = assertThrows(ImportRejectedException.class, () -> importSchedules(header
                + "999999,2024-25,high,360,,,,district site,high,web_scraping\n"));
        assertEquals("known_district", unknown.problems().getFirst().rule());
        assertEquals(0, count("SELECT count(*) FROM bell_schedules"));
    }

    @Test
    void shouldReadTheReferenceJsonExportShapeAndApplyIdCorrections() throws Exception {
        importDistricts(HEADER + "3013040,Great Falls Elem,MT,6899.0,453.49,2023-24,nces_ccd\n");
        String json = """
                {"3000052": {"district_id": "3000052", "district_name": "Great Falls", "state": "MT", "year": "2024-25",
                  "enriched": true, "_comment_source": "collected by hand",
                  "elementary": {"instructional_minutes": 330, "start_time": "08:30", "end_time": "15:00",
                                 "lunch_duration": 30, "passing_periods": 0, "recess_duration": 30,
                                 "schools_sampled": ["Lewis and Clark"], "source_urls": ["https://gfps.k12.mt.us/"],
                                 "confidence": "high", "method": "web_scrape_tier1", "source": "district site",
                                 "notes": null},
                  "middle": null}}
                """;
        try (Connection connection = database.connect()) {
            ImportResult result = Importers.importFile(connection, ImportKind.BELL_SCHEDULES, Format.JSON,
                    json.getBytes(StandardCharsets.UTF_8));
            assertEquals(1, result.counts().inserted());
            assertTrue(result.warnings().getFirst().contains("3000052 corrected to 3013040"));
        }
        assertEquals(1, count("SELECT count(*) FROM bell_schedules WHERE nces_id = '3013040' AND method = 'web_scraping'"
                + " AND source_urls = '{https://gfps.k12.mt.us/}' AND schools_sampled = '{\"Lewis and Clark\"}'"
                + " AND recess_minutes = 30"));
    }

    @Test
    void shouldTellASecondImportOfTheSameKindThatOneIsRunning() throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try (Connection connection = database.connect()) {
                connection.setAutoCommit(false);
                Importers.importFile(connection, ImportKind.DISTRICTS, Format.CSV,
                        (HEADER + "100005,A,AL,1,1,2023-24,x\n").getBytes(StandardCharsets.UTF_8));
                locked.countDown();
                release.await(10, TimeUnit.SECONDS);
                connection.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThrows(ImportBusyException.class, () -> Importers.importFile(connection, ImportKind.DISTRICTS,
                    Format.CSV, (HEADER + "100006,B,AL,1,1,2023-24,x\n").getBytes(StandardCharsets.UTF_8)));
            connection.rollback();
        } finally {
            release.countDown();
        }
        first.get(10, TimeUnit.SECONDS);
        assertEquals(1, count("SELECT count(*) FROM districts"));
        assertFalse(count("SELECT count(*) FROM districts WHERE nces_id = '0100006'") > 0);
    }

    @Test
    void shouldKeepOnlyTheGradeSubtotalsOfTheCcdMembershipFile() throws Exception {
        importDistricts(HEADER + "100005,Albertville City,AL,5821.0,314.5,2023-24,nces_ccd\n");
        String membership = """
                SCHOOL_YEAR,FIPST,LEAID,LEA_NAME,GRADE,RACE_ETHNICITY,SEX,STUDENT_COUNT,TOTAL_INDICATOR,DMS_FLAG
                2023-2024,01,0100005,Albertville City,Kindergarten,White,Female,120,"Category Set A - By Race/Ethnicity; Sex; Grade",Reported
                2023-2024,01,0100005,Albertville City,Kindergarten,No Category Codes,No Category Codes,410,Subtotal 4 - By Grade,Reported
                2023-2024,01,0100005,Albertville City,Grade 1,No Category Codes,No Category Codes,430,Subtotal 4 - By Grade,Reported
                2023-2024,01,0100005,Albertville City,Pre-Kindergarten,No Category Codes,No Category Codes,,Subtotal 4 - By Grade,Not reported
                2023-2024,01,0100005,Albertville City,No Category Codes,No Category Codes,No Category Codes,5821,Education Unit Total,Reported
                """;
        ImportResult result = importFile(ImportKind.ENROLLMENT_BY_GRADE, membership);
        assertEquals(new ImportCounts(2, 2, 0, 0), result.counts());
        assertEquals(2, result.warnings().size(), result.warnings().toString());
        assertEquals(410, count("SELECT students FROM enrollment_by_grade WHERE nces_id = '0100005' AND grade = 'KG'"));
        assertEquals(0, importFile(ImportKind.ENROLLMENT_BY_GRADE, membership).counts().inserted());
        ImportRejectedException badGrade = assertThrows(ImportRejectedException.class, () -> importFile(
                ImportKind.ENROLLMENT_BY_GRADE, membership.replace("Grade 1,", "Grade One,")));
        assertEquals("4:GRADE:known_grade", describe(badGrade.problems().getFirst()));
        ImportRejectedException unknownDistrict = assertThrows(ImportRejectedException.class, () -> importFile(
                ImportKind.ENROLLMENT_BY_GRADE, membership.replace("0100005,Albertville City,Grade 1", "0100099,Nowhere,Grade 1")));
        assertEquals("4:LEAID:known_district", describe(unknownDistrict.problems().getFirst()));
    }

    @Test
    void shouldMapCcdStaffLabelsOntoTheCategoryCatalogue() throws Exception {
        importDistricts(HEADER + "100005,Albertville City,AL,5821.0,314.5,2023-24,nces_ccd\n");
        String staff = """
                SCHOOL_YEAR,LEAID,STAFF,STAFF_COUNT,TOTAL_INDICATOR
                2023-2024,100005,Elementary Teachers,150.5,Category Set A
                2023-2024,100005,Paraprofessionals/Instructional Aides,40,Category Set A
                2023-2024,100005,No Category Codes,400,Education Unit Total
                """;
        assertEquals(new ImportCounts(2, 2, 0, 0), importFile(ImportKind.STAFF_COUNTS, staff).counts());
        assertEquals(1, count("SELECT count(*) FROM staff_counts WHERE nces_id = '0100005' AND category = 'paraprofessionals' AND fte = 40"));
        ImportRejectedException rejected = assertThrows(ImportRejectedException.class, () -> importFile(
                ImportKind.STAFF_COUNTS, staff.replace("Elementary Teachers,150.5", "Wizards,1.234")));
        assertEquals(List.of("2:STAFF:known_staff_category", "2:STAFF_COUNT:precision"),
                rejected.problems().stream().map(p -> p.line() + ":" + p.field() + ":" + p.rule()).toList());
    }

    private static String describe(ImportProblem problem) {
        return problem.line() + ":" + problem.field() + ":" + problem.rule();
    }

    private ImportResult importFile(ImportKind kind, String csv) throws SQLException {
        try (Connection connection = database.connect()) {
            return Importers.importFile(connection, kind, Format.CSV, csv.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void assertRule(String rule, String file) {
        ImportRejectedException rejected = assertThrows(ImportRejectedException.class, () -> importDistricts(file));
        assertEquals(rule, rejected.problems().getFirst().rule(), rejected.problems().toString());
    }

    private ImportResult importDistricts(String csv) throws SQLException {
        try (Connection connection = database.connect()) {
            return Importers.importFile(connection, ImportKind.DISTRICTS, Format.CSV, csv.getBytes(StandardCharsets.UTF_8));
        }
    }

    private ImportResult importSchedules(String csv) throws SQLException {
        try (Connection connection = database.connect()) {
            return Importers.importFile(connection, ImportKind.BELL_SCHEDULES, Format.CSV, csv.getBytes(StandardCharsets.UTF_8));
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
