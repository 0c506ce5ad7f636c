package org.lct.importer;

import java.time.Duration;

/**
 * The rules a bell schedule obeys across fields, shared by the importers and the write API so a schedule is valid
 * or not whichever way it arrives. Single-field rules (ranges, vocabulary) are checked where the field is read.
 */
public final class BellScheduleRules {

    /**
     * How far the stated instructional minutes may differ from the school day (end − start) minus lunch, passing
     * and recess time. Schedules rarely list every break (homeroom, assemblies), so a small gap is normal;
     * more than this means one of the numbers is wrong.
     */
    public static final int TOLERANCE_MINUTES = 30;

    public static final String STATUTORY_FALLBACK = "statutory_fallback";

    private BellScheduleRules() {
    }

    public static void check(BellSchedule schedule, RuleSink sink) {
        if (schedule.startTime() != null && schedule.endTime() != null) {
            if (!schedule.startTime().isBefore(schedule.endTime())) {
                sink.fail("end_time", "start_before_end", "must be after start_time " + schedule.startTime());
            } else if (schedule.instructionalMinutes() != null) {
                long span = Duration.between(schedule.startTime(), schedule.endTime()).toMinutes();
                long breaks = orZero(schedule.lunchMinutes()) + orZero(schedule.passingMinutes())
                        + orZero(schedule.recessMinutes());
                long expected = span - breaks;
                if (Math.abs(schedule.instructionalMinutes() - expected) > TOLERANCE_MINUTES) {
                    sink.fail("instructional_minutes", "minutes_match_schedule", "is " + schedule.instructionalMinutes()
                            + " but the day from " + schedule.startTime() + " to " + schedule.endTime()
                            + " minus " + breaks + " minutes of breaks leaves " + expected
                            + " (tolerance " + TOLERANCE_MINUTES + ")");
                }
            }
        } else if ((schedule.startTime() == null) != (schedule.endTime() == null)) {
            sink.fail(schedule.startTime() == null ? "start_time" : "end_time", "start_and_end_together",
                    "give both start_time and end_time, or neither");
        }
        boolean hasSource = (schedule.sourceUrls() != null && !schedule.sourceUrls().isEmpty())
                || (schedule.sourceDescription() != null && !schedule.sourceDescription().isBlank());
        if (!hasSource && !STATUTORY_FALLBACK.equals(schedule.method())) {
            sink.fail("source", "source_required",
                    "a collected schedule needs its source (source_urls or source_description)");
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
