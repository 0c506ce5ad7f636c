package org.lct.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.lct.client.calculation.api.RunsApi;
import org.lct.client.calculation.model.Run;
import org.lct.client.calculation.model.RunRequest;
import org.lct.client.district.api.DistrictsApi;
import org.lct.client.district.api.LctApi;
import org.lct.client.district.model.LctResult;
import org.lct.client.district.model.LctRow;
import org.lct.client.enrichment.api.BellSchedulesApi;
import org.lct.client.enrichment.api.LineageApi;
import org.lct.client.enrichment.model.BellSchedule;
import org.lct.client.enrichment.model.BellScheduleInput;
import org.lct.client.enrichment.model.LineageEntry;

/**
 * What a bell-schedule collector and an operator do, through the clients generated from the committed OpenAPI
 * documents only: find a district whose LCT rests on its state's statute, add the district's real bell schedule,
 * recalculate incrementally, and read the district's new LCT and the trail of the change.
 */
class EndToEndScenarioTest {

    private static final String SCOPE = "teachers_total";
    private static final String SCHOOL_YEAR = "2023-24";

    private final Platform platform = Platform.get();
    private final String requestId = "system-test-" + UUID.randomUUID();
    private final Map<String, String> asCollector = Map.of("Authorization", "Bearer " + platform.token(),
            "X-Request-Id", requestId);

    @Test
    void shouldRecalculateADistrictsLctFromItsNewBellScheduleAndKeepTheTrail() throws Exception {
        DistrictsApi districts = new DistrictsApi(GeneratedClients.district(platform));
        LctApi lct = new LctApi(GeneratedClients.district(platform));
        BellSchedulesApi schedules = new BellSchedulesApi(GeneratedClients.enrichment(platform));
        LineageApi lineage = new LineageApi(GeneratedClients.enrichment(platform));
        RunsApi runs = new RunsApi(GeneratedClients.calculation(platform));

        // 1. A large district whose current LCT comes from its state's statute and that has no schedule at all.
        List<LctRow> candidates = lct.listCurrentLct(null, SCHOOL_YEAR, SCOPE, null, null, null, null, null, true,
                "state_requirement", "-enrollment", 1, 50, null).getItems();
        LctRow district = null;
        for (LctRow candidate : candidates) {
            if (schedules.listDistrictBellSchedules(candidate.getNcesId()).isEmpty()) {
                district = candidate;
                break;
            }
        }
        assertNotNull(district, "a statute-based district without a schedule among " + candidates.size());
        LctResult before = newest(districts.listDistrictLctHistory(district.getNcesId(), SCOPE, null).getItems());
        assertEquals(district.getLctMinutes(), before.getLctMinutes());
        int oldMinutes = before.getInstructionalMinutes();
        int newMinutes = oldMinutes <= 420 ? oldMinutes + 45 : oldMinutes - 45;

        // 2. Its elementary bell schedule, as a collector enters it, with the printed token.
        LocalTime start = LocalTime.of(8, 0);
        BellScheduleInput input = new BellScheduleInput()
                .schoolYear(SCHOOL_YEAR)
                .gradeLevel(BellScheduleInput.GradeLevelEnum.ELEMENTARY)
                .instructionalMinutes(newMinutes)
                .startTime(start.toString())
                .endTime(start.plusMinutes(newMinutes + 30).toString())
                .lunchMinutes(30)
                .method("human_provided")
                .confidence(BellScheduleInput.ConfidenceEnum.HIGH)
                .sourceUrls(List.of("https://example.org/" + district.getNcesId() + "/bell-schedule"))
                .sourceDescription("Elementary bell schedule entered by the LCT system tests");
        String reason = "system test " + requestId;
        BellSchedule created = schedules.createBellSchedule(district.getNcesId(), input, reason, asCollector);
        assertEquals(newMinutes, created.getInstructionalMinutes());

        // 3. An incremental run recalculates the district.
        Run run = awaitFinished(runs, startIncrementalRun(runs));
        assertEquals(Run.StatusEnum.SUCCEEDED, run.getStatus(), String.valueOf(run));
        assertEquals(Boolean.FALSE, run.getNoChanges(), "the new schedule is a change: " + run);
        long nation = districts.listDistricts(null, SCHOOL_YEAR, null, null, null, null, null, null, null, null, null,
                1, null).getTotal();
        assertTrue(run.getDistrictsCalculated() >= 1 && run.getDistrictsCalculated() < nation,
                "an incremental run recalculates the changed districts, not all " + nation + ": " + run);

        // 4. The district's new LCT: the same staff and students over the new minutes.
        LctResult after = newest(districts.listDistrictLctHistory(district.getNcesId(), SCOPE, null).getItems());
        assertEquals(run.getId(), after.getRunId(), "the newest value comes from our run");
        assertEquals(newMinutes, after.getInstructionalMinutes());
        assertEquals("bell_schedule", after.getMinutesSource());
        assertEquals(created.getId(), after.getBellScheduleId());
        assertEquals(before.getStaffFte().compareTo(after.getStaffFte()), 0, "same staff");
        assertEquals(before.getEnrollment(), after.getEnrollment(), "same students");
        double expected = newMinutes * after.getStaffFte().doubleValue() / after.getEnrollment();
        assertEquals(expected, after.getLctMinutes().doubleValue(), 0.0051, "new minutes x staff / students");
        assertEquals(before.getLctMinutes().doubleValue() * newMinutes / oldMinutes,
                after.getLctMinutes().doubleValue(), 0.02, "old LCT scaled by the minutes: " + before + " -> " + after);
        assertNotEquals(before.getLctMinutes(), after.getLctMinutes());

        // 5. The lineage entry of the new schedule: who, why, which request, and the values.
        String key = district.getNcesId() + "/" + SCHOOL_YEAR + "/elementary";
        List<LineageEntry> trail = lineage.listLineage(requestId, "bell_schedules", key, null, null, null).getItems();
        assertEquals(1, trail.size(), "one entry for one insert: " + trail);
        LineageEntry entry = trail.getFirst();
        assertEquals(LineageEntry.ActionEnum.INSERT, entry.getAction());
        assertEquals(key, entry.getEntityKey());
        assertEquals(reason, entry.getReason());
        assertEquals("local-admin", entry.getActor(), "the principal of the token ./lct up printed");
        Map<?, ?> afterValues = (Map<?, ?>) entry.getAfterValues();
        assertEquals(newMinutes, ((Number) afterValues.get("instructional_minutes")).intValue(), entry.toString());
    }

    private static LctResult newest(List<LctResult> history) {
        assertTrue(!history.isEmpty(), "the district has an LCT history");
        return history.getFirst();
    }

    /** Starts an incremental run, waiting while another one (a scheduled run, say) is active. */
    private long startIncrementalRun(RunsApi runs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            try {
                return runs.startRun(new RunRequest().mode(RunRequest.ModeEnum.INCREMENTAL), asCollector).getId();
            } catch (org.lct.client.calculation.ApiException e) {
                if (e.getCode() != 409 || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    /** Polls the run until it has finished and its results are current (views refreshed, or nothing changed). */
    private static Run awaitFinished(RunsApi runs, long runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            Run run = runs.getRun(runId);
            if (run.getStatus() == Run.StatusEnum.FAILED) {
                return run;
            }
            if (run.getStatus() == Run.StatusEnum.SUCCEEDED
                    && (run.getRefreshMs() != null || Boolean.TRUE.equals(run.getNoChanges()))) {
                return run;
            }
            Thread.sleep(500);
        }
        fail("run " + runId + " did not finish within 10 minutes");
        return null;
    }
}
