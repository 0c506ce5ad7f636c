package org.lct.calculation.rest;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.lct.calculation.repository.DataDictionaryRepository;
import org.lct.calculation.repository.DataDictionaryRepository.Relation;
import org.lct.calculation.service.DataDictionaryService;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.RequestViolations;

/** The data dictionary, generated from the schema's comments. */
@Path("/api/v1/data-dictionary")
public class DataDictionaryResource {

    @Inject
    DataDictionaryRepository dictionary;

    @Inject
    DataDictionaryService markdown;

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
    @Tag(name = "Data dictionary")
    @Operation(operationId = "getDataDictionary", summary = "Every table, view and column with its meaning",
            description = "Generated from the schema comments; format=json (default) or markdown.")
    public Response get(@Parameter(description = "json or markdown.", example = "markdown") @RestQuery String format,
            UriInfo uri) throws Exception {
        RequestViolations violations = new RequestViolations();
        violations.rejectUnknownQueryParameters(uri.getQueryParameters().keySet(), Set.of("format"));
        String chosen = format == null ? "json" : violations.choice("format", FieldError.QUERY, format,
                List.of("json", "markdown"));
        violations.throwIfAny();
        List<Relation> relations = dictionary.relations();
        return "markdown".equals(chosen)
                ? Response.ok(markdown.render(relations), "text/markdown; charset=utf-8").build()
                : Response.ok(new Dictionary(relations), MediaType.APPLICATION_JSON).build();
    }

    public record Dictionary(List<Relation> relations) {
    }
}
