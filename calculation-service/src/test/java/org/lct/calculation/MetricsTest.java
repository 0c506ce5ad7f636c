package org.lct.calculation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.Metrics;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** /q/metrics counts and times calculation runs by mode and status. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_runs"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class MetricsTest {

    private static final String RUNS = "lct_calculation_runs_total";
    private static final String DURATION = "lct_calculation_run_duration_seconds_count";

    /** Fixtures go in as the schema owner; the service runs as a member of lct_calculation_writer. */
    TestDatabase database;

    @Test
    void shouldCountAndTimeRunsByModeAndStatus() throws Exception {
        Fixtures fixtures = new Fixtures(database);
        if (fixtures.count("SELECT count(*) FROM districts WHERE nces_id = '0199701'") == 0) {
            fixtures.district("0199701", "2023-24", "AL", 1000, "50.00");
        }
        String[] full = {"mode", "full", "status", "succeeded"};
        String[] unchanged = {"mode", "incremental", "status", "succeeded", "no_changes", "true"};
        String before = Metrics.scrape();
        Fixtures.runAndWait("{\"mode\":\"full\"}");
        Fixtures.runAndWait("{\"mode\":\"incremental\"}");
        // the worker records a run's meters just after its last database write, which runAndWait waits for
        String after = Metrics.scrape();
        for (int attempt = 0; attempt < 100 && Metrics.sum(after, RUNS, unchanged) == Metrics.sum(before, RUNS, unchanged);
                attempt++) {
            Thread.sleep(50);
            after = Metrics.scrape();
        }
        assertEquals(1, Metrics.sum(after, RUNS, full) - Metrics.sum(before, RUNS, full), after);
        assertEquals(1, Metrics.sum(after, RUNS, unchanged) - Metrics.sum(before, RUNS, unchanged), after);
        assertEquals(1, Metrics.sum(after, DURATION, full) - Metrics.sum(before, DURATION, full), after);
        assertTrue(Metrics.sum(after, "lct_calculation_run_duration_seconds_sum", full)
                > Metrics.sum(before, "lct_calculation_run_duration_seconds_sum", full), "duration recorded");
        assertTrue(after.contains("lct_calculation_run_duration_seconds_bucket{"), "histogram buckets for quantiles");
    }
}
