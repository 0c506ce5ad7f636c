package org.lct.calculation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

/**
 * Incremental runs see what a district's own rows do not show: a change of a catalogue the calculation reads, and a
 * change of the calculation's SQL itself. Either way the next incremental run recalculates exactly the districts it
 * affects and serves what a full run serves.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_stale_inputs"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class StaleInputsTest {

    /** Fixtures go in as the schema owner; the service runs as a member of lct_calculation_writer. */
    TestDatabase database;

    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new Fixtures(database);
    }

    @Test
    void shouldRecalculateTheDistrictsACatalogueChangeAffectsAndMatchAFullRun() throws Exception {
        String year = "2016-17";
        threeDistricts("CA", "06", year, 300);
        fixtures.bellSchedule("0600001", "2017-18", "elementary", 370, "high");
        long extracted = fixtures.bellSchedule("0600002", "2017-18", "elementary", 350, "high");
        fixtures.execute("UPDATE bell_schedules SET method = 'pdf_extraction' WHERE id = ?", extracted);
        String body = "{\"year\": \"" + year + "\", \"mode\": \"%s\"}";
        long first = Fixtures.runAndWait(body.formatted("full")).jsonPath().getLong("id");
        assertEquals("bell_schedule", source(first, "0600002"));

        try {
            // schedules read from PDFs no longer count: 0600002 falls back to its state's requirement, nobody else moves
            fixtures.execute("UPDATE collection_methods SET counts_as_enriched = false WHERE code = 'pdf_extraction'");
            Response incremental = Fixtures.runAndWait(body.formatted("incremental"));
            incremental.then().body("status", equalTo("succeeded"))
                    .body("previous_run_id", equalTo((int) first))
                    .body("districts_calculated", equalTo(1))
                    .body("districts_carried_forward", equalTo(2));
            long incrementalId = incremental.jsonPath().getLong("id");
            assertEquals("state_requirement", source(incrementalId, "0600002"));
            assertEquals(1, fixtures.count("SELECT count(*) FROM lct_calculations WHERE run_id = ?", incrementalId));

            Response full = Fixtures.runAndWait(body.formatted("full"));
            assertEquals(fixtures.results(full.jsonPath().getLong("id")), fixtures.results(incrementalId));
            assertEquals(full.jsonPath().getString("input_hash"), incremental.jsonPath().getString("input_hash"));
        } finally {
            fixtures.execute("UPDATE collection_methods SET counts_as_enriched = true WHERE code = 'pdf_extraction'");
        }
    }

    @Test
    void shouldRecalculateEveryDistrictWhenTheCalculationsSqlChangesAndMatchAFullRun() throws Exception {
        String year = "2017-18";
        threeDistricts("OR", "41", year, 330);
        String body = "{\"year\": \"" + year + "\", \"mode\": \"%s\"}";
        long first = Fixtures.runAndWait(body.formatted("full")).jsonPath().getLong("id");
        assertEquals("Very High (>30 min)", category(first, "4100001"));
        Response unchanged = Fixtures.runAndWait(body.formatted("incremental"));
        unchanged.then().body("no_changes", equalTo(true));

        String original = (String) fixtures.rows("SELECT pg_get_functiondef('lct_category(numeric)'::regprocedure) AS d")
                .getFirst().get("d");
        try {
            // a method change shipped by editing a repeatable migration: nobody bumps a version by hand
            fixtures.execute(original.replace("'Very High (>30 min)'", "'Very High (30+ min)'"));
            Response incremental = Fixtures.runAndWait(body.formatted("incremental"));
            incremental.then().body("status", equalTo("succeeded"))
                    .body("no_changes", equalTo(false))
                    .body("districts_calculated", equalTo(3))
                    .body("districts_carried_forward", equalTo(0));
            long incrementalId = incremental.jsonPath().getLong("id");
            assertEquals("Very High (30+ min)", category(incrementalId, "4100001"));
            assertNotEquals(methodologyVersion(first), methodologyVersion(incrementalId));

            Response full = Fixtures.runAndWait(body.formatted("full"));
            assertEquals(fixtures.results(full.jsonPath().getLong("id")), fixtures.results(incrementalId));
            assertEquals(full.jsonPath().getString("input_hash"), incremental.jsonPath().getString("input_hash"));
        } finally {
            fixtures.execute(original);
        }
    }

    /** Three districts of a state with a statutory requirement: one above 30 minutes of LCT, two around 20. */
    private void threeDistricts(String state, String fips, String year, int statuteMinutes) throws Exception {
        fixtures.requirement(state, "elementary", "2000-01", statuteMinutes);
        fixtures.district(fips + "00001", year, state, 4000, "410.5");
        fixtures.district(fips + "00002", year, state, 2500, "160");
        fixtures.district(fips + "00003", year, state, 900, "61.25");
    }

    private String source(long runId, String ncesId) throws Exception {
        return (String) fixtures.rows("SELECT minutes_source FROM lct_run_rows(?) WHERE nces_id = ?", runId, ncesId)
                .getFirst().get("minutes_source");
    }

    private String category(long runId, String ncesId) throws Exception {
        return (String) fixtures.rows("SELECT lct_category FROM lct_run_rows(?) WHERE nces_id = ?", runId, ncesId)
                .getFirst().get("lct_category");
    }

    private String methodologyVersion(long runId) throws Exception {
        return (String) fixtures.rows("SELECT methodology_version FROM calculation_runs WHERE id = ?", runId)
                .getFirst().get("methodology_version");
    }
}
