package org.lct.district.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "RankedLct", description = "A district's place in an LCT ranking (of valid values unless validity=all).")
public record RankedLct(
        @Schema(description = "Ranking group: the state code when ranking by state, else US.", examples = "CA") String geography,
        @Schema(description = "Place in the group, 1 = highest LCT for order=top, lowest for order=bottom; ties by nces_id.", examples = "1") int rank,
        @Schema(description = "NCES LEA id.", examples = "0622710") String ncesId,
        @Schema(description = "District name.", examples = "Los Angeles Unified") String districtName,
        @Schema(description = "Two-letter state code.", examples = "CA") String stateCode,
        @Schema(description = "Staff scope.", examples = "teachers_only") String staffScope,
        @Schema(description = "LCT in minutes per student per day.", examples = "16.62") BigDecimal lctMinutes,
        @Schema(description = "Students dividing the staff.", examples = "529902") int enrollment,
        @Schema(description = "Daily instructional minutes used.", examples = "360") int instructionalMinutes,
        @Schema(description = "bell_schedule, state_requirement or default.", examples = "state_requirement") String minutesSource,
        @Schema(description = "Run that produced the value.", examples = "12") long runId,
        @Schema(description = "Whether the value is valid: false when it carries an ERR_ flag (only with validity=all).",
                examples = "true") boolean isValid,
        @Schema(description = "Safeguard flags of the value, sorted.", examples = "[\"WARN_DEFAULT_MINUTES\"]")
        List<String> qaFlags) {
}
