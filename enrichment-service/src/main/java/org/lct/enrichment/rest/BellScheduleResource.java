package org.lct.enrichment.rest;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.RequestViolations;
import org.lct.common.values.NcesId;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;
import org.lct.common.web.RequestId;
import org.lct.enrichment.model.BellScheduleRequest;
import org.lct.enrichment.model.BellScheduleView;
import org.lct.enrichment.model.ReviewRequest;
import org.lct.enrichment.service.BellScheduleService;
import org.lct.enrichment.service.BellScheduleService.Change;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bell schedules", description = "Create, replace, correct and delete collected bell schedules;"
        + " every change is in the lineage trail.")
public class BellScheduleResource {

    private static final String IF_MATCH_DOC = "The ETag of the schedule as you read it; a stale one answers 412,"
            + " none answers 428.";
    private static final String REASON_DOC = "Why you make the change; kept in the lineage trail. Required to"
            + " delete and to overwrite a high-confidence schedule.";

    @Inject
    BellScheduleService service;

    @Inject
    SecurityIdentity identity;

    @Inject
    RequestId requestId;

    @GET
    @Path("/bell-schedules")
    @Operation(operationId = "listDistrictBellSchedules", summary = "A district's bell schedules, with their versions",
            description = "All years and grade levels of the district named by nces_id, newest year first, each with"
                    + " the version to send in If-Match. The id may omit leading zeros. (district-service's"
                    + " GET /api/v1/districts/{nces_id}/bell-schedules is the public read of the same schedules.)")
    public List<BellScheduleView> listDistrictBellSchedules(
            @Parameter(description = "NCES LEA id of the district.", required = true, example = "634920")
            @RestQuery("nces_id") String ncesId,
            UriInfo uri) {
        return service.listBellSchedules(districtParameter(uri, ncesId, "nces_id"));
    }

