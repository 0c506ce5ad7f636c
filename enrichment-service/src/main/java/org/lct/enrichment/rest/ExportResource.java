package org.lct.enrichment.rest;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.lct.common.problem.RequestViolations;
import org.lct.enrichment.service.ExportService;
import org.lct.enrichment.service.StateFilter;

@Path("/api/v1/exports")
@Tag(name = "Exports")
public class ExportResource {

    @Inject
    ExportService exports;

    @Inject
    StateFilter stateFilter;

    @GET
    @Path("/bell-schedules")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "exportBellSchedules", summary = "All bell schedules in the reference JSON shape",
            description = "An object keyed by NCES id: district name, state, school year (the newest with schedules)"
                    + " and one object per grade level. POST it to /api/v1/imports/bell-schedules to load it"
                    + " elsewhere; importing it back here changes nothing.")
    @APIResponse(responseCode = "200", description = "The export.",
            content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    public Response exportBellSchedules(
            @Parameter(description = "Only this state.", example = "CA") @RestQuery("state") String state, UriInfo uri) {
        RequestViolations violations = new RequestViolations()
                .rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("state"));
        String code = stateFilter.code(violations, "state", state);
        violations.throwIfAny();
        return Response.ok(exports.exportBellSchedules(code))
                .header("Content-Disposition", "attachment; filename=\"bell_schedules.json\"").build();
    }
}
