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
import org.lct.district.config.DistrictConfig;
import org.lct.district.model.LctFilter;
import org.lct.district.model.LctRow;
import org.lct.district.model.Listing;
import org.lct.district.model.Page;
import org.lct.district.model.PageRequest;
import org.lct.district.model.RankedLct;
import org.lct.district.model.RankingRequest;
import org.lct.district.repository.LctRepository;
import org.lct.district.service.LctService;

@Path("/api/v1/lct")
@Produces({MediaType.APPLICATION_JSON, ReadSupport.CSV})
@Tag(name = "LCT", description = "Current LCT values, rankings and statistics.")
public class LctResource {

    static final Set<String> LIST_PARAMETERS = Set.of("state", "year", "scope", "name", "enrollment_min",
            "enrollment_max", "lct_min", "lct_max", "valid", "minutes_source", "sort", "page", "size", "format");

    private final LctService lct;
    private final ReadSupport reads;
    private final DistrictConfig config;

    public LctResource(LctService lct, ReadSupport reads, DistrictConfig config) {
        this.lct = lct;
        this.reads = reads;
        this.config = config;
    }

    @GET
    @Operation(operationId = "listCurrentLct", summary = "List current LCT values",
            description = "The results of the newest successful run of the year: one row per district and staff "
                    + "scope with the minutes used and their source, staff, enrollment, LCT, validity and QA flags, "
                    + "from the current_lct view. Sortable fields: nces_id, name, state, scope, lct, "
                    + "enrollment, minutes. format=csv streams every matching row.")
    @Parameter(name = "state", in = ParameterIn.QUERY, description = ApiDocs.STATE, example = "CA")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = ApiDocs.RESULT_YEAR, example = "2023-24")
    @Parameter(name = "scope", in = ParameterIn.QUERY, description = ApiDocs.SCOPES, example = "teachers_only")
    @Parameter(name = "name", in = ParameterIn.QUERY, description = ApiDocs.NAME, example = "unified")
    @Parameter(name = "enrollment_min", in = ParameterIn.QUERY, description = ApiDocs.ENROLLMENT_MIN, example = "1000",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @Parameter(name = "enrollment_max", in = ParameterIn.QUERY, description = ApiDocs.ENROLLMENT_MAX, example = "50000",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @Parameter(name = "lct_min", in = ParameterIn.QUERY, description = ApiDocs.LCT_MIN, example = "15.5",
            schema = @Schema(type = SchemaType.NUMBER))
    @Parameter(name = "lct_max", in = ParameterIn.QUERY, description = ApiDocs.LCT_MAX, example = "30",
            schema = @Schema(type = SchemaType.NUMBER))
    @Parameter(name = "valid", in = ParameterIn.QUERY, example = "true", schema = @Schema(type = SchemaType.BOOLEAN),
            description = "true: only values that pass the validity rules; false: only those that do not.")
    @Parameter(name = "minutes_source", in = ParameterIn.QUERY, example = "bell_schedule",
            description = "Comma list of bell_schedule, state_requirement, default.")
    @Parameter(name = "sort", in = ParameterIn.QUERY, example = "-lct",
            description = "Comma list of nces_id, name, state, scope, lct, enrollment, minutes; prefix - for "
                    + "descending. Ties by nces_id, then scope. Default: nces_id,scope.")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = ApiDocs.PAGE, example = "1",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "1"))
    @Parameter(name = "size", in = ParameterIn.QUERY, description = ApiDocs.SIZE, example = "50",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "400", defaultValue = "50"))
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Page<LctRow>> listCurrentLct(@Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, LIST_PARAMETERS);
        LctFilter filter = new LctFilter(
                query.year("year", query.defaultResultYear()),
                query.states("state"),
                query.scopes("scope"),
                query.text("name"),
                query.integer("enrollment_min", 0, Integer.MAX_VALUE),
                query.integer("enrollment_max", 0, Integer.MAX_VALUE),
                query.decimal("lct_min"),
                query.decimal("lct_max"),
                query.bool("valid"),
                query.minutesSources("minutes_source"));
        query.range("enrollment_min", filter.enrollmentMin(), "enrollment_max", filter.enrollmentMax());
        query.range("lct_min", filter.lctMin(), "lct_max", filter.lctMax());
        PageRequest page = query.page(LctRepository.SORTABLE.keySet(), "nces_id,scope", config.defaultPageSize(),
                config.maxPageSize());
        return reads.respond(query, uri, headers, () -> lct.listCurrentLct(filter, page, query.echo()),
                "lct", out -> lct.exportCurrentLct(filter, page.sort(), out));
    }

    @GET
    @Path("/rankings")
    @Operation(operationId = "rankLct", summary = "Top or bottom districts by LCT",
            description = "The N districts with the highest (order=top) or lowest (order=bottom) LCT in one staff"
                    + " scope: per state when state is given, else nationally. Ties by nces_id. Only valid values by"
                    + " default (a value with an ERR_ flag is invalid, see the methodology); left_out.invalid counts"
                    + " the values left out, and validity=all ranks them too.")
    @Parameter(name = "state", in = ParameterIn.QUERY, example = "CA,TX",
            description = "Comma list of state codes: rank within each of them. Default: one national ranking.")
    @Parameter(name = "scope", in = ParameterIn.QUERY, description = ApiDocs.SCOPE, example = "teachers_only")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = ApiDocs.RESULT_YEAR, example = "2023-24")
    @Parameter(name = "order", in = ParameterIn.QUERY, example = "top",
            description = "top (highest LCT first) or bottom (lowest first). Default: top.")
    @Parameter(name = "limit", in = ParameterIn.QUERY, example = "10",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "10"),
            description = "Districts per ranking, 1 to 100. Default: 10.")
    @Parameter(name = "validity", in = ParameterIn.QUERY, example = "valid",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"valid", "all"}, defaultValue = "valid"),
            description = "valid (only values without an ERR_ flag) or all. Default: valid.")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Listing<RankedLct>> rankLct(@Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("state", "scope", "year", "order", "limit", "validity",
                "format"));
        List<String> states = query.states("state");
        String year = query.year("year", query.defaultResultYear());
        String scope = query.scope("scope", config.defaultScope(), year);
        boolean top = query.choice("order", List.of("top", "bottom"), "top").equals("top");
        int limit = query.integer("limit", 1, 100, 10);
        boolean includeInvalid = query.choice("validity", List.of("valid", "all"), "valid").equals("all");
        RankingRequest ranking = new RankingRequest(year, scope, states, top, limit, includeInvalid);
        return reads.respond(query, uri, headers,
                () -> includeInvalid
                        ? Listing.of(lct.rank(ranking), query.echo())
                        : Listing.leavingOutInvalid(lct.rank(ranking), query.echo(), lct.invalidLeftOut(ranking)),
                "lct-rankings", out -> lct.exportRanking(ranking, out));
    }
}
