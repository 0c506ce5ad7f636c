package org.lct.common.problem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.lct.common.web.UnstorableTextException;

/**
 * The one home of the rules a JSON body can break while it is read (unknown or duplicate field, wrong type, a
 * fraction or an out-of-range number for a whole-number field, text that cannot be stored, trailing content, bad
 * syntax), each as a 400 naming the field. Used by the exception mappers and by services that read JSON themselves
 * (a merge patch).
 */
public final class JsonProblems {

    private static final JsonFactory PLAIN = new JsonFactory();

    private JsonProblems() {
    }

    public static ProblemException of(JacksonException exception) {
        return ProblemException.invalid(List.of(errorOf(exception)));
    }

    static FieldError errorOf(JacksonException exception) {
        String original = exception.getOriginalMessage() == null ? "" : exception.getOriginalMessage();
        if (exception instanceof UnrecognizedPropertyException unknown) {
            return body(jsonPath(unknown), "known_field", "unknown field");
        }
        if (exception instanceof UnstorableTextException text) {
            return body(jsonPath(text), TextRules.NO_CONTROL_CHARACTERS, TextRules.MESSAGE);
        }
        if (exception instanceof InvalidFormatException bad) {
            if (isWholeNumber(bad.getTargetType()) && bad.getValue() instanceof Number) {
                // 360.5 for a whole-number field: refused, never truncated.
                return body(jsonPath(bad), "integer", "must be a whole number, got "
                        + RequestViolations.abbreviate(String.valueOf(bad.getValue())));
            }
            return body(jsonPath(bad), "type", "must be a " + describe(bad.getTargetType()) + ", got '"
                    + RequestViolations.abbreviate(String.valueOf(bad.getValue())) + "'");
        }
        if (exception instanceof MismatchedInputException mismatched) {
            if (original.startsWith("Trailing token")) {
                return body("$", "trailing_content", "the body must be one JSON value with nothing after it");
            }
            return body(jsonPath(mismatched), "type", "must be a " + describe(mismatched.getTargetType()));
        }
        if (exception instanceof JsonMappingException mapping) {
            if (mapping.getCause() instanceof InputCoercionException outOfRange) {
                return outOfRange(outOfRange, jsonPath(mapping));
            }
            return body(jsonPath(mapping), "json", "cannot be read as the expected JSON value");
        }
        if (exception instanceof InputCoercionException outOfRange) {
            return outOfRange(outOfRange, parserPath(outOfRange));
        }
        if (exception instanceof StreamReadException read && original.startsWith("Duplicate field")) {
            return body(parserPath(read), "duplicate_field", "appears more than once in its object");
        }
        var location = exception.getLocation();
        // Where the parser was (invalid UTF-8 inside a string names that string's field), else the whole body.
        String where = exception instanceof StreamReadException read ? parserPath(read) : "$";
        return body(where, "json_syntax", "is not valid JSON" + (location == null ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
    }

    /** A number beyond its field's type (10000000000 for a 32-bit integer), named by its field. */
    private static FieldError outOfRange(InputCoercionException exception, String field) {
        Class<?> target = exception.getTargetType();
        String range = target == Integer.TYPE || target == Integer.class ? " (" + Integer.MIN_VALUE + " to "
                + Integer.MAX_VALUE + ")" : target == Long.TYPE || target == Long.class ? " (64-bit)" : "";
        return body(field, "number_range", "is out of range for this field" + range);
    }

    private static FieldError body(String field, String rule, String message) {
        return new FieldError(field, FieldError.BODY, rule, message);
    }

    static String jsonPath(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                // Jackson reports the JSON name already (after the naming strategy).
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    /** The JSON path the parser was at when it refused the input (the field being read). */
    private static String parserPath(StreamReadException exception) {
        return exception.getProcessor() instanceof JsonParser parser ? pathOf(parser) : "$";
    }

    /** The JSON path of the value at byte {@code offset} of a JSON document: its first bytes, read as far as they go. */
    public static String fieldAt(byte[] json, int offset) {
        try (JsonParser parser = PLAIN.createParser(json, 0, offset)) {
            try {
                while (parser.nextToken() != null) {
                    // read up to the offset: the parser then stands in the value that holds it
                }
            } catch (IOException cutShort) {
                // expected: the prefix ends inside that value
            }
            return pathOf(parser);
        } catch (IOException e) {
            return "$";
        }
    }

    /** The JSON path of the field the parser is reading, e.g. {@code options.default_minutes} or {@code urls[2]}. */
    public static String pathOf(JsonParser parser) {
        return pathOf(parser.getParsingContext());
    }

    /**
     * The JSON path of the unknown field {@code name}, from the request's parser. Jackson reports a record's unknown
     * fields once it has read the object (the parser then stands on a later field or on the END_OBJECT); a bean's,
     * while the parser stands on the field.
     */
    public static String pathOf(JsonParser parser, String name) {
        JsonToken token = parser.currentToken();
        JsonStreamContext context = parser.getParsingContext();
        String object;
        if (token == JsonToken.END_OBJECT) {
            object = pathOf(context); // closed: the context is where the object stands in its parent
        } else {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                context = context.getParent(); // from the value's own context to the object holding the field
            }
            object = pathOf(context.getParent());
        }
        return object.equals("$") ? name : object + "." + name;
    }

    private static String pathOf(JsonStreamContext innermost) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext context = innermost; context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null) {
                parts.addFirst(context.getCurrentName());
            } else if (context.inArray()) {
                parts.addFirst("[" + Math.max(context.getCurrentIndex(), 0) + "]");
            }
        }
        String path = String.join(".", parts).replace(".[", "[");
        return path.isEmpty() ? "$" : path;
    }

    private static boolean isWholeNumber(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class;
    }

    /** Names JSON types, not Java classes. */
    private static String describe(Class<?> type) {
        if (type == null) {
            return "value of another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return type == Integer.class || type == int.class || type == Long.class || type == long.class
                    ? "whole number" : "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type.getName().startsWith("java.time.")) {
            return "date or time in ISO 8601 form";
        }
        if (type == String.class) {
            return "string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "JSON array";
        }
        return "JSON object";
    }
}
