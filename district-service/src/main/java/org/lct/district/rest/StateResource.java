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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.lct.district.model.Listing;
import org.lct.district.model.State;
import org.lct.district.model.StateDetail;
import org.lct.district.model.StateRequirement;
import org.lct.district.model.Summary;
import org.lct.district.service.LctService;
import org.lct.district.service.StateService;

@Path("/api/v1/states")
@Produces({MediaType.APPLICATION_JSON, ReadSupport.CSV})
@Tag(name = "States", description = "States and other jurisdictions: districts, instructional-time requirements, LCT statistics.")
public class StateResource {

    private final StateService states;
    private final LctService lct;
    private final ReadSupport reads;

    public StateResource(StateService states, LctService lct, ReadSupport reads) {
        this.states = states;
        this.lct = lct;
        this.reads = reads;
    }

    @GET
    @Operation(operationId = "listStates", summary = "List states",
            description = "The 50 states, DC, the territories and the Bureau of Indian Education with their number "
                    + "of districts and students in one NCES year, by code.")
    @Parameter(name = "state", in = ParameterIn.QUERY, description = ApiDocs.STATE, example = "CA,OR")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = ApiDocs.YEAR, example = "2023-24")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Listing<State>> listStates(@Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("state", "year", "format"));
        List<String> codes = query.states("state");
        String year = query.year("year", query.defaultYear());
        return reads.respond(query, uri, headers, () -> Listing.of(states.listStates(year, codes), query.echo()),
                "states", out -> states.exportStates(year, codes, out));
    }

    @GET
    @Path("/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getState", summary = "Get a state",
            description = "One jurisdiction with its districts and students in one NCES year, the instructional-time "
                    + "requirement per school level in effect that year, and its bell-schedule coverage.")
    @Parameter(name = "code", in = ParameterIn.PATH, description = ApiDocs.STATE_CODE, example = "CA")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = ApiDocs.YEAR, example = "2023-24")
    public RestResponse<StateDetail> getState(@RestPath String code, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("year"));
        String state = query.stateCode("code", code);
        String year = query.year("year", query.defaultYear());
        return reads.respond(query, uri, headers, () -> states.findState(state, year));
    }

    @GET
    @Path("/{code}/requirements")
    @Operation(operationId = "listStateRequirements", summary = "List a state's instructional-time requirements",
            description = "Every statutory minimum of the state, per school level and the year it took effect, with "
                    + "the statute cited, its URL and the state's words on what counts as instructional time.")
    @Parameter(name = "code", in = ParameterIn.PATH, description = ApiDocs.STATE_CODE, example = "CA")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Listing<StateRequirement>> listStateRequirements(@RestPath String code,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("format"));
        String state = query.stateCode("code", code);
        return reads.respond(query, uri, headers,
                () -> Listing.of(states.findRequirements(state), query.echo()),
                "requirements", out -> states.exportRequirements(state, out));
    }

    @GET
    @Path("/{code}/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getStateSummary", summary = "LCT statistics of a state",
            description = "Per staff scope: districts with a result, valid ones, mean, median, 10th/25th/75th/90th "
                    + "percentiles, minimum, maximum, standard deviation and the enrollment-weighted LCT of the "
                    + "current run, from the lct_summary_stats table. Empty scopes before the first run.")
    @Parameter(name = "code", in = ParameterIn.PATH, description = ApiDocs.STATE_CODE, example = "CA")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = ApiDocs.RESULT_YEAR, example = "2023-24")
    @Parameter(name = "scope", in = ParameterIn.QUERY, description = ApiDocs.SCOPES, example = "teachers_only")
    public RestResponse<Summary> getStateSummary(@RestPath String code, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("year", "scope"));
        String state = query.stateCode("code", code);
        String year = query.year("year", query.defaultResultYear());
        List<String> scopes = query.scopes("scope");
        return reads.respond(query, uri, headers, () -> lct.summarize(state, year, scopes));
    }
}
