package org.lct.district.model;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "StateDetail", description = "A jurisdiction: its district counts for one year, the requirements in effect and its enrichment progress.")
public record StateDetail(
        @Schema(description = "The jurisdiction and its district counts.") State state,
        @Schema(description = "Requirement per school level in effect for the year.") List<StateRequirement> requirements,
        @Schema(description = "Bell-schedule coverage; null before the views are first refreshed.") EnrichmentProgress enrichment) {
}
