package org.lct.district.model;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "SummaryStatistics", description = "LCT statistics of one geography and staff scope in the current run; statistics over valid values, in minutes per student per day.")
public record SummaryStatistics(
        @Schema(description = "US for the nation, else the state code.", examples = "CA") String geography,
        @Schema(description = "NCES data year.", examples = "2023-24") String schoolYear,
        @Schema(description = "Staff scope.", examples = "teachers_only") String staffScope,
        @Schema(description = "Run the statistics describe.", examples = "12") long runId,
        @Schema(description = "Districts with a result, valid or not.", examples = "1985") long districts,
        @Schema(description = "Districts with a valid value.", examples = "1950") long validDistricts,
        @Schema(description = "Mean.", examples = "19.87") BigDecimal meanLct,
        @Schema(description = "Median (continuous percentile 0.5).", examples = "19.5") BigDecimal medianLct,
        @Schema(description = "10th percentile.") BigDecimal p10Lct,
        @Schema(description = "25th percentile.") BigDecimal p25Lct,
        @Schema(description = "75th percentile.") BigDecimal p75Lct,
        @Schema(description = "90th percentile.") BigDecimal p90Lct,
        @Schema(description = "Smallest value.") BigDecimal minLct,
        @Schema(description = "Largest value.") BigDecimal maxLct,
        @Schema(description = "Sample standard deviation; null for a single district.") BigDecimal stddevLct,
        @Schema(description = "Enrollment-weighted mean: the LCT of the average student.", examples = "17.9") BigDecimal enrollmentWeightedLct,
        @Schema(description = "Students in districts with a valid value.", examples = "5800000") long validEnrollment) {
}