    @POST
    @Path("/bell-schedules")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("enricher")
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "createBellSchedule", summary = "Add a bell schedule to a district",
            description = "Adds a schedule to the district named by nces_id. One schedule per district, school year"
                    + " and grade level; a second answers 409 naming the existing one. Answers 201 with Location and"
                    + " the ETag.")
    @APIResponse(responseCode = "201", description = "Created; Location names the new schedule and ETag is its version.",
            content = @Content(schema = @Schema(implementation = BellScheduleView.class)))
    @APIResponse(responseCode = "409", description = "The district already has a schedule for that year and level.")
    public Response createBellSchedule(
            @Parameter(description = "NCES LEA id of the district.", required = true, example = "634920")
            @RestQuery("nces_id") String ncesId,
            @Parameter(description = REASON_DOC, example = "district published a new schedule") @RestQuery("reason") String reason,
            @RequestBody(required = true) BellScheduleRequest body,
            UriInfo uri) {
        String id = districtParameter(uri, ncesId, "nces_id", "reason");
        BellScheduleView created = service.createBellSchedule(id, requireBody(body), change(reason, "POST", uri));
        return Response.created(URI.create("/api/v1/bell-schedules/" + created.id()))
                .tag(ETags.of(created.version())).entity(created).build();
    }

    @GET
    @Path("/bell-schedules/{id}")
    @Operation(operationId = "getBellSchedule", summary = "One bell schedule, with its ETag",
            description = "The ETag is the schedule's version; send it back in If-Match to change the schedule.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BellScheduleView.class)))
    public Response getBellSchedule(@Parameter(description = "Bell schedule id.", example = "17", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id) {
        long scheduleId = RequestViolations.requirePathId("id", id);
        BellScheduleView view = service.findBellSchedule(scheduleId).orElseThrow(
                () -> ProblemException.notFound("No bell schedule with id " + scheduleId));
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @PUT
    @Path("/bell-schedules/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("enricher")
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "replaceBellSchedule", summary = "Replace a bell schedule",
            description = "Replaces every field. Needs If-Match with the ETag you read.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BellScheduleView.class)))
    @APIResponse(responseCode = "412", description = "The schedule changed since you read it.")
    @APIResponse(responseCode = "428", description = "If-Match is missing.")
    public Response replaceBellSchedule(
            @Parameter(description = "Bell schedule id.", example = "17", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id,
            @Parameter(in = ParameterIn.HEADER, description = IF_MATCH_DOC, example = "\"3\"") @RestHeader("If-Match") String ifMatch,
            @Parameter(description = REASON_DOC, example = "district published a new schedule") @RestQuery("reason") String reason,
            @RequestBody(required = true) BellScheduleRequest body,
            UriInfo uri) {
        long scheduleId = RequestViolations.requirePathId("id", id);
        onlyReason(uri);
        BellScheduleView view = service.replaceBellSchedule(scheduleId, ETags.ifMatch(ifMatch), requireBody(body),
                change(reason, "PUT", uri));
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @PATCH
    @Path("/bell-schedules/{id}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @RolesAllowed("enricher")
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "patchBellSchedule", summary = "Change some fields of a bell schedule",
            description = "JSON Merge Patch (RFC 7396): the fields given replace the stored ones; null clears an"
                    + " optional field. The result is validated as a whole. Needs If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BellScheduleView.class)))
    @APIResponse(responseCode = "412", description = "The schedule changed since you read it.")
    @APIResponse(responseCode = "428", description = "If-Match is missing.")
    public Response patchBellSchedule(
            @Parameter(description = "Bell schedule id.", example = "17", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id,
            @Parameter(in = ParameterIn.HEADER, description = IF_MATCH_DOC, example = "\"3\"") @RestHeader("If-Match") String ifMatch,
            @Parameter(description = REASON_DOC, example = "district published a new schedule") @RestQuery("reason") String reason,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = BellScheduleRequest.class)))
            JsonNode patch,
            UriInfo uri) {
        long scheduleId = RequestViolations.requirePathId("id", id);
        onlyReason(uri);
        BellScheduleView view = service.patchBellSchedule(scheduleId, ETags.ifMatch(ifMatch), patch,
                change(reason, "PATCH", uri));
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    @DELETE
    @Path("/bell-schedules/{id}")
    @RolesAllowed("enricher")
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "deleteBellSchedule", summary = "Delete a bell schedule",
            description = "Needs If-Match and a reason; the deleted values stay in the lineage trail.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "412", description = "The schedule changed since you read it.")
    @APIResponse(responseCode = "428", description = "If-Match is missing.")
    public Response deleteBellSchedule(
            @Parameter(description = "Bell schedule id.", example = "17", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id,
            @Parameter(in = ParameterIn.HEADER, description = IF_MATCH_DOC, example = "\"3\"") @RestHeader("If-Match") String ifMatch,
            @Parameter(description = REASON_DOC, required = true, example = "district published a new schedule") @RestQuery("reason") String reason,
            UriInfo uri) {
        long scheduleId = RequestViolations.requirePathId("id", id);
        onlyReason(uri);
        service.deleteBellSchedule(scheduleId, ETags.ifMatch(ifMatch), change(reason, "DELETE", uri));
        return Response.noContent().build();
    }

    @GET
    @Path("/reviews")
    @Tag(name = "Review")
    @Operation(operationId = "listReviewQueue", summary = "Low-confidence schedules awaiting review",
            description = "Oldest change first.")
    public PageOf<BellScheduleView> listReviewQueue(
            @Parameter(description = "1-based page.", example = "1", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000000", defaultValue = "1")) @RestQuery("page") String page,
            @Parameter(description = "Page size, at most 200.", example = "50", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50")) @RestQuery("size") String size,
            UriInfo uri) {
        RequestViolations violations = new RequestViolations()
                .rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("page", "size"));
        Paging paging = violations.paging(page, size, 50, 200);
        violations.throwIfAny();
        return service.listAwaitingReview(paging);
    }

    @POST
    @Path("/bell-schedules/{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("reviewer")
    @SecurityRequirement(name = "bearer")
    @Tag(name = "Review")
    @Operation(operationId = "reviewBellSchedule", summary = "Approve or correct a bell schedule",
            description = "Records the decision on the schedule (review status, reviewer, time); a correction"
                    + " changes the fields given. The lineage trail keeps the values before and after. Needs If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BellScheduleView.class)))
    public Response reviewBellSchedule(
            @Parameter(description = "Bell schedule id.", example = "17", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id,
            @Parameter(in = ParameterIn.HEADER, description = IF_MATCH_DOC, example = "\"3\"") @RestHeader("If-Match") String ifMatch,
            @Parameter(description = "Why; kept in the lineage trail.", example = "confirmed against the district PDF") @RestQuery("reason") String reason,
            @RequestBody(required = true) ReviewRequest body,
            UriInfo uri) {
        long scheduleId = RequestViolations.requirePathId("id", id);
        onlyReason(uri);
        ReviewRequest review = requireBody(body);
        boolean approve = switch (String.valueOf(review.decision())) {
            case "approve" -> true;
            case "correct" -> false;
            default -> throw ProblemException.invalid("decision",
                    FieldError.BODY, "known_decision", "must be approve or correct");
        };
        BellScheduleView view = service.reviewBellSchedule(scheduleId, ETags.ifMatch(ifMatch), approve,
                review.corrections(), change(reason, "POST", uri));
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    private Change change(String reason, String method, UriInfo uri) {
        return new Change(identity.getPrincipal().getName(), reason == null || reason.isBlank() ? null : reason.strip(),
                "api:" + method + " " + uri.getPath(), requestId.value());
    }

    private static void onlyReason(UriInfo uri) {
        new RequestViolations()
                .rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("reason"))
                .throwIfAny();
    }

    /** The required nces_id query parameter, checked together with the names of the parameters sent. */
    private static String districtParameter(UriInfo uri, String ncesId, String... allowed) {
        RequestViolations violations = new RequestViolations()
                .rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of(allowed));
        if (ncesId == null || ncesId.isBlank()) {
            violations.add("nces_id", FieldError.QUERY, "required", "the district's NCES LEA id is required");
        }
        NcesId id = violations.ncesId("nces_id", FieldError.QUERY, ncesId);
        violations.throwIfAny();
        return id.value();
    }

    private static <T> T requireBody(T body) {
        if (body == null) {
            throw ProblemException.invalid("$", FieldError.BODY,
                    "required", "the request needs a JSON body");
        }
        return body;
    }
}
