package org.lct.enrichment.model;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Attempt", description = "A recorded collection attempt and what it means for the queue.")
public record AttemptView(
        long id,
        String ncesId,
        @Schema(enumeration = {"success", "no_data", "blocked", "error"}) String outcome,
        String attemptedBy,
        OffsetDateTime attemptedAt,
        @Schema(description = "Failed attempts since the district's last success, this one included.") int retryCount,
        @Schema(description = "Earliest time to try again; absent after a success or when the district left the queue.")
        OffsetDateTime nextRetryAt,
        int priority,
        String sourceUrl,
        String detail,
        @Schema(description = "Why the district left the queue, when it did.") String leftQueueBecause) {
}
