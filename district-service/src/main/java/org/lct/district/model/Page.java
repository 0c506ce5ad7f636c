package org.lct.district.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.lct.common.web.Paged;

/** One page of a list, with the total over all pages and the filters as the server understood them (Link headers: PageLinks). */
@RegisterForReflection
@JsonPropertyOrder({"page", "size", "total", "sort", "filters", "items"})
@Schema(description = "One page of a list, with the total over all pages and the filters as the server understood them.")
public record Page<T>(
        @Schema(description = "Page number, from 1.", examples = "1") int page,
        @Schema(description = "Page size asked for (at most 400).", examples = "50") int size,
        @Schema(description = "Rows matching the filters, over all pages.", examples = "1985") long total,
        @Schema(description = "Sort applied, as field names, descending ones prefixed with '-'.", examples = "[\"-enrollment\", \"nces_id\"]")
        List<String> sort,
        @Schema(description = "Every filter applied, defaults included, with its parsed value.")
        Map<String, Object> filters,
        @Schema(description = "The rows of this page.") List<T> items) implements Paged {
}
