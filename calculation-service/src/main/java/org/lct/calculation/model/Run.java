package org.lct.calculation.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A calculation run as the API shows it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Run", description = "A calculation run: what was asked, when it ran, what it read and what it produced.")
public record Run(
        long id,
        @Schema(enumeration = {"full", "incremental"}) String mode,
        @Schema(enumeration = {"queued", "running", "succeeded", "failed"}) String status,
        String schoolYear,
        @Schema(enumeration = {"api", "schedule", "cli"}) String triggeredBy,
        String requestedBy,
        OffsetDateTime requestedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        @Schema(description = "Milliseconds from start to finish.") Long durationMs,
        @Schema(description = "Milliseconds of the run's transaction (calculation, results, QA, summary statistics).") Integer computeMs,
        @Schema(description = "Milliseconds of the materialized-view refresh after the run (the bell-schedule coverage views; the run writes its summary statistics itself); null until it is done, and for a run that changed nothing.") Integer refreshMs,
        @Schema(description = "SHA-256 over every input the results depend on.") String inputHash,
        Long previousRunId,
        @Schema(description = "True when an incremental run found its inputs unchanged and wrote nothing; the previous run's results stay current.")
        boolean noChanges,
        Map<String, Object> parameters,
        Integer districtsCalculated,
        Integer districtsCarriedForward,
        Integer resultRows,
        String errorMessage,
        @Schema(description = "Headline of the QA report (GET /api/v1/runs/{id}/qa has all of it).") Map<String, Object> qa) {
}
