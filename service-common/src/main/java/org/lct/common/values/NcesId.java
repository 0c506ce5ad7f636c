package org.lct.common.values;

import java.util.Optional;
import java.util.regex.Pattern;

import org.lct.common.problem.RequestViolations;

/**
 * An NCES LEA id: 7 digits, 2 of state FIPS code and 5 of district. Spreadsheets drop the leading zero of states
 * 01–09, so 1 to 7 digits are accepted and padded back. Parsed here only, for files and requests alike, so the same
 * mistake gets the same rule and sentence from every service.
 */
public record NcesId(String value) {

    /** The rule a malformed id breaks, in every problem answer and import report. */
    public static final String RULE = "nces_id_format";

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,7}");

    public NcesId {
        if (value == null || value.length() != 7 || !DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("not a 7-digit NCES LEA id: " + value);
        }
    }

    /** The id in {@code raw} (surrounding blanks ignored), padded to 7 digits; empty when it is not 1–7 digits. */
    public static Optional<NcesId> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String trimmed = raw.strip();
        if (!DIGITS.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        return Optional.of(new NcesId("0".repeat(7 - trimmed.length()) + trimmed));
    }

    /** The sentence for a malformed id, quoting (the start of) what was sent. */
    public static String problem(String raw) {
        return "must be an NCES LEA id of up to 7 digits (0622710 or 622710), got '"
                + RequestViolations.abbreviate(String.valueOf(raw)) + "'";
    }

    /** The two-digit state FIPS code the id starts with. */
    public String stateFips() {
        return value.substring(0, 2);
    }

    @Override
    public String toString() {
        return value;
    }
}
