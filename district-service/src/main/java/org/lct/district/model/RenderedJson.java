package org.lct.district.model;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;

/**
 * A model value that PostgreSQL rendered as JSON text in the statement that read it, written to the answer as it is:
 * the same fields, in the same order and with the same values as Jackson writes {@code T} (snake_case names, nulls
 * written, timestamps ISO 8601 in UTC, decimals with their scale). {@code T} names the model it stands for.
 */
public class RenderedJson<T> implements JsonSerializable {

    private final String json;

    public RenderedJson(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
        generator.writeRawValue(json);
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer type)
            throws IOException {
        serialize(generator, serializers);
    }

    @Override
    public String toString() {
        return json;
    }
}
