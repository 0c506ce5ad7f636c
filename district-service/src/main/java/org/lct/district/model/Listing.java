package org.lct.district.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A short list answered whole (states, a district's schedules, a run history), with the filters applied. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"total", "filters", "left_out", "items"})
@Schema(description = "A short list answered whole, with the filters applied.")
public record Listing<T>(
        @Schema(description = "Number of rows.", examples = "3") long total,
        @Schema(description = "Every filter applied, defaults included, with its parsed value.")
        Map<String, Object> filters,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Rows that matched the filters but the list leaves out by default, counted by reason"
                + " (invalid: values with an ERR_ flag; a parameter includes them). Absent when nothing is left out"
                + " by default.", examples = "{\"invalid\": 38}")
        Map<String, Long> leftOut,
        @Schema(description = "The rows.") List<T> items) {

    public static <T> Listing<T> of(List<T> items, Map<String, Object> filters) {
        return new Listing<>(items.size(), filters, null, items);
    }

    /** A list that leaves out {@code invalid} invalid values unless asked for them. */
    public static <T> Listing<T> leavingOutInvalid(List<T> items, Map<String, Object> filters, long invalid) {
        return new Listing<>(items.size(), filters, Map.of("invalid", invalid), items);
    }
}
