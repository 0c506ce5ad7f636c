package org.lct.district.model;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A district in a list: NCES figures for one year, whether it has a collected bell schedule, and its LCT in one scope. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "DistrictSummary", description = "A district in a list, with its current LCT in the requested staff scope.")
public record DistrictSummary(
        @Schema(description = "NCES LEA id, 7 digits.", examples = "0622710") String ncesId,
        @Schema(description = "District name as NCES reports it.", examples = "Los Angeles Unified") String name,
        @Schema(description = "Two-letter state code.", examples = "CA") String stateCode,
        @Schema(description = "NCES data year.", examples = "2023-24") String schoolYear,
        @Schema(description = "Students (October membership, pre-K included); null when not reported.", examples = "529902") Integer enrollment,
        @Schema(description = "Teachers, full-time equivalent; null when not reported.", examples = "24462.21") BigDecimal instructionalStaffFte,
        @Schema(description = "Service agency without students of its own; LCT excludes these.") boolean isSharedService,
        @Schema(description = "Whether a bell schedule was collected for the district (any year; statutory fallbacks do not count).") boolean hasBellSchedule,
        @Schema(description = "Staff scope of the lct_minutes column.", examples = "teachers_only") String lctScope,
        @Schema(description = "Current LCT in minutes per student per day in lct_scope; null without a result.", examples = "16.62") BigDecimal lctMinutes,
        @Schema(description = "Whether that LCT passes the validity rules; null without a result.") Boolean lctIsValid,
        @Schema(description = "Calculation run that produced the LCT; null without a result.", examples = "12") Long lctRunId) {
}
