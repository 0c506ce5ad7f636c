package org.lct.importer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ImportRejectedException(ImportProblem.ofFile("encoding",
                    "the file is not valid UTF-8; save it as UTF-8 and upload it again"));
        }
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
