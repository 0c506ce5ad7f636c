package org.lct.common.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;

import org.lct.common.problem.FieldError;

/** The problems found while reading this request's {@link org.lct.common.problem.CheckedBody}: its unknown fields. */
@RequestScoped
public class BodyProblems {

    private final List<FieldError> found = new ArrayList<>();

    void add(List<FieldError> errors) {
        found.addAll(errors);
    }

    /** To be answered with the service's own checks of the body, in one 400. */
    public List<FieldError> found() {
        return List.copyOf(found);
    }
}
