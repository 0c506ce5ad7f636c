package org.lct.common.problem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects every bad request parameter before answering, so a client learns all its mistakes in one 400
 * (as the College Scorecard API does) instead of one per round trip. Parameters arrive as strings and are
 * parsed here: a JAX-RS converter failure would answer 404 for the first bad value only.
 */
public final class RequestViolations {

    private final List<FieldError> errors = new ArrayList<>();

    public RequestViolations add(String field, String in, String rule, String message) {
        errors.add(new FieldError(field, in, rule, message));
        return this;
    }

    /** Query parameters outside {@code allowed} are mistakes (a typo would otherwise silently widen a filter). */
    public RequestViolations rejectUnknownQueryParameters(Collection<String> sent, Set<String> allowed) {
        for (String name : new TreeSet<>(sent)) {
            if (!allowed.contains(name)) {
                add(name, FieldError.QUERY, "known_parameter",
                        "unknown parameter; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    /** A whole number within [min, max]; null when absent or invalid (the violation is recorded). */
    public Integer integer(String field, String raw, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        int value;
        try {
            value = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            add(field, FieldError.QUERY, "integer", "must be a whole number, got '" + abbreviate(raw) + "'");
            return null;
        }
        if (value < min) {
            add(field, FieldError.QUERY, "minimum", "must be at least " + min + ", got " + value);
            return null;
        }
        if (value > max) {
            add(field, FieldError.QUERY, "maximum", "must be at most " + max + ", got " + value);
            return null;
        }
        return value;
    }

    /** A decimal number; null when absent or invalid (the violation is recorded). */
    public BigDecimal decimal(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(raw.strip());
        } catch (NumberFormatException e) {
            add(field, FieldError.QUERY, "number", "must be a number, got '" + abbreviate(raw) + "'");
            return null;
        }
    }

    /** Records {@code range_order} when both bounds are present and the lower one is above the upper one. */
    public <T extends Comparable<T>> RequestViolations orderedRange(String minField, T min, String maxField, T max) {
        if (min != null && max != null && min.compareTo(max) > 0) {
            add(minField, FieldError.QUERY, "range_order",
                    minField + " (" + min + ") must not be greater than " + maxField + " (" + max + ")");
        }
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Answers 400 with every violation collected so far, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** Echoing a client's value helps it, but a megabyte of it does not. */
    public static String abbreviate(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "…";
    }
}
