package org.lct.district.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code format=csv} (or {@code json}) means the same as the matching Accept header. Applied before content
 * negotiation, so the representation is chosen in one place (JAX-RS) whichever way the client asked.
 */
public class FormatParameterFilter {

    @ServerRequestFilter(preMatching = true)
    public void acceptFromFormat(ContainerRequestContext request) {
        String format = request.getUriInfo().getQueryParameters().getFirst(QueryParameters.FORMAT);
        if ("csv".equals(format)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, ReadSupport.CSV);
        } else if ("json".equals(format)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }
    }
}
