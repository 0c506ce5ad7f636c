package org.lct.district.model;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Everything a client needs to read the other answers: codes, their meanings, and every column's meaning. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Metadata", description = "Years, jurisdictions, vocabularies and the data dictionary, read from the database and its schema comments.")
public record Metadata(
        @Schema(description = "The year used when a request names none: the newest NCES year loaded.", examples = "2023-24") String defaultYear,
        @Schema(description = "NCES years loaded, newest first, with the current run of each.") List<Year> years,
        @Schema(description = "Jurisdictions.") List<Code> states,
        @Schema(description = "Staff scopes an LCT value is computed for.") List<Code> staffScopes,
        @Schema(description = "How a bell schedule's minutes were obtained.") List<Code> collectionMethods,
        @Schema(description = "Confidence levels of bell schedules, most trusted first.") List<Code> confidenceLevels,
        @Schema(description = "Where the minutes of an LCT value came from.") List<Code> minutesSources,
        @Schema(description = "Every column of the tables and views behind the API: type, unit and meaning.") List<Column> columns) {

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MetadataYear", description = "An NCES data year.")
    public record Year(
            @Schema(examples = "2023-24") String schoolYear,
            @Schema(description = "Districts loaded for the year.", examples = "17842") long districts,
            @Schema(description = "The newest successful run of the year; null before the first.", examples = "12") Long currentRunId) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MetadataCode", description = "A code of a vocabulary, its label and what it means.")
    public record Code(
            @Schema(examples = "teachers_only") String code,
            @Schema(examples = "LCT-Teachers") String label,
            @Schema(examples = "Kindergarten, elementary and secondary teachers; no pre-K, no ungraded.") String description) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "MetadataColumn", description = "A column of a table or view, documented by its schema comment.")
    public record Column(
            @Schema(examples = "districts") String table,
            @Schema(examples = "enrollment") String column,
            @Schema(description = "PostgreSQL type.", examples = "integer") String type,
            @Schema(description = "Unit of the values, where there is one.", examples = "students") String unit,
            @Schema(description = "Meaning, from the schema comment.") String description) {
    }
}
