package org.lct.enrichment.model;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "LineageEntry", description = "One change of one row: who, when, why, and the values before and after.")
public record LineageEntry(
        @Schema(description = "Sequence number; entries are in the order the changes committed.") long id,
        @Schema(description = "Table changed.", examples = "bell_schedules") String entity,
        @Schema(description = "Natural key of the row, parts joined with /.", examples = "0634920/2024-25/high")
        String entityKey,
        @Schema(enumeration = {"insert", "update", "delete"}) String action,
        @Schema(implementation = Object.class, description = "The row before the change (column: value); absent for inserts.")
        JsonNode beforeValues,
        @Schema(implementation = Object.class, description = "The row after the change (column: value); absent for deletes.")
        JsonNode afterValues,
        @Schema(description = "Columns an update changed.") List<String> changedColumns,
        @Schema(description = "Who: the token's principal, an importer, or db:<user> for direct SQL.") String actor,
        String reason,
        @Schema(description = "Where the values came from: API call, or import file and its SHA-256.") String source,
        @Schema(description = "Request or import id shared by the entries of one operation.") String correlationId,
        OffsetDateTime recordedAt) {
}
