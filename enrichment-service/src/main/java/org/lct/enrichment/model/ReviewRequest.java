package org.lct.enrichment.model;

import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ReviewDecision", description = "A reviewer's decision on a bell schedule.")
public record ReviewRequest(
        @NotNull @Schema(enumeration = {"approve", "correct"}, required = true,
                description = "approve: the schedule is right as it is; correct: apply `corrections`.")
        String decision,
        @Schema(implementation = Object.class,
                description = "For `correct`: the fields to change, as in a PATCH (JSON Merge Patch).",
                examples = "{\"instructional_minutes\": 345, \"confidence\": \"medium\"}")
        JsonNode corrections) {
}
