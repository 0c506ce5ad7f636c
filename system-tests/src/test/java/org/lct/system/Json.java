package org.lct.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain GETs of printed URLs, for checks that are about the URLs themselves rather than the generated clients. */
final class Json {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** GET {@code uri}, expect 200, return the body as text. */
    static String getText(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "GET " + uri + " answered:\n" + response.body());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET {@code uri}, expect 200 and JSON. */
    static JsonNode get(URI uri) {
        try {
            return MAPPER.readTree(getText(uri));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " did not answer JSON", e);
        }
    }
}
