package org.lct.common.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.lct.common.problem.BodyValidation;
import org.lct.common.problem.CheckedBody;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.JsonProblems;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.TextRules;

/**
 * Reads a request body: a JSON body must be well-formed UTF-8, and its unknown fields are collected ({@link UnknownFields}). A {@link CheckedBody} hands them to
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
        if (isJson(context.getMediaType())) {
            context.setInputStream(new ByteArrayInputStream(strictUtf8(context.getInputStream().readAllBytes())));
        }
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

    private static boolean isJson(MediaType type) {
        return type != null && type.getType().equals("application")
                && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    }

    /**
     * The body, when it is well-formed UTF-8. Jackson's reader decodes some malformed forms (the overlong C0 AF reads
     * as '/'), so a JSON body is checked by the JDK's strict decoder first; the answer names the field it is in.
     */
    private static byte[] strictUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(body.length), true);
        if (result.isError()) {
            int at = in.position();
            throw ProblemException.invalid(JsonProblems.fieldAt(body, at), FieldError.BODY,
                    TextRules.NO_CONTROL_CHARACTERS, "is not valid UTF-8 (byte " + (at + 1) + " of the body); "
                            + TextRules.MESSAGE);
        }
        return body;
    }
}
