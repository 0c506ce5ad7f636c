package org.lct.system.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection. The JDK's client refuses to send what a fuzzer must
 * (a NUL or a raw non-ASCII byte in a header, a path it would re-encode), so requests are written byte for byte.
 * A 2xx or 3xx answer is not read past its headers (an export can be megabytes); an error body is read up to 256 KiB.
 */
public final class RawHttp {

    private static final int MAX_ERROR_BODY = 256 * 1024;
    private static final int TIMEOUT_MILLIS = 60_000;

    /** One header; {@code value} is sent as its ISO-8859-1 bytes, so any byte can be expressed. */
    public record Header(String name, String value) {

        /** A header whose value is sent as its UTF-8 bytes. */
        public static Header utf8(String name, String value) {
            return new Header(name, new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
    }

    public record Response(int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /** Sends {@code method rawTarget} (already percent-encoded as wanted) to {@code service}. */
    public static Response send(URI service, String method, String rawTarget, List<Header> headers, byte[] body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(service.getHost(), service.getPort()), 10_000);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            latin1(request, method + " " + rawTarget + " HTTP/1.1\r\n");
            latin1(request, "Host: " + service.getHost() + ":" + service.getPort() + "\r\n");
            latin1(request, "Connection: close\r\n");
            for (Header header : headers) {
                latin1(request, header.name() + ": " + header.value() + "\r\n");
            }
            if (body != null) {
                latin1(request, "Content-Length: " + body.length + "\r\n");
            }
            latin1(request, "\r\n");
            if (body != null) {
                request.write(body);
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 431) and close before it has read everything; read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed without an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new HashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.merge(header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
        }
        if (status < 400) {
            return new Response(status, headers, new byte[0]);
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (String size = line(in); size != null && !size.isBlank(); size = line(in)) {
                int length = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (length == 0 || chunks.size() > MAX_ERROR_BODY) {
                    break;
                }
                chunks.write(in.readNBytes(length));
                line(in);
            }
            body = chunks.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes((int) Math.min(Long.parseLong(headers.get("content-length")), MAX_ERROR_BODY));
        } else {
            body = in.readNBytes(MAX_ERROR_BODY);
        }
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void latin1(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
