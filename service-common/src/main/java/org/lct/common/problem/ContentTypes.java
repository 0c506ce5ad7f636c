package org.lct.common.problem;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ResourceInfo;

/** The media types an operation reads, and the field error for a body sent without or with another one. */
public final class ContentTypes {

    private ContentTypes() {
    }

    /** The operation's {@code @Consumes} types (method first, then class); empty when it reads no body. */
    public static List<String> consumed(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return List.of();
        }
        Consumes consumes = method.getAnnotation(Consumes.class);
        if (consumes == null) {
            consumes = resource.getResourceClass().getAnnotation(Consumes.class);
        }
        return consumes == null ? List.of() : Arrays.stream(consumes.value())
                .flatMap(value -> Arrays.stream(value.split(","))).map(String::strip).toList();
    }

    public static FieldError unsupported(String sent, ResourceInfo resource) {
        List<String> accepted = consumed(resource);
        String message = (sent == null || sent.isBlank() ? "is required for a request body"
                : "'" + RequestViolations.abbreviate(sent) + "' is not accepted here")
                + (accepted.isEmpty() ? "" : "; send one of " + String.join(", ", accepted));
        return new FieldError("Content-Type", FieldError.HEADER, "content_type", message);
    }

    public static ProblemException missing(ResourceInfo resource) {
        return new ProblemException(415, ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                "The request has a body but no Content-Type.", List.of(unsupported(null, resource)));
    }
}
