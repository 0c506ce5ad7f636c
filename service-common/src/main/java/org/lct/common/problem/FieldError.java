package org.lct.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One bad input: which field, where it was sent, which rule it broke, and a sentence for people.
 * {@code rule} is a stable snake_case identifier that clients may switch on; {@code message} may change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FieldError", description = "One bad input field and the rule it broke.")
public record FieldError(
        @Schema(description = "Name of the parameter, or the JSON path of a body field.", examples = "enrollment_min")
        String field,
        @Schema(description = "Where the field was sent.", enumeration = {"query", "path", "header", "body", "file"},
                examples = "query")
        String in,
        @Schema(description = "Stable identifier of the rule that was broken.", examples = "integer")
        String rule,
        @Schema(description = "Human-readable explanation.", examples = "must be a whole number, got 'ten'")
        String message,
        @Schema(description = "Line of an uploaded file the problem is on (the header is line 1), when it has one.",
                examples = "42")
        Integer line) {

    public FieldError(String field, String in, String rule, String message) {
        this(field, in, rule, message, null);
    }

    public static final String QUERY = "query";
    public static final String PATH = "path";
    public static final String HEADER = "header";
    public static final String BODY = "body";
    public static final String FILE = "file";
}
