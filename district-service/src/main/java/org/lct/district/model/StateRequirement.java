package org.lct.district.model;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "StateRequirement", description = "A state's statutory minimum daily instructional time for one school level.")
public record StateRequirement(
        @Schema(description = "Two-letter state code.", examples = "CA") String stateCode,
        @Schema(description = "School level: elementary, middle or high.", examples = "high") String gradeLevel,
        @Schema(description = "First school year the requirement applies to.", examples = "2023-24") String validFromYear,
        @Schema(description = "Minimum instructional minutes per day.", examples = "360") int dailyMinutes,
        @Schema(description = "Annual instructional hours, where the state sets them.", examples = "1080.0") BigDecimal annualHours,
        @Schema(description = "Annual instructional days, where the state sets them.", examples = "180") Integer annualDays,
        @Schema(description = "The state's words on what counts as instructional time.") String timeCounted,
        @Schema(description = "Statute or regulation cited.", examples = "CA Educ. Code 46201") String sourceCitation,
        @Schema(description = "Where the requirement was read.") String sourceUrl,
        @Schema(description = "Notes, such as how an annual figure was converted.") String notes) {
}
