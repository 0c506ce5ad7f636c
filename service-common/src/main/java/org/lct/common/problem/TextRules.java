package org.lct.common.problem;

/**
 * The one rule every text a client sends obeys, wherever it arrives (path, query, header, JSON string, file field):
 * no NUL character and no unpaired UTF-16 surrogate (what an invalid encoding decodes to). PostgreSQL cannot store
 * either (SQLSTATE 22021), so they are refused as a 400 naming the field before any SQL runs.
 */
public final class TextRules {

    public static final String NO_CONTROL_CHARACTERS = "no_control_characters";
    public static final String MESSAGE = "must not contain NUL (U+0000) or invalidly encoded characters";

    private TextRules() {
    }

    /** True when the text can be stored as it is; null is fine (absence is checked elsewhere). */
    public static boolean isStorable(CharSequence text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The violation for a field whose text is not storable, or null when it is. */
    public static FieldError check(String field, String in, CharSequence text) {
        return isStorable(text) ? null : new FieldError(field, in, NO_CONTROL_CHARACTERS, MESSAGE);
    }
}
