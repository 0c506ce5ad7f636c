package org.lct.importer;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

import org.lct.common.values.NcesId;
import org.lct.common.values.SchoolYear;

/** Parses one field, recording a problem (and returning null) when it breaks its rule. */
final class Values implements RuleSink {

    static final int MIN_MINUTES = 120;
    static final int MAX_MINUTES = 480;

    private final Problems problems;
    private final Integer line;

    Values(Problems problems, Integer line) {
        this.problems = problems;
        this.line = line;
    }

    @Override
    public void fail(String field, String rule, String message) {
        problems.add(line, field, rule, message);
    }

    String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            fail(field, "required", "is required");
            return null;
        }
        return maxLength(field, value.strip(), maxLength);
    }

    String maxLength(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            fail(field, "max_length", "is longer than " + maxLength + " characters");
            return null;
        }
        return value;
    }

    /** A count such as NCES's {@code 5821.0}: a whole, non-negative number. Null stays null. */
    Integer count(String field, String value) {
        BigDecimal number = number(field, value);
        if (number == null) {
            return null;
        }
        if (number.signum() < 0) {
            fail(field, "non_negative", "must not be negative, got " + value);
            return null;
        }
        try {
            return number.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            fail(field, "whole_number", "must be a whole number, got " + value);
            return null;
        }
    }

    /** A non-negative decimal with at most {@code scale} decimals (the column's precision; no silent rounding). */
    BigDecimal decimal(String field, String value, int scale, BigDecimal max) {
        BigDecimal number = number(field, value);
        if (number == null) {
            return null;
        }
        if (number.signum() < 0) {
            fail(field, "non_negative", "must not be negative, got " + value);
            return null;
        }
        if (number.stripTrailingZeros().scale() > scale) {
            fail(field, "precision", "must have at most " + scale + " decimals, got " + value);
            return null;
        }
        if (number.compareTo(max) > 0) {
            fail(field, "maximum", "must be at most " + max.toPlainString() + ", got " + value);
            return null;
        }
        return number;
    }

    Integer minutes(String field, String value) {
        Integer minutes = count(field, value);
        if (minutes != null && (minutes < MIN_MINUTES || minutes > MAX_MINUTES)) {
            fail(field, "instructional_minutes_plausible",
                    "must be between " + MIN_MINUTES + " and " + MAX_MINUTES + " minutes a day, got " + minutes);
            return null;
        }
        return minutes;
    }

    /** An NCES LEA id of 1 to 7 digits, padded to 7. */
    String ncesId(String field, String value) {
        return NcesId.parse(value).map(NcesId::value).orElseGet(() -> {
            fail(field, NcesId.RULE, NcesId.problem(value));
            return null;
        });
    }

    /** {@code YYYY-YY} with consecutive years, as the schema's school_year domain requires. */
    String schoolYear(String field, String value) {
        if (value == null) {
            fail(field, "required", "is required");
            return null;
        }
        return SchoolYear.parse(value).map(SchoolYear::value).orElseGet(() -> {
            fail(field, SchoolYear.RULE, SchoolYear.problem(value));
            return null;
        });
    }

    LocalTime time(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalTime.parse(value.length() == 4 ? "0" + value : value);
        } catch (DateTimeParseException e) {
            fail(field, "time_format", "must be a time like 08:15, got '" + value + "'");
            return null;
        }
    }

    private BigDecimal number(String field, String value) {
        if (value == null || value.equalsIgnoreCase("nan") || value.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            fail(field, "number", "must be a number, got '" + value + "'");
            return null;
        }
    }
}
