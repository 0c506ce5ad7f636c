package org.lct.district.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

/**
 * Writes the streamed CSV exports. List operations declare their JSON type (for the OpenAPI document), so Quarkus
 * REST picks writers for that type when it builds the endpoint; this writer claims text/csv for any declared type
 * and streams the {@link StreamingOutput} the resource returned instead of a JSON page.
 */
@Provider
@Produces(ReadSupport.CSV)
public class CsvExportWriter implements MessageBodyWriter<Object> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return mediaType.isCompatible(ReadSupport.CSV_TYPE);
    }

    @Override
    public void writeTo(Object entity, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        if (!(entity instanceof StreamingOutput export)) {
            throw new IllegalStateException("text/csv is only answered by streamed exports");
        }
        export.write(out);
    }
}
