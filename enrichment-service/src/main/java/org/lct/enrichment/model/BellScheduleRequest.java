package org.lct.enrichment.model;

import java.time.LocalTime;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lct.common.problem.CheckedBody;
import org.lct.common.values.SchoolYearFormat;

/** A bell schedule as a client sends it, to create or replace one (the district comes from the path). */
@Schema(name = "BellScheduleInput", description = "A bell schedule for one district, school year and grade level.")
public record BellScheduleRequest(
        @NotNull @SchoolYearFormat @Schema(pattern = "^[0-9]{4}-[0-9]{2}$", examples = "2024-25", required = true)
        String schoolYear,
        @NotBlank @Schema(enumeration = {"elementary", "middle", "high"}, required = true) String gradeLevel,
        @NotNull @Min(value = 120, message = "must be at least 120 minutes a day")
        @Max(value = 480, message = "must be at most 480 minutes a day")
        @Schema(description = "Daily instructional minutes.", examples = "360", required = true)
        Integer instructionalMinutes,
        @Schema(description = "First bell, HH:MM.", examples = "08:00", type = SchemaType.STRING)
        LocalTime startTime,
        @Schema(description = "Last bell, HH:MM.", examples = "15:00", type = SchemaType.STRING)
        LocalTime endTime,
        @Min(0) @Max(120) @Schema(examples = "30") Integer lunchMinutes,
        @Min(0) @Max(120) @Schema(examples = "20") Integer passingMinutes,
        @Min(0) @Max(120) @Schema(examples = "0") Integer recessMinutes,
        @NotBlank @Schema(description = "How it was collected (see GET /metadata of district-service).",
                examples = "web_scraping", required = true) String method,
        @NotBlank @Schema(enumeration = {"high", "medium", "low"}, required = true) String confidence,
        @Size(max = 20) List<@NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String> sourceUrls,
        @Size(max = 4000) @Schema(description = "Where the schedule was found, in words.") String sourceDescription,
        @Size(max = 50) List<@NotBlank String> schoolsSampled,
        @Size(max = 4000) String notes) implements CheckedBody {
}
