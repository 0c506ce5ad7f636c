package org.lct.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ./lct up} from a fresh clone, as a person runs it: the banner's URLs and token work and serve real LCT
 * data, Ctrl-C (SIGINT) stops everything cleanly, and a second start imports and recalculates nothing because nothing
 * changed. Every expectation about the data is read from the clone's bundled dataset.
 */
class LocalStartTest {

    private static final Pattern IMPORT_LINE = Pattern.compile(
            "lct: imported (\\S+) as (\\S+) \\(import run (\\d+)\\): (\\d+) inserted, (\\d+) updated, (\\d+) unchanged");
    private static final Pattern NO_CHANGES_LINE =
            Pattern.compile("lct: calculation run (\\d+) \\(incremental\\): no changes since run (\\d+)");
    private static final Pattern CALCULATED_LINE =
            Pattern.compile("lct: calculation run (\\d+) \\(incremental\\): (\\d+) districts calculated");

    private static LocalPlatform local;
    private static int bundledDistricts;

    @BeforeAll
    static void startThePlatform() throws IOException {
        Platform platform = Platform.get();
        if (platform.local().isEmpty() && Boolean.parseBoolean(System.getenv("CI"))) {
            fail("CI=true: the local start must be tested; unset the lct.platform.* system properties");
        }
        assumeTrue(platform.local().isPresent(), "the tests use an already running platform (lct.platform.*)");
        local = platform.local().orElseThrow();
        bundledDistricts = Files.readAllLines(local.checkout().resolve("dataset/districts_2023_24_nces.csv")).size() - 1;
        System.out.printf("system tests: ./lct up from a clone of %s: first start (with the build) %d s, SIGINT stop"
                + " %d ms, second start %d s%n", local.commit(), local.firstStart().elapsed().toSeconds(),
                local.firstStop().elapsed().toMillis(), local.running().elapsed().toSeconds());
    }

    @Test
    void shouldPrintTheSameWorkingUrlsOnEveryStart() {
        LocalPlatform.Banner first = local.firstStart().banner();
        LocalPlatform.Banner second = local.running().banner();
        assertEquals(first.districtUrl(), second.districtUrl());
        assertEquals(first.enrichmentUrl(), second.enrichmentUrl());
        assertEquals(first.calculationUrl(), second.calculationUrl());
        assertEquals(first.examples(), second.examples());
        assertEquals(3, second.token().split("\\.").length, "a JWT: header.payload.signature");
        for (URI service : List.of(second.districtUrl(), second.enrichmentUrl(), second.calculationUrl())) {
            assertTrue(Json.getText(service.resolve("/q/swagger-ui/")).contains("swagger"), service + " Swagger UI");
            assertEquals("UP", Json.get(service.resolve("/q/health/ready")).path("status").asText(), service + " ready");
        }
    }

    @Test
    void shouldServeRealLctDataAtThePrintedExampleUrls() {
        List<URI> examples = local.running().banner().examples();
        URI districtLct = examples.stream().filter(u -> u.getPath().matches("/api/v1/districts/\\d{7}/lct")).findFirst()
                .orElseThrow(() -> new AssertionError("no district LCT example in the banner: " + examples));
        JsonNode history = Json.get(districtLct);
        JsonNode newest = history.path("items").path(0);
        assertEquals("teachers_total", newest.path("staff_scope").asText(), districtLct + ": " + history);
        assertEquals("bell_schedule", newest.path("minutes_source").asText(),
                "the example is a district with a collected bell schedule: " + newest);
        assertTrue(newest.path("lct_minutes").asDouble() > 0, "a real LCT: " + newest);
        assertEquals(newest.path("instructional_minutes").asDouble() * newest.path("staff_fte").asDouble()
                / newest.path("enrollment").asDouble(), newest.path("lct_minutes").asDouble(), 0.01,
                "LCT = minutes x staff / enrollment: " + newest);

        URI summary = examples.stream().filter(u -> u.getPath().equals("/api/v1/summary")).findFirst().orElseThrow();
        JsonNode national = Json.get(summary).path("scopes").path(0);
        assertEquals("teachers_total", national.path("staff_scope").asText(), summary + ": " + national);
        assertEquals(bundledDistricts, national.path("districts").asInt(), "every bundled district has a result");
        assertTrue(national.path("median_lct").asDouble() > 0, "a national median: " + national);

        URI lineage = examples.stream().filter(u -> u.getPath().equals("/api/v1/lineage")).findFirst().orElseThrow();
        assertTrue(Json.get(lineage).path("total").asInt() > 0, lineage + ": the district's trail");
    }

