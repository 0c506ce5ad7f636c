package org.lct.enrichment.model;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "QueueItem", description = "A district to collect a bell schedule for next.")
public record QueueItem(
        @Schema(description = "Position in the queue, 1 first.") int position,
        String ncesId,
        String name,
        String stateCode,
        Integer enrollment,
        @Schema(description = "Priority given with the district's attempts; higher first.") int priority,
        @Schema(description = "True when the district is one of its state's campaign candidates and the state is"
                + " not done yet.") boolean campaignCandidate,
        @Schema(description = "Failed attempts since the last success.") int retryCount,
        @Schema(description = "When the district became due again after a failure.") OffsetDateTime dueSince) {
}
