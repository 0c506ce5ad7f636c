package org.lct.district.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "State", description = "A jurisdiction reporting to NCES, with its districts in one year.")
public record State(
        @Schema(description = "USPS code (BI for the Bureau of Indian Education).", examples = "CA") String code,
        @Schema(description = "Name.", examples = "California") String name,
        @Schema(description = "FIPS code, the first two digits of its NCES ids.", examples = "06") String fips,
        @Schema(description = "state, federal_district, territory or bureau.", examples = "state") String jurisdictionType,
        @Schema(description = "NCES data year of the counts.", examples = "2023-24") String schoolYear,
        @Schema(description = "Districts in that year.", examples = "1985") long districts,
        @Schema(description = "Students in those districts.", examples = "5837690") long enrollment) {
}
