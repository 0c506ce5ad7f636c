package org.lct.common.web;

import java.io.IOException;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import org.lct.common.problem.TextRules;

/**
 * One strict JSON reading for every service: a body is one JSON value and nothing after it, a field appears once,
 * a value has its field's type (no conversions between text, numbers and booleans), a whole-number field takes only
 * whole numbers (360.5 is refused, not truncated to 360), and a string obeys
 * {@link TextRules}. Each refusal is a Jackson exception that {@code ProblemMappers} names by field and rule; unknown
 * fields of a request body are collected and answered with the body's other problems ({@link BodyReading}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.addHandler(new UnknownFields());
        // A value has the type its field says: no "360" for a number, 360 for a text, "" for absent, "true" or 1 for
        // a boolean (each refused as a "type" problem naming the field, instead of being converted).
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("lct-storable-text").addDeserializer(String.class,
                new StorableStringDeserializer()));
    }

    /** Jackson's own string reading, then the text rule; a refusal is an {@link UnstorableTextException}. */
    static final class StorableStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (!TextRules.isStorable(value)) {
                throw new UnstorableTextException(parser, value);
            }
            return value;
        }
    }
}
