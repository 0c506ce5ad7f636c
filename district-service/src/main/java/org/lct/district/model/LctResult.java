package org.lct.district.model;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "LctResult", description = "A district's LCT in one staff scope from one calculation run, with the inputs it was computed from.")
public record LctResult(
        @Schema(description = "Calculation run that produced the value.", examples = "12") long runId,
        @Schema(description = "When that run finished.") OffsetDateTime runFinishedAt,
        @Schema(description = "NCES data year of the staff and enrollment used.", examples = "2023-24") String schoolYear,
        @Schema(description = "Staff scope (see /metadata staff_scopes).", examples = "teachers_only") String staffScope,
        @Schema(description = "Daily instructional minutes used.", examples = "360") int instructionalMinutes,
        @Schema(description = "Where the minutes came from: bell_schedule, state_requirement or default.", examples = "state_requirement") String minutesSource,
        @Schema(description = "School level of the schedule or requirement used; null for the default.", examples = "high") String minutesGradeLevel,
        @Schema(description = "The bell schedule used, when minutes_source is bell_schedule.") Long bellScheduleId,
        @Schema(description = "Staff FTE counted for the scope.", examples = "314.50") BigDecimal staffFte,
        @Schema(description = "Students dividing the staff.", examples = "5821") int enrollment,
        @Schema(description = "LCT in minutes per student per day; null when undefined.", examples = "19.45") BigDecimal lctMinutes,
        @Schema(description = "Whether the value passes the validity rules and enters statistics.") boolean isValid,
        @Schema(description = "Safeguard flags raised (ERR_*, WARN_*).") List<String> qaFlags) {
}
