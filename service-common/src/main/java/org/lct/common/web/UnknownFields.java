package org.lct.common.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.JsonProblems;

/**
 * Unknown fields of the request body being read, collected instead of failing at the first one, so that the answer
 * names them together with every other problem of the body. Outside a body read ({@link BodyReading}) an unknown
 * field still fails at once, as {@code FAIL_ON_UNKNOWN_PROPERTIES} says.
 */
final class UnknownFields extends DeserializationProblemHandler {

    private static final ThreadLocal<List<FieldError>> COLLECTED = new ThreadLocal<>();

    /** Starts collecting on this thread; {@link #stop()} returns what was collected. */
    static void collect() {
        COLLECTED.set(new ArrayList<>());
    }

    static List<FieldError> stop() {
        List<FieldError> collected = COLLECTED.get();
        COLLECTED.remove();
        return collected == null ? List.of() : collected;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
        List<FieldError> collected = COLLECTED.get();
        if (collected == null) {
            return false;
        }
        // the path from the request's own parser: the one given may replay a buffered copy of the object
        collected.add(new FieldError(JsonProblems.pathOf(context.getParser(), propertyName), FieldError.BODY,
                "known_field", "unknown field"));
        parser.skipChildren();
        return true;
    }
}
