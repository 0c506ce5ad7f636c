package org.lct.district.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A short list answered whole (states, a district's schedules, a run history), with the filters applied. */
@RegisterForReflection
@JsonPropertyOrder({"total", "filters", "items"})
@Schema(description = "A short list answered whole, with the filters applied.")
public record Listing<T>(
        @Schema(description = "Number of rows.", examples = "3") long total,
        @Schema(description = "Every filter applied, defaults included, with its parsed value.")
        Map<String, Object> filters,
        @Schema(description = "The rows.") List<T> items) {

    public static <T> Listing<T> of(List<T> items, Map<String, Object> filters) {
        return new Listing<>(items.size(), filters, items);
    }
}
