package org.lct.importer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Input files are UTF-8; anything else is refused rather than read as mojibake into district names. */
final class TextFiles {

    /** The rule (and its wording) the services apply to every text a client sends; files obey it too. */
    static final String NO_CONTROL_CHARACTERS = "no_control_characters";
    static final String NUL_MESSAGE = "must not contain NUL (U+0000) or invalidly encoded characters";

    private TextFiles() {
    }

    static String decodeUtf8(byte[] content) {
        if (content.length == 0 || isBlank(content)) {
            throw new ImportRejectedException(ImportProblem.ofFile("not_empty", "the file is empty"));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        // UTF-8 never decodes to more characters than it has bytes
        CharBuffer out = CharBuffer.allocate(content.length);
        Problems problems = new Problems();
        int line = 1;
        int lineStart = 0;
        int scanned = 0;
        int lastReported = 0;
        for (CoderResult result = decoder.decode(in, out, true); result.isError(); result = decoder.decode(in, out, true)) {
            // the decoder stops at each malformed sequence: count the lines up to it, report it, step over it
            for (; scanned < in.position(); scanned++) {
                if (content[scanned] == '\n') {
                    line++;
                    lineStart = scanned + 1;
                }
            }
            if (line != lastReported) {
                problems.add(line, null, "encoding", "byte 0x%02X at column %d is not valid UTF-8; save the file as UTF-8 and upload it again"
                        .formatted(content[in.position()] & 0xFF, in.position() - lineStart + 1));
                lastReported = line;
            }
            in.position(in.position() + result.length());
        }
        problems.throwIfAny();
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static boolean isBlank(byte[] content) {
        for (byte b : content) {
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return false;
            }
        }
        return true;
    }
}
