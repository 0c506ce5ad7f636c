package org.lct.district.rest;

import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.lct.district.model.Metadata;
import org.lct.district.service.CatalogueService;

@Path("/api/v1/metadata")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Metadata", description = "What the codes and columns of the other answers mean.")
public class MetadataResource {

    private final CatalogueService catalogue;
    private final ReadSupport reads;

    public MetadataResource(CatalogueService catalogue, ReadSupport reads) {
        this.catalogue = catalogue;
        this.reads = reads;
    }

    @GET
    @Operation(operationId = "getMetadata", summary = "Years, codes and the data dictionary",
            description = "The NCES years loaded (and the default year), jurisdictions, staff scopes with their "
                    + "definitions, collection methods, confidence levels, minutes sources, and every column of the "
                    + "tables and views behind this API with its type, unit and meaning, read from the schema's "
                    + "comments.")
    public RestResponse<Metadata> getMetadata(@Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters query = reads.parameters(uri, Set.of());
        return reads.respond(query, uri, headers, () -> catalogue.metadata(query.dataVersion()));
    }
}
