package org.lct.common.web;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import org.lct.common.problem.TextRules;

/**
 * One strict JSON reading for every service: a body is one JSON value and nothing after it, a field appears once,
 * a whole-number field takes only whole numbers (360.5 is refused, not truncated to 360), and a string obeys
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