    @Test
    void shouldListDistrictsWithTheirLctWhenNoScopeIsGiven() {
        URI list = local.running().banner().districtUrl().resolve("/api/v1/districts?sort=-enrollment&size=5");
        JsonNode page = Json.get(list);
        assertEquals("teachers_total", page.path("filters").path("scope").asText(), "the default scope: " + page);
        for (JsonNode district : page.path("items")) {
            assertTrue(district.path("lct_minutes").isNumber(), "LCT shown by default: " + district);
        }
    }

    @Test
    void shouldStopEverythingCleanlyOnSigint() {
        LocalPlatform.Stop stop = local.firstStop();
        assertEquals(130, stop.exitCode(), "./lct up exits as interrupted; it printed:\n" + stop.output());
        assertTrue(stop.output().contains("lct: stopped; data stays in .lct/"), stop.output());
        assertEquals(List.of(), stop.survivors(), "processes of the start still running");
        assertEquals(List.of(), stop.openPorts(), "ports of the services and PostgreSQL still answering");
        assertFalse(stop.postgresPidFileLeft(), "PostgreSQL stopped (postmaster.pid removed)");
        for (var log : stop.serviceLogs().entrySet()) {
            assertTrue(Pattern.compile(Pattern.quote(log.getKey()) + " stopped in").matcher(log.getValue()).find(),
                    log.getKey() + " shut down by itself (Quarkus' shutdown line):\n" + log.getValue());
        }
    }

    @Test
    void shouldImportAndCalculateEverythingOnTheFirstStart() {
        String output = local.firstStart().output();
        assertTrue(output.contains("building the services"), "a fresh clone is built first:\n" + output);
        JsonNode districtsImport = importRun(output, "districts");
        assertEquals(bundledDistricts, districtsImport.path("inserted").asInt(), districtsImport.toString());
        Matcher calculated = CALCULATED_LINE.matcher(output);
        assertTrue(calculated.find(), "a calculation after the import:\n" + output);
        JsonNode run = Json.get(local.running().banner().calculationUrl().resolve("/api/v1/runs/" + calculated.group(1)));
        assertEquals("succeeded", run.path("status").asText(), run.toString());
        assertEquals("incremental", run.path("mode").asText(), run.toString());
        assertEquals(bundledDistricts, run.path("districts_calculated").asInt(), run.toString());
    }

    @Test
    void shouldNeitherRebuildNorReimportNorRecalculateUnchangedDataOnTheSecondStart() {
        String output = local.running().output();
        assertFalse(output.contains("building the services"), "nothing changed, so no build:\n" + output);
        Matcher imports = IMPORT_LINE.matcher(output);
        int files = 0;
        while (imports.find()) {
            files++;
            JsonNode run = importRun(output, imports.group(2));
            assertEquals(0, run.path("inserted").asInt(), run.toString());
            assertEquals(0, run.path("updated").asInt(), run.toString());
            assertEquals(run.path("rows_read").asInt(), run.path("unchanged").asInt(), run.toString());
        }
        assertEquals(3, files, "the three bundled files:\n" + output);
        Matcher noChanges = NO_CHANGES_LINE.matcher(output);
        assertTrue(noChanges.find(), "the second start's calculation finds nothing to do:\n" + output);
        URI runs = local.running().banner().calculationUrl().resolve("/api/v1/runs/");
        JsonNode run = Json.get(runs.resolve(noChanges.group(1)));
        assertTrue(run.path("no_changes").asBoolean(), run.toString());
        assertEquals(Long.parseLong(noChanges.group(2)), run.path("previous_run_id").asLong(), run.toString());
        Matcher firstRun = CALCULATED_LINE.matcher(local.firstStart().output());
        assertTrue(firstRun.find());
        assertEquals(firstRun.group(1), noChanges.group(2), "the first start's run stays current");
        assertNotNull(run.get("duration_ms"));
        assertTrue(run.path("duration_ms").asLong() < 1000, "an unchanged database costs almost nothing: " + run);
    }

    /** The import run a start printed for {@code kind}, read back from enrichment-service. */
    private static JsonNode importRun(String output, String kind) {
        Matcher line = IMPORT_LINE.matcher(output);
        while (line.find()) {
            if (line.group(2).equals(kind)) {
                return Json.get(local.running().banner().enrichmentUrl().resolve("/api/v1/imports/runs/" + line.group(3)));
            }
        }
        throw new AssertionError("no import of " + kind + " printed:\n" + output);
    }
}
