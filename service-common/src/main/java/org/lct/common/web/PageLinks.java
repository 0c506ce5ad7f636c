package org.lct.common.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Every paged answer ({@link Paged}) carries RFC 8288 {@code Link} headers to its first, previous, next and last
 * pages: the request's own address with another {@code page}, as a reference relative to the host, so it stays
 * right behind a proxy. The total is in the body.
 */
@Provider
public class PageLinks implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Paged paged && paged.size() > 0) {
            response.getHeaders().add("Link", links(request, paged));
        }
    }

    static String links(ContainerRequestContext request, Paged paged) {
        long last = Math.max(1, (paged.total() + paged.size() - 1) / paged.size());
        List<String> links = new ArrayList<>();
        links.add(link(request, 1, "first"));
        if (paged.page() > 1) {
            links.add(link(request, Math.min(paged.page() - 1, last), "prev"));
        }
        if (paged.page() < last) {
            links.add(link(request, paged.page() + 1, "next"));
        }
        links.add(link(request, last, "last"));
        return String.join(", ", links);
    }

    private static String link(ContainerRequestContext request, long page, String relation) {
        URI target = request.getUriInfo().getRequestUriBuilder().replaceQueryParam("page", page).build();
        return "<" + target.getRawPath() + "?" + target.getRawQuery() + ">; rel=\"" + relation + "\"";
    }
}
