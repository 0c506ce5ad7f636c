package org.lct.district.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/** {@code /dashboard} answers with a redirect to {@code /dashboard/}, whose relative links the page relies on. */
@ApplicationScoped
public class DashboardRoutes {

    void redirectToSlash(@Observes Router router) {
        router.get("/dashboard").order(-1).handler(context -> {
            if ("/dashboard".equals(context.normalizedPath())) {
                context.redirect("/dashboard/");
            } else {
                context.next();
            }
        });
    }
}
