package org.lct.common.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

public class RequestIdFilter {

    /** A caller's id is kept only when it cannot smuggle anything into logs or headers. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Inject
    RequestId requestId;

    @ServerRequestFilter(preMatching = true)
    public void assignRequestId(ContainerRequestContext request) {
        String offered = request.getHeaderString(RequestId.HEADER);
        String id = offered != null && SAFE_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        requestId.assign(id);
        MDC.put(RequestId.MDC_KEY, id);
    }

    @ServerResponseFilter
    public void echoRequestId(ContainerResponseContext response) {
        if (requestId.value() != null) {
            response.getHeaders().putSingle(RequestId.HEADER, requestId.value());
        }
        MDC.remove(RequestId.MDC_KEY);
    }
}
