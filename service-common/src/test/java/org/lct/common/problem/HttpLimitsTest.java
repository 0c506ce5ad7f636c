package org.lct.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Refusals of the HTTP layer, sent over a raw socket as a hostile client would: each is a problem+json naming the
 * limit, never an empty answer or a 500.
 */
@QuarkusTest
class HttpLimitsTest {

    @TestHTTPResource("/")
    URL root;

    /** Sends the raw request and answers the raw response (the server closes or the read times out). */
    private String exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    String text = answer.toString(StandardCharsets.UTF_8);
                    int end = text.indexOf("\r\n\r\n");
                    if (end > 0 && text.contains("\"status\"") && text.trim().endsWith("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // what arrived is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(String response, int status, String field) {
        assertTrue(response.startsWith("HTTP/1.1 " + status + " ") || response.startsWith("HTTP/1.0 " + status + " "),
                response.lines().findFirst().orElse("<no answer>"));
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"field\":\"" + field + "\""), response);
    }

    private String host() {
        return "Host: " + root.getHost() + ":" + root.getPort() + "\r\n";
    }

    @Test
    void shouldAnswerATooLongRequestLineWith414NamingTheLimit() throws IOException {
        String response = exchange("GET /probe?size=1&pad=" + "x".repeat(9000) + " HTTP/1.1\r\n" + host()
                + "Connection: close\r\n\r\n", null);
        assertProblem(response, 414, "request_target");
        assertTrue(response.contains("8192"), response);
    }

    @Test
    void shouldAnswerTooLargeHeadersWith431NamingTheLimit() throws IOException {
        String response = exchange("GET /probe?size=1 HTTP/1.1\r\n" + host() + "X-Padding: " + "y".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n", null);
        assertProblem(response, 431, "headers");
        assertTrue(response.contains("16384"), response);
    }

    @Test
    void shouldAnswerABodyOverTheLimitWith413NamingTheLimit() throws IOException {
        String response = exchange("POST /probe/strict HTTP/1.1\r\n" + host()
                + "Content-Type: application/json\r\nContent-Length: 20000000\r\nConnection: close\r\n\r\n",
                "{\"name\":".getBytes(StandardCharsets.UTF_8));
        assertProblem(response, 413, "body");
    }

    @Test
    void shouldAnswerARequestWithoutHostWith400() throws IOException {
        String response = exchange("GET /probe?size=1 HTTP/1.0\r\n\r\n", null);
        assertProblem(response, 400, "Host");
    }

    @Test
    void shouldAnswerAMultipartBodyCutBeforeItsClosingBoundaryWith400() throws IOException {
        String body = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nheader\r\nrow\r\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String response = exchange("POST /probe/upload HTTP/1.1\r\n" + host()
                + "Content-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n", bytes);
        assertProblem(response, 400, "body");
        assertTrue(response.contains("\"rule\":\"multipart\""), response);
    }

    @Test
    void shouldStillAnswerAnOrdinaryRequest() throws IOException {
        String response = exchange("GET /probe?size=3 HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n", null);
        assertEquals("HTTP/1.1 200 OK", response.lines().findFirst().orElse(""));
    }
}
