package org.lct.enrichment.rest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.RequestViolations;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;
import org.lct.enrichment.model.LineageEntry;
import org.lct.enrichment.repository.LineageRepository;
import org.lct.enrichment.repository.LineageRepository.Filter;

@Path("/api/v1/lineage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lineage", description = "The trail of every change to the input data.")
public class LineageResource {

    private static final Set<String> ENTITIES = Set.of("states", "districts", "enrollment_by_grade", "staff_counts",
            "state_requirements", "bell_schedules", "bell_schedule_evidence");

    @Inject
    LineageRepository lineage;

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(operationId = "listLineage", summary = "Read the lineage trail",
            description = "Entries in the order the changes committed, each with the values before and after, the"
                    + " actor, reason, source and correlation (request or import) id.")
    public PageOf<LineageEntry> listLineage(
            @Parameter(description = "Table: " + "states, districts, enrollment_by_grade, staff_counts,"
                    + " state_requirements, bell_schedules, bell_schedule_evidence.", example = "bell_schedules")
            @RestQuery("entity") String entity,
            @Parameter(description = "Natural key, or its leading parts: 0634920 matches every entry of that"
                    + " district.", example = "0634920/2024-25/high") @RestQuery("key") String key,
            @Parameter(description = "Only entries recorded at or after this time (ISO 8601 with offset).",
                    example = "2026-11-01T00:00:00Z") @RestQuery("since") String since,
            @Parameter(description = "Only the entries of one request or import.", example = "5f0c4a7e-8f0e-4c52-9c1e-2a4d1f0b7c33")
            @RestQuery("correlation_id") String correlationId,
            @Parameter(description = "1-based page.", example = "1", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000000", defaultValue = "1")) @RestQuery("page") String page,
            @Parameter(description = "Page size, at most 500.", example = "100", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "100")) @RestQuery("size") String size,
            UriInfo uri) {
        RequestViolations violations = new RequestViolations().rejectUnknownQueryParameters(
                uri.getQueryParameters().keySet(), Set.of("entity", "key", "since", "correlation_id", "page", "size"));
        if (entity != null && !ENTITIES.contains(entity)) {
            violations.add("entity", FieldError.QUERY, "known_entity",
                    "must be one of " + String.join(", ", ENTITIES.stream().sorted().toList()));
        }
        OffsetDateTime sinceTime = null;
        if (since != null) {
            try {
                sinceTime = OffsetDateTime.parse(since);
            } catch (DateTimeParseException e) {
                violations.add("since", FieldError.QUERY, "date_time",
                        "must be an ISO 8601 time with offset, e.g. 2026-11-01T00:00:00Z");
            }
        }
        Paging paging = violations.paging(page, size, 100, 500);
        violations.throwIfAny();
        Filter filter = new Filter(entity, key, sinceTime, correlationId);
        return PageOf.of(paging, lineage.count(filter), lineage.find(filter, paging));
    }
}
