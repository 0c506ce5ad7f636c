package org.lct.system.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The catalogue of hostile values: as raw bytes for a parameter (percent-encoded into a URL, or sent as they are in a
 * header) and as raw JSON text for a body field, so that what no encoder produces (invalid UTF-8, a lone surrogate
 * escape, 1e309) can be sent.
 */
public final class HostileValues {

    /** One value: what it is, its kind, and its bytes. {@code repeated} sends a query parameter twice. */
    public record Value(String label, String kind, byte[] bytes, boolean repeated) {

        public boolean invalidText() {
            return kind.equals(INVALID_TEXT);
        }
    }

    public static final String WRONG_TYPE = "wrong type";
    public static final String NUMBER = "number range";
    public static final String SIZE = "size";
    public static final String INVALID_TEXT = "invalid text";
    public static final String ODD_TEXT = "odd text";
    public static final String INJECTION = "injection";
    public static final String CONTROL = "control characters";

    private static final String LONG = "a".repeat(10_000);
    private static final List<String> INJECTIONS = List.of("' OR 1=1--", "1; DROP TABLE districts;--",
            "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "{{7*7}}", "${7*7}", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/a}", "%_*", "\" OR \"\"=\"");

    private HostileValues() {
    }

    /** Values for a path, query or header parameter, whatever its declared type. */
    public static List<Value> forParameter() {
        List<Value> values = new ArrayList<>();
        text(values, WRONG_TYPE, "abc", "true", "[1,2]", "{\"a\":1}");
        values.add(new Value("repeated", WRONG_TYPE, "1".getBytes(StandardCharsets.UTF_8), true));
        text(values, NUMBER, "-1", "0", "-0", "99999999999999999999", "1e309", "1.5", "NaN", "-2147483649", "0x1F",
                " 7 ");
        text(values, SIZE, "", LONG);
        bytes(values, INVALID_TEXT, "NUL", "61 00 62");
        bytes(values, INVALID_TEXT, "invalid UTF-8 C3 28", "c3 28");
        bytes(values, INVALID_TEXT, "invalid UTF-8 FF", "ff");
        bytes(values, INVALID_TEXT, "overlong UTF-8 C0 AF", "c0 af");
        bytes(values, INVALID_TEXT, "UTF-8 of a lone surrogate", "ed a0 80");
        text(values, ODD_TEXT, "\uFEFF1", "\u202Eabc", "\uFFFD", "%");
        text(values, INJECTION, INJECTIONS.toArray(String[]::new));
        text(values, CONTROL, "\t", "\r\n", "\u0001\u001F\u007F", "\u0085", "\u2028");
        return values;
    }

    /** Values for one property of a JSON body, as JSON text. */
    public static List<Value> forBodyField(JsonNode schema) {
        List<Value> values = new ArrayList<>();
        json(values, WRONG_TYPE, "\"abc\"", "123", "true", "[]", "[1,\"a\"]", "{}", "{\"a\":1}", "null");
        json(values, NUMBER, "-1", "0", "-0", "1.5", "1e309", "-1e309", "99999999999999999999", "2147483648",
                "-2147483649", "1E2");
        json(values, SIZE, "\"\"", quoted(LONG));
        if (schema.has("maxLength")) {
            json(values, SIZE, quoted("b".repeat(schema.get("maxLength").asInt() + 1)));
        }
        if (schema.has("maxItems")) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i <= schema.get("maxItems").asInt(); i++) {
                items.add("\"https://example.org/" + i + "\"");
            }
            json(values, SIZE, "[" + String.join(",", items) + "]");
        }
        json(values, INVALID_TEXT, "\"a\\u0000b\"", "\"a\\ud800b\"", "\"\\udc00\"");
        bytes(values, INVALID_TEXT, "invalid UTF-8 C3 28 in a string", "22 c3 28 22");
        bytes(values, INVALID_TEXT, "invalid UTF-8 FF in a string", "22 ff 22");
        bytes(values, INVALID_TEXT, "overlong UTF-8 C0 AF in a string", "22 c0 af 22");
        bytes(values, INVALID_TEXT, "UTF-8 of a lone surrogate in a string", "22 ed a0 80 22");
        json(values, ODD_TEXT, "\"\uFEFFx\"", "\"\u202Eabc\"");
        for (String injection : INJECTIONS) {
            json(values, INJECTION, quoted(injection));
        }
        json(values, CONTROL, "\"\\u0001\\u001f\\u007f\"", "\"line\\nbreak\\ttab\"", "\"\u0085\u2028\"");
        if (schema.path("type").asText().equals("array")) {
            // each string as the one item of the array, so the items' own rules are met too
            List<Value> items = new ArrayList<>();
            for (Value value : values) {
                if (value.bytes().length > 0 && value.bytes()[0] == '"') {
                    items.add(new Value("[" + value.label() + "]", value.kind(), concat(new byte[] {'['},
                            value.bytes(), new byte[] {']'}), false));
                }
            }
            values.addAll(items);
        }
        return values;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    public static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }

    private static void text(List<Value> values, String kind, String... texts) {
        for (String text : texts) {
            values.add(new Value(printable(text), kind, text.getBytes(StandardCharsets.UTF_8), false));
        }
    }

    private static void json(List<Value> values, String kind, String... fragments) {
        for (String fragment : fragments) {
            values.add(new Value(printable(fragment), kind, fragment.getBytes(StandardCharsets.UTF_8), false));
        }
    }

    private static void bytes(List<Value> values, String kind, String label, String hex) {
        values.add(new Value(label, kind, HexFormat.of().parseHex(hex.replace(" ", "")), false));
    }

    /** A label a report can print: long values shortened, control characters escaped. */
    static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 12) + "…(" + text.length() + " chars)" : text;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x202E || c == 0xFEFF) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
