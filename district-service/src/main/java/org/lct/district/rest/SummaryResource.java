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
import org.jboss.resteasy.reactive.RestResponse;
import org.lct.district.model.Summary;
import org.lct.district.service.LctService;

@Path("/api/v1/summary")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "LCT", description = "Current LCT values, rankings and statistics.")
public class SummaryResource {

    private final LctService lct;
    private final ReadSupport reads;

    public SummaryResource(LctService lct, ReadSupport reads) {
        this.lct = lct;
        this.reads = reads;
    }

    @GET
    @Operation(operationId = "getNationalSummary", summary = "National LCT statistics",
            description = "Per staff scope, for the whole nation (geography US): districts with a result, valid ones, "
                    + "mean, median, percentiles, minimum, maximum, standard deviation and the enrollment-weighted LCT "
                    + "of the current run, from the lct_summary_stats table.")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = ApiDocs.RESULT_YEAR, example = "2023-24")
    @Parameter(name = "scope", in = ParameterIn.QUERY, description = ApiDocs.SCOPES, example = "teachers_only")
    public RestResponse<Summary> getNationalSummary(@Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("year", "scope"));
        String year = query.year("year", query.defaultResultYear());
        List<String> scopes = query.scopes("scope");
        return reads.respond(query, uri, headers, () -> lct.summarize(LctService.NATION, year, scopes));
    }
}
