package org.lct.district.model;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "EnrichmentProgress", description = "Bell-schedule coverage of one jurisdiction, by districts and by students, over each district's newest NCES year.")
public record EnrichmentProgress(
        @Schema(description = "Jurisdiction code.", examples = "CA") String stateCode,
        @Schema(description = "Jurisdiction name.", examples = "California") String stateName,
        @Schema(description = "Districts.", examples = "1985") long totalDistricts,
        @Schema(description = "Districts with a collected bell schedule.", examples = "12") long enrichedDistricts,
        @Schema(description = "Students in all districts.", examples = "5837690") long totalEnrollment,
        @Schema(description = "Students in enriched districts.", examples = "1200000") long enrichedEnrollment,
        @Schema(description = "Enriched districts in percent of all, 2 decimals; null without districts.", examples = "0.60") BigDecimal districtCoveragePct,
        @Schema(description = "Students covered in percent, 2 decimals; null without students.", examples = "20.56") BigDecimal enrollmentCoveragePct,
        @Schema(description = "Newest school year of a collected schedule.", examples = "2024-25") String latestScheduleYear) {
}
