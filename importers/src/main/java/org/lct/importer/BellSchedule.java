package org.lct.importer;

import java.time.LocalTime;
import java.util.List;

/** A bell schedule as it is stored: one district, school year and grade level. */
public record BellSchedule(String ncesId, String schoolYear, String gradeLevel, Integer instructionalMinutes,
        LocalTime startTime, LocalTime endTime, Integer lunchMinutes, Integer passingMinutes, Integer recessMinutes,
        String method, String confidence, List<String> sourceUrls, String sourceDescription,
        List<String> schoolsSampled, String notes) {
}
