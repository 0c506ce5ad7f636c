package org.lct.district.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The generator gives the text/csv answer of a list the JSON schema of its page; a CSV is text with a header row.
 * Also documents the caching headers every read answers with.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class CsvResponsesFilter implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        // Query parameters are parsed from strings; undeclared ones are strings for generated clients too.
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(p -> p.getSchema() == null && p.getContent() == null)
                    .forEach(p -> p.setSchema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))));
        }
        if (operation.getResponses() == null) {
            return operation;
        }
        APIResponse ok = operation.getResponses().getAPIResponse("200");
        if (ok == null || ok.getContent() == null) {
            return operation;
        }
        MediaType csv = ok.getContent().getMediaType(ReadSupport.CSV);
        if (csv != null) {
            csv.setSchema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                    .description("RFC 4180 CSV with a header row of the JSON item field names, one row per item, "
                            + "every matching row (no pages); arrays joined with ';', empty field for null."));
        }
        ok.addHeader("ETag", OASFactory.createHeader().description(
                "Weak tag of the data version and the request; send it back in If-None-Match to get 304 when "
                        + "nothing changed.").schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))));
        ok.addHeader("Cache-Control", OASFactory.createHeader().description(
                "public, max-age=<lct.district.cache-max-age seconds>.")
                .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))));
        if (!operation.getResponses().hasAPIResponse("304")) {
            operation.getResponses().addAPIResponse("304", OASFactory.createAPIResponse()
                    .description("Not modified: If-None-Match named the current ETag."));
        }
        return operation;
    }
}
