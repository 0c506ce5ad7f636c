package org.lct.common.problem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.lct.common.values.NcesId;
import org.lct.common.values.SchoolYear;
import org.lct.common.web.Paging;

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

    /** One of {@code allowed}, sent {@code in} the query or body; null when absent or not allowed (the violation is recorded). */
    public String choice(String field, String in, String raw, List<String> allowed) {
        if (raw == null) {
            return null;
        }
        if (!allowed.contains(raw)) {
            add(field, in, "allowed_value", "must be one of " + String.join(", ", allowed) + ", got '"
                    + abbreviate(raw) + "'");
            return null;
        }
        return raw;
    }

    /** true or false (any case) as a query parameter; null when absent or malformed (the violation is recorded). */
    public Boolean bool(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                add(field, FieldError.QUERY, "boolean", "must be true or false, got '" + abbreviate(raw) + "'");
                yield null;
            }
        };
    }

    /** A resource id from the path, a positive whole number; null when malformed (the violation is recorded). */
    public Long pathId(String field, String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // recorded below
        }
        add(field, FieldError.PATH, "integer", "must be a positive whole number, got '"
                + abbreviate(String.valueOf(raw)) + "'");
        return null;
    }

    /** The path id alone: answers 400 at once when it is malformed. */
    public static long requirePathId(String field, String raw) {
        RequestViolations violations = new RequestViolations();
        Long id = violations.pathId(field, raw);
        violations.throwIfAny();
        return id;
    }

    /** An NCES LEA id sent {@code in} the query, path or body; null when absent or malformed (the violation is recorded). */
    public NcesId ncesId(String field, String in, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return NcesId.parse(raw).orElseGet(() -> {
            add(field, in, NcesId.RULE, NcesId.problem(raw));
            return null;
        });
    }

    /** A school year sent {@code in} the query, path or body; null when absent or malformed (the violation is recorded). */
    public SchoolYear schoolYear(String field, String in, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return SchoolYear.parse(raw).orElseGet(() -> {
            add(field, in, SchoolYear.RULE, SchoolYear.problem(raw));
            return null;
        });
    }

    /**
     * {@code page} (from 1) and {@code size} (1 to {@code maxSize}, {@code defaultSize} when absent): the paging of
     * every list, in every service. A bad value is recorded and its default used, so the rest can still be checked.
     */
    public Paging paging(String page, String size, int defaultSize, int maxSize) {
        Integer parsedPage = integer(Paging.PAGE, page, 1, Paging.MAX_PAGE);
        Integer parsedSize = integer(Paging.SIZE, size, 1, maxSize);
        return new Paging(parsedPage == null ? 1 : parsedPage, parsedSize == null ? defaultSize : parsedSize);
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
