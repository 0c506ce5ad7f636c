package org.lct.enrichment.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Set;

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
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.RequestViolations;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;
import org.lct.enrichment.model.ImportRun;
import org.lct.enrichment.model.ImportRunView;
import org.lct.enrichment.service.ImportService;
import org.lct.importer.ImportKind;
import org.lct.importer.Importers.Format;

@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Imports", description = "Bulk imports of districts, state requirements and bell schedules.")
public class ImportResource {

    @Inject
    ImportService importService;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/{kind}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed("enricher")
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "importFile", summary = "Import a file",
            description = "Validates the whole file and imports it in one transaction: all rows or none. Rows"
                    + " identical to the stored ones are left alone, so importing the same file again changes"
                    + " nothing and writes no lineage. `districts` takes the NCES districts CSV, `state-requirements`"
                    + " the state requirements YAML, `bell-schedules` the collectors' CSV or the reference JSON"
                    + " export, `enrollment-by-grade` and `staff-counts` the NCES CCD LEA long files 052 and 059."
                    + " A rejected file answers 422 listing every problem with its line and field.")
    @APIResponse(responseCode = "201", description = "Imported; the body is the import run.",
            content = @Content(schema = @Schema(implementation = ImportRunView.class)))
    @APIResponse(responseCode = "200", description = "Dry run: validated and counted, nothing written.",
            content = @Content(schema = @Schema(implementation = ImportRunView.class)))
    @APIResponse(responseCode = "409", description = "Another import of the same kind is running.")
    @APIResponse(responseCode = "413", description = "The file is larger than the limit.")
    @APIResponse(responseCode = "422", description = "The file broke a rule; every problem is listed.")
    public Response importFile(
            @Parameter(description = "What the file holds.", example = "districts", schema = @Schema(enumeration = {
                    "districts", "state-requirements", "bell-schedules", "enrollment-by-grade", "staff-counts"}))
            @RestPath String kind,
            @Parameter(description = "The file.", schema = @Schema(type = SchemaType.STRING, format = "binary"))
            @RestForm("file") FileUpload file,
            @Parameter(description = "Validate and count without writing.", schema = @Schema(type = SchemaType.BOOLEAN), example = "true")
            @RestQuery("dry_run") String dryRun,
            @Parameter(description = "csv, yaml or json; by default taken from the kind and the file name.", example = "csv")
            @RestQuery("format") String format,
            UriInfo uri) {
        RequestViolations violations = new RequestViolations()
                .rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("dry_run", "format"));
        ImportKind importKind = kindOf(kind, violations);
        boolean isDryRun = booleanOf("dry_run", dryRun, violations);
        if (file == null) {
            violations.add("file", FieldError.BODY, "required", "upload the file as the multipart part 'file'");
        }
        Format fileFormat = formatOf(importKind, format, file, violations);
        violations.throwIfAny();
        ImportRun run = importService.importFile(importKind, fileFormat, file.fileName(), read(file), isDryRun,
                identity.getPrincipal().getName());
        ImportRunView body = ImportRunView.of(run);
        return isDryRun
                ? Response.ok(body).build()
                : Response.created(URI.create("/api/v1/imports/runs/" + run.id)).entity(body).build();
    }

    @GET
    @Operation(operationId = "listImportRuns", summary = "List import runs, newest first",
            description = "Every import request, accepted, rejected or dry, with its file hash and counts.")
    public PageOf<ImportRunView> listImportRuns(
            @Parameter(description = "Only runs of this kind.", example = "districts") @RestQuery("kind") String kind,
            @Parameter(description = "1-based page.", example = "1", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000000", defaultValue = "1")) @RestQuery("page") String page,
            @Parameter(description = "Page size, at most 200.", example = "50", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50")) @RestQuery("size") String size,
            UriInfo uri) {
        RequestViolations violations = new RequestViolations()
                .rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("kind", "page", "size"));
        if (kind != null) {
            kindOf(kind, violations);
        }
        Paging paging = violations.paging(page, size, 50, 200);
        violations.throwIfAny();
        return PageOf.of(paging, importService.countImportRuns(kind),
                importService.listImportRuns(kind, paging).stream().map(ImportRunView::of).toList());
    }

    // Not /imports/{id}: that path would be the same template as POST /imports/{kind}, which OpenAPI forbids.
    @GET
    @Path("/runs/{id}")
    @Operation(operationId = "getImportRun", summary = "One import run",
            description = "What one import did: counts, or the problems that rejected the file. The Location of a"
                    + " successful import names it.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ImportRunView.class)))
    public ImportRunView getImportRun(@Parameter(description = "Import run id.", example = "42", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id) {
        Long runId = RequestViolations.requirePathId("id", id);
        return importService.findImportRun(runId).map(ImportRunView::of)
                .orElseThrow(() -> ProblemException.notFound("No import run with id " + runId));
    }

    private static ImportKind kindOf(String kind, RequestViolations violations) {
        for (ImportKind candidate : ImportKind.values()) {
            if (candidate.slug().equals(kind)) {
                return candidate;
            }
        }
        violations.add("kind", FieldError.PATH, "known_kind",
                "must be districts, state-requirements, bell-schedules, enrollment-by-grade or staff-counts, got '" + kind + "'");
        return null;
    }

    private static boolean booleanOf(String field, String raw, RequestViolations violations) {
        if (raw == null || raw.equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.equalsIgnoreCase("true") || raw.isEmpty()) {
            return true;
        }
        violations.add(field, FieldError.QUERY, "boolean", "must be true or false, got '" + raw + "'");
        return false;
    }

    private static Format formatOf(ImportKind kind, String format, FileUpload file, RequestViolations violations) {
        if (format != null) {
            try {
                return Format.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add("format", FieldError.QUERY, "allowed_value", "must be one of csv, yaml, json, got '"
                        + RequestViolations.abbreviate(format) + "'");
                return null;
            }
        }
        if (kind == ImportKind.STATE_REQUIREMENTS) {
            return Format.YAML;
        }
        boolean json = file != null && file.fileName() != null
                && file.fileName().toLowerCase(Locale.ROOT).endsWith(".json");
        return json ? Format.JSON : Format.CSV;
    }

    private static byte[] read(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
