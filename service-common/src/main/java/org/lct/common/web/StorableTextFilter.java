package org.lct.common.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.ProblemException;
import org.lct.common.problem.TextRules;

/**
 * Refuses a request whose path, query parameters or headers (decoded) break {@link TextRules}, before any resource
 * runs: one 400 naming every such field, whatever endpoint it was sent to. JSON strings are checked while they are
 * read ({@link StrictJson}), file fields by the importers.
 */
public class StorableTextFilter {

    @ServerRequestFilter(preMatching = true, priority = 10)
    public void refuseUnstorableText(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        List<FieldError> errors = new ArrayList<>();
        String path;
        try {
            path = uri.getPath();
        } catch (IllegalArgumentException e) {
            path = "\u0000";
        }
        add(errors, TextRules.check("path", FieldError.PATH, path));
        Map<String, List<String>> query;
        try {
            query = uri.getQueryParameters();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("query", FieldError.QUERY, TextRules.NO_CONTROL_CHARACTERS, TextRules.MESSAGE));
            query = Map.of();
        }
        query.forEach((name, values) -> {
            if (!TextRules.isStorable(name)) {
                errors.add(new FieldError(printable(name), FieldError.QUERY, TextRules.NO_CONTROL_CHARACTERS,
                        "the parameter name " + TextRules.MESSAGE));
            } else {
                values.stream().filter(value -> !TextRules.isStorable(value)).findFirst()
                        .ifPresent(bad -> add(errors, TextRules.check(name, FieldError.QUERY, bad)));
            }
        });
        request.getHeaders().forEach((name, values) -> values.stream()
                .filter(value -> !TextRules.isStorable(value)).findFirst()
                .ifPresent(bad -> add(errors, TextRules.check(name, FieldError.HEADER, bad))));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void add(List<FieldError> errors, FieldError error) {
        if (error != null) {
            errors.add(error);
        }
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (c == 0 || Character.isSurrogate((char) c) && c <= 0xFFFF) {
                out.append('\uFFFD');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
