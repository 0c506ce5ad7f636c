package org.lct.calculation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.lct.calculation.service.RecalculationScheduler;
import org.lct.testsupport.PostgresDatabaseResource;
import org.lct.testsupport.TestDatabase;
import org.lct.testsupport.TestTokens;

/** The scheduled job itself (its cron is off in tests): an incremental run of the newest year, skipped while one runs. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "calculation_runs"),
        @ResourceArg(name = "memberOf", value = "lct_calculation_writer")})
@WithTestResource(TestTokens.class)
class RecalculationSchedulerTest {

    /** Fixtures go in as the schema owner; the service runs as a member of lct_calculation_writer. */
    TestDatabase database;

    @Inject
    RecalculationScheduler scheduler;

    @Test
    void shouldQueueAnIncrementalRunOfTheNewestYearAndSkipWhileOneIsActive() throws Exception {
        Fixtures f = new Fixtures(database);
        f.district("0600301", "2017-18", "CA", 500, "25");
        String newest = f.rows("SELECT max(school_year) AS y FROM districts").getFirst().get("y").toString();
        long before = f.count("SELECT count(*) FROM calculation_runs");

        scheduler.recalculateNow();
        long runId = f.count("SELECT max(id) FROM calculation_runs WHERE triggered_by = 'schedule'");
        JsonPath run = Fixtures.awaitRun(runId).jsonPath();
        assertEquals("succeeded", run.getString("status"));
        assertEquals("incremental", run.getString("mode"));
        assertEquals(newest, run.getString("school_year"));
        assertEquals("scheduler", run.getString("requested_by"));
        assertEquals(before + 1, f.count("SELECT count(*) FROM calculation_runs"));

        long active = f.count("""
                INSERT INTO calculation_runs (mode, status, school_year, triggered_by, requested_by, started_at)
                VALUES ('full', 'running', ?, 'cli', 'another-replica', now()) RETURNING id""", newest);
        try {
            scheduler.recalculateNow(); // answered 409 inside: logged and skipped, nothing written
            assertEquals(before + 2, f.count("SELECT count(*) FROM calculation_runs"));
        } finally {
            f.execute("UPDATE calculation_runs SET status = 'failed', finished_at = now(), error_message = 'test' WHERE id = ?",
                    active);
        }
    }
}
