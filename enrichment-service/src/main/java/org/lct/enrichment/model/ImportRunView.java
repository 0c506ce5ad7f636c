package org.lct.enrichment.model;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.lct.common.problem.FieldError;

@Schema(name = "ImportRun", description = "One import request: the file (by SHA-256), who sent it, and what it did.")
public record ImportRunView(
        @Schema(examples = "42") long id,
        @Schema(enumeration = {"districts", "state-requirements", "bell-schedules"}) String kind,
        @Schema(enumeration = {"csv", "yaml", "json"}) String format,
        String fileName,
        @Schema(description = "SHA-256 of the file, 64 hex digits.") String fileSha256,
        long fileBytes,
        boolean dryRun,
        @Schema(enumeration = {"succeeded", "validated", "rejected", "failed"},
                description = "succeeded: written; validated: a dry run that passed; rejected: the file broke a rule"
                        + " and nothing was written; failed: the server failed and nothing was written.")
        String status,
        String requestedBy,
        @Schema(description = "Request id; the lineage entries of this import carry it as correlation_id.")
        String correlationId,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        @Schema(description = "Records read: rows, or schedules per grade level.") Integer rowsRead,
        Integer inserted,
        Integer updated,
        @Schema(description = "Records identical to what was stored; a repeated import has only these.")
        Integer unchanged,
        @Schema(description = "Problems that rejected the file.") int rejected,
        List<FieldError> problems,
        List<String> warnings) {

    public static ImportRunView of(ImportRun run) {
        return new ImportRunView(run.id, run.kind, run.format, run.fileName, run.fileSha256, run.fileBytes,
                run.dryRun, run.status, run.requestedBy, run.correlationId, run.startedAt, run.finishedAt,
                run.rowsRead, run.inserted, run.updated, run.unchanged, run.rejected, run.problems, run.warnings);
    }
}
