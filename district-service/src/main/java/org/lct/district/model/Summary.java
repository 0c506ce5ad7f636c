package org.lct.district.model;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Summary", description = "LCT statistics of the nation or one state per staff scope, from the lct_summary_stats table.")
public record Summary(
        @Schema(description = "US for the nation, else the state code.", examples = "US") String geography,
        @Schema(description = "NCES data year.", examples = "2023-24") String schoolYear,
        @Schema(description = "When the statistics were written: by the year's current run, in the transaction of its results; null when there are none.") OffsetDateTime refreshedAt,
        @Schema(description = "One entry per staff scope, in the scopes' display order.") List<SummaryStatistics> scopes) {
}
