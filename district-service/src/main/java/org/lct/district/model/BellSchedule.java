package org.lct.district.model;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "BellSchedule", description = "Daily instructional time collected from a district's bell schedule, for one school year and level.")
public record BellSchedule(
        @Schema(description = "Schedule id (the write API's id).", examples = "17") long id,
        @Schema(description = "NCES LEA id.", examples = "0634920") String ncesId,
        @Schema(description = "School year the schedule is for.", examples = "2024-25") String schoolYear,
        @Schema(description = "School level: elementary, middle or high.", examples = "middle") String gradeLevel,
        @Schema(description = "Instructional minutes per day.", examples = "310") int instructionalMinutes,
        @Schema(description = "Start of the school day, local time (HH:MM:SS).", examples = "08:15:00") String startTime,
        @Schema(description = "End of the school day, local time (HH:MM:SS).", examples = "15:05:00") String endTime,
        @Schema(description = "Lunch period in minutes.", examples = "35") Integer lunchMinutes,
        @Schema(description = "Passing time in minutes.", examples = "20") Integer passingMinutes,
        @Schema(description = "Recess in minutes.", examples = "15") Integer recessMinutes,
        @Schema(description = "How the minutes were obtained (see /metadata collection_methods).", examples = "web_scraping") String method,
        @Schema(description = "high, medium or low.", examples = "high") String confidence,
        @Schema(description = "Links to the evidence.") List<String> sourceUrls,
        @Schema(description = "The evidence in words.", examples = "Borel Middle School") String sourceDescription,
        @Schema(description = "Schools the figure was derived from.") List<String> schoolsSampled,
        @Schema(description = "Collector's notes.") String notes,
        @Schema(description = "Optimistic-locking version (the write API's ETag).", examples = "0") int version,
        @Schema(description = "When the schedule last changed.") OffsetDateTime updatedAt) {
}
