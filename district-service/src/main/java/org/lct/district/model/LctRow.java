package org.lct.district.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "LctRow", description = "A current LCT value: one district and staff scope from the newest successful run of the year.")
public record LctRow(
        @Schema(description = "NCES LEA id.", examples = "0622710") String ncesId,
        @Schema(description = "District name.", examples = "Los Angeles Unified") String districtName,
        @Schema(description = "Two-letter state code.", examples = "CA") String stateCode,
        @Schema(description = "NCES data year.", examples = "2023-24") String schoolYear,
        @Schema(description = "Staff scope.", examples = "teachers_only") String staffScope,
        @Schema(description = "Run that produced the value.", examples = "12") long runId,
        @Schema(description = "Daily instructional minutes used.", examples = "360") int instructionalMinutes,
        @Schema(description = "bell_schedule, state_requirement or default.", examples = "bell_schedule") String minutesSource,
        @Schema(description = "Staff FTE counted.", examples = "24462.21") BigDecimal staffFte,
        @Schema(description = "Students dividing the staff.", examples = "529902") int enrollment,
        @Schema(description = "LCT in minutes per student per day; null when undefined.", examples = "16.62") BigDecimal lctMinutes,
        @Schema(description = "Whether the value passes the validity rules.") boolean isValid,
        @Schema(description = "Safeguard flags raised.") List<String> qaFlags) {
}
