package org.lct.enrichment.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CampaignState", description = "A state's enrichment campaign: its largest districts without a"
        + " collected bell schedule, and whether enough have been collected.")
public record CampaignState(
        @Schema(examples = "CA") String stateCode,
        @Schema(examples = "California") String stateName,
        @Schema(description = "Districts with students.") long districts,
        @Schema(description = "Districts with a collected (not statutory) bell schedule.") long collected,
        @Schema(description = "Collections after which the state is done.", examples = "3") int target,
        boolean done,
        @Schema(description = "The state's largest districts still without a collected schedule, largest first"
                + " (only in GET /campaign/{state}).") List<Candidate> candidates) {

    @Schema(name = "CampaignCandidate", description = "One of a state's largest districts without a collected schedule, with"
            + " its newest collection attempt.")
    public record Candidate(
            @Schema(description = "1 = largest.") int rank,
            String ncesId,
            String name,
            Integer enrollment,
            @Schema(description = "Outcome of the newest attempt, if any.") String lastOutcome,
            @Schema(description = "Failed attempts since the last success.") Integer retryCount,
            java.time.OffsetDateTime nextRetryAt) {
    }
}
