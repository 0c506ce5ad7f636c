package org.lct.common.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.lct.common.problem.BodyValidation;
import org.lct.common.problem.CheckedBody;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;

/**
 * Reads a request body collecting its unknown fields ({@link UnknownFields}). A {@link CheckedBody} hands them to
 * the service, which answers them with its own checks ({@link BodyProblems}); any other body is refused here with
 * the unknown fields and its Bean Validation violations together.
 */
@Provider
public class BodyReading implements ReaderInterceptor {

    @Inject
    BodyProblems problems;

    @Inject
    BodyValidation validation;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        UnknownFields.collect();
        Object body;
        List<FieldError> unknown;
        try {
            body = context.proceed();
        } finally {
            unknown = UnknownFields.stop();
        }
        if (!unknown.isEmpty()) {
            if (body instanceof CheckedBody) {
                problems.add(unknown);
            } else {
                List<FieldError> errors = new ArrayList<>(unknown);
                if (body != null) {
                    errors.addAll(validation.violationsOf(body));
                }
                throw ProblemException.invalid(errors);
            }
        }
        return body;
    }
}
