package org.lct.enrichment.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.RequestViolations;
import org.lct.common.web.RequestId;
import org.lct.enrichment.model.EvidenceView;
import org.lct.enrichment.service.BellScheduleService.Change;
import org.lct.enrichment.service.EvidenceService;

@Path("/api/v1/bell-schedules/{id}/evidence")
@Tag(name = "Evidence", description = "The documents a bell schedule was read from.")
public class EvidenceResource {

    @Inject
    EvidenceService service;

    @Inject
    SecurityIdentity identity;

    @Inject
    RequestId requestId;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("enricher")
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "attachEvidence", summary = "Attach a source document to a bell schedule",
            description = "HTML, plain text, PDF or an image, up to the configured size. A document is stored once"
                    + " by its SHA-256 however often it is attached; attaching the same one again answers 200.")
    @APIResponse(responseCode = "201", description = "Attached.",
            content = @Content(schema = @Schema(implementation = EvidenceView.class)))
    @APIResponse(responseCode = "200", description = "Already attached.",
            content = @Content(schema = @Schema(implementation = EvidenceView.class)))
    @APIResponse(responseCode = "413", description = "The document is larger than the limit.")
    public Response attachEvidence(
            @Parameter(description = "Bell schedule id.", example = "17", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id,
            @Parameter(description = "The document; its part's Content-Type names its type.",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")) @RestForm("file") FileUpload file,
            UriInfo uri) {
        long scheduleId = RequestViolations.requirePathId("id", id);
        if (file == null) {
            throw ProblemException.invalid("file", FieldError.BODY, "required",
                    "upload the document as the multipart part 'file'");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EvidenceService.Attached attached = service.attachEvidence(scheduleId, file.fileName(), file.contentType(),
                content, new Change(identity.getPrincipal().getName(), "evidence attached",
                        "api:POST " + uri.getPath(), requestId.value()));
        return attached.newLink()
                ? Response.created(URI.create(attached.evidence().href())).entity(attached.evidence()).build()
                : Response.ok(attached.evidence()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEvidence", summary = "The documents attached to a bell schedule",
            description = "Hash, type, size, file name and who attached each, with the download link.")
    public List<EvidenceView> listEvidence(@Parameter(description = "Bell schedule id.", example = "17", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id) {
        return service.listEvidence(RequestViolations.requirePathId("id", id));
    }

    @GET
    @Path("/{sha256}")
    @Produces(MediaType.WILDCARD)
    @Operation(operationId = "downloadEvidence", summary = "Download an attached document",
            description = "The document as stored, with its content type.")
    @APIResponse(responseCode = "200", description = "The document.",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response downloadEvidence(@Parameter(description = "Bell schedule id.", example = "17", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id,
            @Parameter(description = "SHA-256 of the document.", example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") @RestPath String sha256) {
        long scheduleId = RequestViolations.requirePathId("id", id);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw ProblemException.invalid("sha256", FieldError.PATH, "sha256_hex", "must be 64 lower-case hex digits");
        }
        return service.findEvidence(scheduleId, sha256)
                .map(document -> Response.ok(document.content(), document.contentType())
                        .header("Content-Disposition", "attachment")
                        .header("X-Content-Type-Options", "nosniff").build())
                .orElseThrow(() -> ProblemException.notFound("Bell schedule " + scheduleId
                        + " has no evidence document " + sha256));
    }
}
