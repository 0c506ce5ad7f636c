package org.lct.district.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "EnrichmentCandidate", description = "A district with students and no collected bell schedule, in its state's enrichment queue.")
public record EnrichmentCandidate(
        @Schema(description = "Jurisdiction code.", examples = "CA") String stateCode,
        @Schema(description = "Position in the state's queue: by enrollment, largest first, ties by nces_id.", examples = "1") long candidateRank,
        @Schema(description = "NCES LEA id.", examples = "0622710") String ncesId,
        @Schema(description = "District name.", examples = "Los Angeles Unified") String districtName,
        @Schema(description = "Newest NCES year of the district.", examples = "2023-24") String schoolYear,
        @Schema(description = "Students.", examples = "529902") int enrollment,
        @Schema(description = "Rank by enrollment among all districts of the state, enriched or not.", examples = "1") long enrollmentRankInState) {
}
