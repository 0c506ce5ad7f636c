package org.lct.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The API guide's "All staff scopes from the CCD files" as a user follows it: {@code ./lct import} of an NCES CCD
 * LEA membership (052) and staff (059) long file into the running platform, then a run, which calculates every
 * scope those files support. The three districts are bundled ones (Albertville City AL, Brentwood Union CA, Tacoma
 * WA), imported again for 2022-23, a year the bundled data lacks, so that every other system test keeps seeing the
 * bundled year, with its one scope, as the default (its run may be the newest, which the data-quality and
 * downloads pages show: those tests read whichever run is newest).
 */
class CcdImportCommandTest {

    private static final String YEAR = "2022-23";
    private static final List<String> DISTRICTS = List.of("0100005", "0605910", "5308700");
    private static final List<String> SCOPES_FROM_CCD_FILES = List.of("teachers_only", "teachers_elementary",
            "teachers_secondary", "teachers_core", "instructional", "instructional_plus_support", "all",
            "teachers_total");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldCalculateEveryScopeAfterLctImportOfTheCcdMembershipAndStaffFiles() throws Exception {
        Platform platform = Platform.get();
        assumeTrue(platform.local().isPresent(), "./lct import needs the local start (not lct.platform.*)");
        LocalPlatform local = platform.local().orElseThrow();

        importFile(local, "districts", "districts_2022_23_sample.csv", 3);
        LocalPlatform.Command dryRun = local.run(COMMAND_TIMEOUT, "import", "enrollment-by-grade",
                resource("ccd_lea_052_2223_l_sample.csv"), "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun.stderr());
        assertTrue(dryRun.stderr().contains("validated (dry run, nothing written)"), dryRun.stderr());
        // the reported grade subtotals: Albertville 14 (ungraded not reported), Brentwood 11 (grades 9-12 not
        // reported), Tacoma 15; the race and sex breakdowns and the totals are skipped
        importFile(local, "enrollment-by-grade", "ccd_lea_052_2223_l_sample.csv", 14 + 11 + 15);
        importFile(local, "staff-counts", "ccd_lea_059_2223_l_sample.csv", 3 * 20);

        JsonNode run = calculate(platform);
        assertEquals(SCOPES_FROM_CCD_FILES, strings(run.get("parameters").get("scopes")), run.toString());
        long runId = run.get("id").asLong();

        for (String district : DISTRICTS) {
            JsonNode history = Json.get(platform.districtUrl().resolve("/api/v1/districts/" + district + "/lct"));
            Map<String, JsonNode> byScope = new TreeMap<>();
            for (JsonNode row : history.get("items")) {
                if (row.get("run_id").asLong() == runId) {
                    assertEquals(YEAR, row.get("school_year").asText(), row.toString());
                    byScope.put(row.get("staff_scope").asText(), row);
                }
            }
            assertEquals(SCOPES_FROM_CCD_FILES.stream().sorted().toList(), List.copyOf(byScope.keySet()),
                    district + " has every scope: " + history);
            byScope.values().forEach(row -> assertTrue(row.get("lct_minutes").asDouble() > 0, row.toString()));
            assertTrue(byScope.get("all").get("lct_minutes").asDouble() > byScope.get("teachers_only").get("lct_minutes").asDouble(),
                    district + ": all staff give more minutes than teachers alone");
        }
    }

    private static void importFile(LocalPlatform local, String kind, String file, int inserted) throws IOException {
        LocalPlatform.Command command = local.run(COMMAND_TIMEOUT, "import", kind, resource(file));
        assertEquals(0, command.exitCode(), "./lct import " + kind + " " + file + ":\n" + command.stderr());
        JsonNode importRun = MAPPER.readTree(command.stdout());
        assertEquals("succeeded", importRun.get("status").asText(), importRun.toString());
        assertEquals(inserted, importRun.get("inserted").asInt(), importRun.toString());
    }

    /** POST a run of the year, as the guide's curl does, and wait until it has also refreshed the views. */
    private static JsonNode calculate(Platform platform) throws IOException, InterruptedException {
        URI runs = platform.calculationUrl().resolve("/api/v1/runs");
        HttpRequest request = HttpRequest.newBuilder(runs).header("Authorization", "Bearer " + platform.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"incremental\",\"year\":\"" + YEAR + "\"}")).build();
        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        for (int attempt = 0; answer.statusCode() == 409 && attempt < 60; attempt++) {
            Thread.sleep(2000); // another test's run is active; ours follows it
            answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(202, answer.statusCode(), answer.body());
        long id = MAPPER.readTree(answer.body()).get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = Json.get(runs.resolve("/api/v1/runs/" + id));
            String status = run.get("status").asText();
            assertTrue(!status.equals("failed"), run.toString());
            if (status.equals("succeeded") && run.hasNonNull("refresh_ms")) {
                return run;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("run " + id + " did not finish within 5 minutes");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String resource(String name) {
        try {
            return Path.of(CcdImportCommandTest.class.getResource("/ccd/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
