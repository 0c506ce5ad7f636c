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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.lct.common.problem.ProblemException;
import org.lct.district.config.DistrictConfig;
import org.lct.district.model.BellSchedule;
import org.lct.district.model.DistrictDetail;
import org.lct.district.model.DistrictFilter;
import org.lct.district.model.DistrictSummary;
import org.lct.district.model.LctResult;
import org.lct.district.model.Listing;
import org.lct.district.model.Page;
import org.lct.district.model.PageRequest;
import org.lct.district.repository.DistrictRepository;
import org.lct.district.service.DistrictService;

@Path("/api/v1/districts")
@Produces({MediaType.APPLICATION_JSON, ReadSupport.CSV})
@Tag(name = "Districts", description = "School districts (NCES LEAs) with their figures, bell schedules and LCT.")
public class DistrictResource {

    static final Set<String> LIST_PARAMETERS = Set.of("state", "year", "name", "enrollment_min", "enrollment_max",
            "has_bell_schedule", "lct_min", "lct_max", "scope", "sort", "page", "size", "format");

    private final DistrictService districts;
    private final ReadSupport reads;
    private final DistrictConfig config;

    public DistrictResource(DistrictService districts, ReadSupport reads, DistrictConfig config) {
        this.districts = districts;
        this.reads = reads;
        this.config = config;
    }

