package org.lct.common.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.lct.common.problem.ContentTypes;

/**
 * A body sent without Content-Type to an operation that reads one is refused with 415 naming the types it takes;
 * guessing JSON would accept what the client never declared. (A body of another type is refused by the framework's
 * matching, answered as problem+json by {@code ProblemMappers}.)
 */
public class ContentTypeFilter {

    @ServerRequestFilter
    public void requireContentType(ContainerRequestContext request, ResourceInfo resource) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if ((type != null && !type.isBlank()) || !hasBody(request)
                || ContentTypes.consumed(resource).isEmpty()) {
            return;
        }
        throw ContentTypes.missing(resource);
    }

    private static boolean hasBody(ContainerRequestContext request) {
        if (request.getHeaderString("Transfer-Encoding") != null) {
            return true;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.strip().equals("0");
    }
}
