package org.lct.enrichment.model;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Evidence", description = "A source document attached to a bell schedule.")
public record EvidenceView(
        @Schema(description = "SHA-256 of the content; the document's id.") String sha256,
        @Schema(examples = "application/pdf") String contentType,
        long sizeBytes,
        String fileName,
        String attachedBy,
        OffsetDateTime attachedAt,
        @Schema(description = "Where to download it.") String href) {
}
