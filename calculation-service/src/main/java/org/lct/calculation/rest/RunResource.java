package org.lct.calculation.rest;

import java.net.URI;
import java.util.List;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.lct.calculation.model.QaReport;
import org.lct.calculation.model.Run;
import org.lct.calculation.model.RunRequest;
import org.lct.calculation.service.ExportService;
import org.lct.calculation.service.RunService;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.RequestViolations;
import org.lct.common.values.SchoolYear;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;
import org.lct.common.web.BodyProblems;

/** Calculation runs: start one (operators), follow it, read its QA report and its results. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "LCT calculation runs, their QA reports and results.")
public class RunResource {

    public static final String OPERATOR = "operator";
    private static final String CSV = "text/csv";
    private static final String PARQUET = "application/vnd.apache.parquet";

    @Inject
    RunService runs;

    @Inject
    BodyProblems bodyProblems;

    @Inject
    ExportService exports;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(OPERATOR)
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "startRun", summary = "Start a calculation run",
            description = "Answers 202 at once with the queued run and its Location; poll GET /api/v1/runs/{id}. 409 while another run is queued or running.")
    @APIResponse(responseCode = "202", description = "Run queued; Location names it.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Run.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks the operator role")
    @APIResponse(responseCode = "409", description = "Another run is queued or running (named in the detail), or no inputs are loaded")
    public Response start(RunRequest request, SecurityContext security, UriInfo uri) {
        if (request == null) {
            // an empty POST is more likely a mistake than a wish for a full run of everything
            throw ProblemException.invalid("$", FieldError.BODY, "required",
                    "send a JSON object; {} takes every default (a full run of the newest year)");
        }
        Run run = runs.submit(request, bodyProblems.found(), "api", security.getUserPrincipal().getName());
        URI location = uri.getBaseUriBuilder().path("api/v1/runs/{id}").build(run.id());
        return Response.accepted(run).location(location).build();
    }

    @GET
    @Operation(operationId = "listRuns", summary = "List runs, newest first",
            description = "Every run with its status, mode, timings, counts and input hash.")
    public PageOf<Run> list(
            @Parameter(description = "Only runs of this school year.", example = "2023-24") @RestQuery String year,
            @Parameter(description = "1-based page.", example = "1", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000000", defaultValue = "1")) @RestQuery String page,
            @Parameter(description = "Page size, at most 200.", example = "20", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "20")) @RestQuery String size,
            UriInfo uri) {
        RequestViolations violations = new RequestViolations();
        violations.rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("year", "page", "size"));
        Paging paging = violations.paging(page, size, 20, 200);
        SchoolYear schoolYear = violations.schoolYear("year", FieldError.QUERY, year);
        if (schoolYear != null) {
            List<String> years = runs.knownYears();
            if (!years.contains(schoolYear.value())) {
                violations.add("year", FieldError.QUERY, "known_year", "no district inputs for "
                        + schoolYear + "; loaded: " + String.join(", ", years));
            }
        }
        violations.throwIfAny();
        return runs.list(schoolYear == null ? null : schoolYear.value(), paging);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRun", summary = "One run",
            description = "Status, timings, counts, input hash, previous run and the QA headline.")
    public Run get(@Parameter(description = "Run id.", example = "12", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id) {
        long runId = RequestViolations.requirePathId("id", id);
        return runs.find(runId).orElseThrow(() -> ProblemException.notFound("No run " + runId + "."));
    }

    @GET
    @Path("/{id}/qa")
    @Operation(operationId = "getRunQa", summary = "A run's QA report",
            description = "Validity, safeguard flags, hierarchy checks, outliers, coverage and statistics, as JSON.")
    public QaReport qa(@Parameter(description = "Run id.", example = "12", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id) {
        long runId = RequestViolations.requirePathId("id", id);
        runs.find(runId).orElseThrow(() -> ProblemException.notFound("No run " + runId + "."));
        return runs.qaReport(runId).orElseThrow(
                () -> ProblemException.notFound("Run " + runId + " has no QA report (it has not succeeded)."));
    }

    @GET
    @Path("/{id}/results")
    @Produces({MediaType.APPLICATION_JSON, CSV, PARQUET})
    @Operation(operationId = "getRunResults", summary = "A run's results as JSON, CSV or Parquet",
            description = "format=json (default), csv or parquet; optional scope and valid=true|false filters.")
    public Response results(@Parameter(description = "Run id.", example = "12", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id,
            @Parameter(description = "json, csv or parquet.", example = "csv") @RestQuery String format,
            @Parameter(description = "Only this staff scope.", example = "teachers_total") @RestQuery String scope,
            @Parameter(description = "Only valid (true) or invalid (false) rows.", example = "true")
            @RestQuery String valid, UriInfo uri) {
        RequestViolations violations = new RequestViolations();
        violations.rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("format", "scope", "valid"));
        String chosen = format == null ? "json" : violations.choice("format", FieldError.QUERY, format,
                List.of("json", "csv", "parquet"));
        Boolean validOnly = violations.bool("valid", valid);
        if (scope != null) {
            List<String> known = runs.knownScopes();
            if (!known.contains(scope)) {
                violations.add("scope", FieldError.QUERY, "known_scope", "unknown scope '"
                        + RequestViolations.abbreviate(scope) + "'; known: " + String.join(", ", known));
            }
        }
        Long runId = violations.pathId("id", id);
        violations.throwIfAny();
        Run run = runs.find(runId).orElseThrow(() -> ProblemException.notFound("No run " + runId + "."));
        if (!"succeeded".equals(run.status())) {
            throw ProblemException.notFound("Run " + runId + " has no results (status " + run.status() + ").");
        }
        long resultsRun = run.noChanges() && run.previousRunId() != null ? run.previousRunId() : runId;
        Boolean filter = validOnly;
        String name = "lct-run-" + runId;
        return switch (chosen) {
            case "csv" -> Response.ok((StreamingOutput) out -> stream(() -> exports.writeCsv(resultsRun, scope, filter, out)), CSV + ";charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"").build();
            case "parquet" -> Response.ok((StreamingOutput) out -> stream(() -> exports.writeParquet(resultsRun, scope, filter, out)), PARQUET)
                    .header("Content-Disposition", "attachment; filename=\"" + name + ".parquet\"").build();
            default -> Response.ok((StreamingOutput) out -> stream(() -> exports.writeJson(resultsRun, scope, filter, out)),
                    MediaType.APPLICATION_JSON).build();
        };
    }

    private interface Export {
        void run() throws Exception;
    }

    private static void stream(Export export) throws java.io.IOException {
        try {
            export.run();
        } catch (java.io.IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new java.io.IOException("export failed", e);
        }
    }
}
