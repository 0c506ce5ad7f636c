package org.lct.common.values;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lct.common.problem.RequestViolations;

/**
 * A school year as NCES writes it, {@code YYYY-YY} with two consecutive years (2023-24), as the schema's
 * school_year domain requires. Parsed here only, for files and requests alike.
 */
public record SchoolYear(String value) implements Comparable<SchoolYear> {

    /** The rule a malformed year breaks, in every problem answer and import report. */
    public static final String RULE = "school_year_format";

    private static final Pattern FORMAT = Pattern.compile("((?:19|20)[0-9]{2})-([0-9]{2})");

    public SchoolYear {
        if (value == null || !consecutive(FORMAT.matcher(value))) {
            throw new IllegalArgumentException("not a school year as YYYY-YY: " + value);
        }
    }

    /** The year in {@code raw} (surrounding blanks ignored); empty when it is not {@code YYYY-YY} of consecutive years. */
    public static Optional<SchoolYear> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String trimmed = raw.strip();
        return consecutive(FORMAT.matcher(trimmed)) ? Optional.of(new SchoolYear(trimmed)) : Optional.empty();
    }

    /** The sentence for a malformed year, quoting (the start of) what was sent. */
    public static String problem(String raw) {
        return "must be a school year as YYYY-YY with consecutive years (2023-24), got '"
                + RequestViolations.abbreviate(String.valueOf(raw)) + "'";
    }

    private static boolean consecutive(Matcher matcher) {
        return matcher.matches()
                && (Integer.parseInt(matcher.group(1)) + 1) % 100 == Integer.parseInt(matcher.group(2));
    }

    @Override
    public int compareTo(SchoolYear other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