    @GET
    @Operation(operationId = "listDistricts", summary = "List districts",
            description = "Districts of one NCES year with their enrollment, teacher FTE, whether a bell schedule was "
                    + "collected, and their current LCT in one staff scope. Filters combine with AND; the answer echoes "
                    + "them with defaults filled in. Pages of up to 400; format=csv (or Accept: text/csv) streams every "
                    + "matching row. Sortable fields: nces_id, name, state, enrollment, staff_fte, lct.")
    @Parameter(name = "state", in = ParameterIn.QUERY, description = ApiDocs.STATE, example = "CA,OR")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = ApiDocs.YEAR, example = "2023-24")
    @Parameter(name = "name", in = ParameterIn.QUERY, description = ApiDocs.NAME, example = "unified")
    @Parameter(name = "enrollment_min", in = ParameterIn.QUERY, description = ApiDocs.ENROLLMENT_MIN, example = "1000",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @Parameter(name = "enrollment_max", in = ParameterIn.QUERY, description = ApiDocs.ENROLLMENT_MAX, example = "50000",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @Parameter(name = "has_bell_schedule", in = ParameterIn.QUERY, description = ApiDocs.HAS_BELL_SCHEDULE,
            example = "true", schema = @Schema(type = SchemaType.BOOLEAN))
    @Parameter(name = "lct_min", in = ParameterIn.QUERY, description = ApiDocs.LCT_MIN, example = "15.5",
            schema = @Schema(type = SchemaType.NUMBER))
    @Parameter(name = "lct_max", in = ParameterIn.QUERY, description = ApiDocs.LCT_MAX, example = "30",
            schema = @Schema(type = SchemaType.NUMBER))
    @Parameter(name = "scope", in = ParameterIn.QUERY, description = ApiDocs.SCOPE, example = "teachers_only")
    @Parameter(name = "sort", in = ParameterIn.QUERY, example = "-enrollment,name",
            description = "Comma list of nces_id, name, state, enrollment, staff_fte, lct; prefix - for descending. "
                    + "Ties are broken by nces_id. Default: nces_id.")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = ApiDocs.PAGE, example = "1",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "1"))
    @Parameter(name = "size", in = ParameterIn.QUERY, description = ApiDocs.SIZE, example = "50",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "400", defaultValue = "50"))
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Page<DistrictSummary>> listDistricts(@Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, LIST_PARAMETERS);
        String year = query.year("year", query.defaultYear());
        DistrictFilter filter = new DistrictFilter(
                year,
                query.states("state"),
                query.text("name"),
                query.integer("enrollment_min", 0, Integer.MAX_VALUE),
                query.integer("enrollment_max", 0, Integer.MAX_VALUE),
                query.bool("has_bell_schedule"),
                query.decimal("lct_min"),
                query.decimal("lct_max"),
                query.scope("scope", config.defaultScope(), year));
        query.range("enrollment_min", filter.enrollmentMin(), "enrollment_max", filter.enrollmentMax());
        query.range("lct_min", filter.lctMin(), "lct_max", filter.lctMax());
        PageRequest page = query.page(DistrictRepository.SORTABLE.keySet(), "nces_id", config.defaultPageSize(),
                config.maxPageSize());
        return reads.respond(query, uri, headers, () -> districts.listDistricts(filter, page, query.echo()),
                "districts", out -> districts.exportDistricts(filter, page.sort(), out));
    }

    @GET
    @Path("/{nces_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDistrict", summary = "Get a district",
            description = "The district in one NCES year (its newest by default) with its state's requirement per "
                    + "school level, every bell schedule collected for it, and its current LCT per staff scope with "
                    + "the minutes used, where they came from (bell_schedule, state_requirement or default) and the "
                    + "run that produced the value.")
    @Parameter(name = "nces_id", in = ParameterIn.PATH, description = ApiDocs.NCES_ID, example = "0622710")
    @Parameter(name = "year", in = ParameterIn.QUERY, example = "2023-24",
            description = "NCES school year as YYYY-YY. Default: the district's newest year.")
    public RestResponse<DistrictDetail> getDistrict(@RestPath("nces_id") String ncesId, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("year"));
        String id = query.ncesId("nces_id", ncesId);
        String year = query.optionalYear("year");
        return reads.respond(query, uri, headers, ReadSupport.rendered(() -> districts.findDistrictById(id, year)
                .orElseThrow(() -> ProblemException.notFound("No district with NCES id " + id
                        + (year == null ? "" : " in " + year)))));
    }

    @GET
    @Path("/{nces_id}/bell-schedules")
    @Operation(operationId = "listDistrictBellSchedules", summary = "List a district's bell schedules",
            description = "Every bell schedule collected for the district, newest school year first, then elementary, "
                    + "middle, high; with the evidence (source URLs, description, schools sampled).")
    @Parameter(name = "nces_id", in = ParameterIn.PATH, description = ApiDocs.NCES_ID, example = "0634920")
    @Parameter(name = "year", in = ParameterIn.QUERY, example = "2024-25",
            description = "Only schedules for this school year (YYYY-YY). Default: every year.")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Listing<BellSchedule>> listDistrictBellSchedules(@RestPath("nces_id") String ncesId,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("year", "format"));
        String id = query.ncesId("nces_id", ncesId);
        String year = query.scheduleYear("year");
        return reads.respond(query, uri, headers,
                () -> Listing.of(districts.findBellSchedules(id, year), query.echo()),
                "bell-schedules", out -> districts.exportBellSchedules(id, year, out),
                () -> districts.requireDistrict(id));
    }

    @GET
    @Path("/{nces_id}/lct")
    @Operation(operationId = "listDistrictLctHistory", summary = "A district's LCT across runs",
            description = "Every LCT value of the district from every successful calculation run, newest run first, "
                    + "per staff scope, with the minutes and their source, staff, enrollment, validity and QA flags.")
    @Parameter(name = "nces_id", in = ParameterIn.PATH, description = ApiDocs.NCES_ID, example = "0622710")
    @Parameter(name = "scope", in = ParameterIn.QUERY, description = ApiDocs.SCOPES, example = "teachers_only,all")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = ApiDocs.FORMAT, example = "csv")
    public RestResponse<Listing<LctResult>> listDistrictLctHistory(@RestPath("nces_id") String ncesId, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of("scope", "format"));
        String id = query.ncesId("nces_id", ncesId);
        List<String> scopes = query.scopes("scope");
        return reads.respond(query, uri, headers,
                ReadSupport.rendered(() -> Listing.of(districts.findLctHistory(id, scopes), query.echo())),
                "lct-history", out -> districts.exportLctHistory(id, scopes, out),
                () -> districts.requireDistrict(id));
    }
}
