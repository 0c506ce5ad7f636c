package org.lct.enrichment.rest;

import java.net.URI;
import java.util.List;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.lct.common.problem.BodyValidation;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.RequestViolations;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;
import org.lct.enrichment.model.AttemptRequest;
import org.lct.enrichment.model.AttemptView;
import org.lct.enrichment.model.CampaignState;
import org.lct.enrichment.model.QueueItem;
import org.lct.enrichment.service.CampaignService;
import org.lct.enrichment.service.StateFilter;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Campaign", description = "Which districts to collect bell schedules for next, and what was tried.")
public class CampaignResource {

    @Inject
    CampaignService campaign;

    @Inject
    StateFilter stateFilter;

    @Inject
    SecurityIdentity identity;

    @Inject
    BodyValidation bodyValidation;

    @GET
    @Path("/campaign")
    @Operation(operationId = "listCampaignStates", summary = "The campaign in every state",
            description = "Per state: districts, collected schedules, and whether the state is done.")
    public List<CampaignState> listCampaignStates() {
        return campaign.listCampaignStates();
    }

    @GET
    @Path("/campaign/{state}")
    @Operation(operationId = "getCampaignState", summary = "One state's campaign, with its candidates",
            description = "The state's largest districts still without a collected schedule, with their newest attempt.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignState.class)))
    public CampaignState getCampaignState(@Parameter(description = "State code.", example = "CA") @RestPath String state) {
        String code = stateCode(state);
        return campaign.findCampaignState(code)
                .orElseThrow(() -> ProblemException.notFound("No state with code " + code));
    }

    @GET
    @Path("/enrichment/queue")
    @Operation(operationId = "listEnrichmentQueue", summary = "The next districts to collect",
            description = "Due districts in priority order: given priority, then campaign candidates of unfinished"
                    + " states, then size. Districts in backoff after a failure, or that left the queue, are not listed.")
    public PageOf<QueueItem> listEnrichmentQueue(
            @Parameter(description = "Only this state.", example = "CA") @RestQuery("state") String state,
            @Parameter(description = "1-based page.", example = "1", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000000", defaultValue = "1")) @RestQuery("page") String page,
            @Parameter(description = "Page size, at most 500.", example = "25", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "25")) @RestQuery("size") String size,
            UriInfo uri) {
        RequestViolations violations = new RequestViolations()
                .rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("state", "page", "size"));
        Paging paging = violations.paging(page, size, 25, 500);
        String code = stateFilter.code(violations, "state", state);
        violations.throwIfAny();
        return campaign.nextWorkItems(code, paging);
    }

    @GET
    @Path("/enrichment/excluded")
    @Operation(operationId = "listExcludedDistricts", summary = "Districts that left the queue",
            description = "Their newest attempt, with the reason they left (too many failures in a row).")
    public List<AttemptView> listExcludedDistricts() {
        return campaign.listExcluded();
    }

    @POST
    @Path("/enrichment/attempts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("enricher")
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "recordAttempt", summary = "Record a collection attempt",
            description = "A failure sets when to try again (exponential backoff); after too many failures in a row"
                    + " the district leaves the queue and the answer says why.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the new attempt.",
            content = @Content(schema = @Schema(implementation = AttemptView.class)))
    public Response recordAttempt(@RequestBody(required = true) AttemptRequest body) {
        if (body == null) {
            throw ProblemException.invalid("$", FieldError.BODY, "required", "the request needs a JSON body");
        }
        List<FieldError> errors = bodyValidation.violationsOf(body);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        AttemptView attempt = campaign.recordAttempt(body, identity.getPrincipal().getName());
        return Response.created(URI.create("/api/v1/enrichment/attempts/" + attempt.id())).entity(attempt).build();
    }

    @GET
    @Path("/enrichment/attempts/{id}")
    @Operation(operationId = "getAttempt", summary = "One recorded attempt",
            description = "The attempt, its retry count and next retry time, and why the district left the queue if it did.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AttemptView.class)))
    public AttemptView getAttempt(@Parameter(description = "Attempt id.", example = "7", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) @RestPath String id) {
        long attemptId = RequestViolations.requirePathId("id", id);
        return campaign.findAttempt(attemptId)
                .orElseThrow(() -> ProblemException.notFound("No attempt with id " + attemptId));
    }

    private static String stateCode(String raw) {
        String code = raw.strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{2}")) {
            throw ProblemException.invalid("state", FieldError.PATH, "state_code", "must be a two-letter state code");
        }
        return code;
    }
}
