package org.lct.enrichment.model;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BellSchedule", description = "A stored bell schedule; `version` is also its ETag.")
public record BellScheduleView(
        long id,
        @Schema(examples = "0634920") String ncesId,
        @Schema(examples = "2024-25") String schoolYear,
        @Schema(enumeration = {"elementary", "middle", "high"}) String gradeLevel,
        @Schema(examples = "360") int instructionalMinutes,
        @Schema(type = SchemaType.STRING, examples = "08:00") LocalTime startTime,
        @Schema(type = SchemaType.STRING, examples = "15:00") LocalTime endTime,
        Integer lunchMinutes,
        Integer passingMinutes,
        Integer recessMinutes,
        String method,
        String confidence,
        List<String> sourceUrls,
        String sourceDescription,
        List<String> schoolsSampled,
        String notes,
        @Schema(enumeration = {"unreviewed", "approved", "corrected"}) String reviewStatus,
        String reviewedBy,
        OffsetDateTime reviewedAt,
        int version,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static BellScheduleView of(BellScheduleEntity e) {
        return new BellScheduleView(e.id, e.ncesId, e.schoolYear, e.gradeLevel, e.instructionalMinutes, e.startTime,
                e.endTime, toInt(e.lunchMinutes), toInt(e.passingMinutes), toInt(e.recessMinutes), e.method,
                e.confidence, List.copyOf(e.sourceUrls), e.sourceDescription, List.copyOf(e.schoolsSampled), e.notes,
                e.reviewStatus, e.reviewedBy, e.reviewedAt, e.version, e.createdAt, e.updatedAt);
    }

    /** The stored values as a request, the base a partial update is applied to. */
    public BellScheduleRequest asRequest() {
        return new BellScheduleRequest(schoolYear, gradeLevel, instructionalMinutes, startTime, endTime,
                lunchMinutes, passingMinutes, recessMinutes, method, confidence, sourceUrls, sourceDescription,
                schoolsSampled, notes);
    }

    private static Integer toInt(Short value) {
        return value == null ? null : value.intValue();
    }
}
