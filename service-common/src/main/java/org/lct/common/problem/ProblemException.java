package org.lct.common.problem;

import java.util.List;

/**
 * Thrown by services to answer with a problem. Carries no stack trace: it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? "1 request field is invalid: " + errors.getFirst().field()
                : errors.size() + " request fields are invalid";
        return new ProblemException(400, ProblemTypes.INVALID_REQUEST, "Invalid request", detail, errors);
    }

    public static ProblemException invalid(String field, String in, String rule, String message) {
        return invalid(List.of(new FieldError(field, in, rule, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, ProblemTypes.NOT_FOUND, "Not found", detail, List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, ProblemTypes.CONFLICT, "Conflict", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
