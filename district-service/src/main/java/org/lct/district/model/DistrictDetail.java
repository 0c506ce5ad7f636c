package org.lct.district.model;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "DistrictDetail", description = "A district in one NCES year with its state's requirement, its bell schedules and its current LCT per staff scope.")
public record DistrictDetail(
        @Schema(description = "NCES LEA id, 7 digits.", examples = "0622710") String ncesId,
        @Schema(description = "District name as NCES reports it.", examples = "Los Angeles Unified") String name,
        @Schema(description = "Two-letter state code.", examples = "CA") String stateCode,
        @Schema(description = "State name.", examples = "California") String stateName,
        @Schema(description = "NCES data year of the figures.", examples = "2023-24") String schoolYear,
        @Schema(description = "Students (October membership, pre-K included); null when not reported.", examples = "529902") Integer enrollment,
        @Schema(description = "Teachers, full-time equivalent; null when not reported.", examples = "24462.21") BigDecimal instructionalStaffFte,
        @Schema(description = "Service agency without students of its own; LCT excludes these.") boolean isSharedService,
        @Schema(description = "Where the NCES figures came from.", examples = "nces_ccd") String source,
        @Schema(description = "The state's requirement per school level in effect for school_year (the latest valid_from_year not after it, else the earliest).")
        List<StateRequirement> stateRequirements,
        @Schema(description = "Bell schedules collected for the district, every year, newest first.") List<BellSchedule> bellSchedules,
        @Schema(description = "Current LCT per staff scope: the district's rows of the newest successful run for school_year.") List<LctResult> lct) {
}
