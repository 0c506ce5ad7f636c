package org.lct.district.rest;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.lct.district.model.EnrichmentCandidate;
import org.lct.district.model.EnrichmentProgress;
import org.lct.district.model.Listing;
import org.lct.district.service.StateService;

@Path("/api/v1/enrichment")
@Produces({MediaType.APPLICATION_JSON, ReadSupport.CSV})
@Tag(name = "Enrichment", description = "How far bell-schedule collection has come, and where to collect next.")
public class EnrichmentResource {

    private final StateService states;
    private final ReadSupport reads;

    public EnrichmentResource(StateService states, ReadSupport reads) {
        this.states = states;
        this.reads = reads;
    }

    @GET
    @Path("/progress")
    @Operation(operationId = "listEnrichmentProgress", summary = "Bell-schedule coverage per state",
            description = "Per jurisdiction: districts, districts with a collected bell schedule, students, students "
                    + "covered and both as percentages, over each district's newest NCES year (statutory fallbacks "
                    + "do not count), from the mv_state_enrichment_progress view.")
    @Parameter(name = "state", in = ParameterIn.QUERY, description = ApiDocs.STATE, example = "CA,OR")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Listing<EnrichmentProgress>> listEnrichmentProgress(@Context UriInfo uri,
            @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("state", "format"));
        List<String> codes = query.states("state");
        return reads.respond(query, uri, headers,
                () -> Listing.of(states.enrichmentProgress(codes), query.echo()),
                "enrichment-progress", out -> states.exportEnrichmentProgress(codes, out));
    }

    @GET
    @Path("/candidates")
    @Operation(operationId = "listEnrichmentCandidates", summary = "Largest districts without a bell schedule",
            description = "Per state, the districts with students and no collected bell schedule, largest first (ties "
                    + "by nces_id), with their rank among all districts of the state, from the "
                    + "mv_unenriched_districts view: where collecting a schedule covers the most students.")
    @Parameter(name = "state", in = ParameterIn.QUERY, description = ApiDocs.STATE, example = "CA")
    @Parameter(name = "per_state", in = ParameterIn.QUERY, example = "10",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "400", defaultValue = "10"),
            description = "Candidates per state, 1 to 400. Default: 10.")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Listing<EnrichmentCandidate>> listEnrichmentCandidates(@Context UriInfo uri,
            @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("state", "per_state", "format"));
        List<String> codes = query.states("state");
        int perState = query.integer("per_state", 1, 400, 10);
        return reads.respond(query, uri, headers,
                () -> Listing.of(states.enrichmentCandidates(codes, perState), query.echo()),
                "enrichment-candidates", out -> states.exportEnrichmentCandidates(codes, perState, out));
    }
}
