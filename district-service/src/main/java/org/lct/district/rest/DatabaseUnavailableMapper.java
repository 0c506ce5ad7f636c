package org.lct.district.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.lct.common.problem.Problem;
import org.lct.common.problem.ProblemMappers;
import org.lct.common.problem.ProblemTypes;
import org.lct.common.web.RequestId;
import org.lct.district.repository.DatabaseUnavailableException;

/**
 * A read the database could not answer now (a standby cancelled it to go on replaying, a connection was lost)
 * answers 503 with Retry-After, not 500: nothing is wrong with the request, and a retry most likely reaches a server
 * that answers. A CSV export that fails after it started streaming can no longer change its status; it ends early.
 */
public class DatabaseUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);
    static final String RETRY_AFTER_SECONDS = "2";

    @Inject
    RequestId requestId;

    @ServerExceptionMapper
    public Response mapDatabaseUnavailable(DatabaseUnavailableException exception, UriInfo uri) {
        // expected now and then (a standby replaying a lock, a switchover): a line to count, not a stack trace
        LOG.warnf("Request %s answered 503: %s", requestId.value(), exception.getMessage());
        LOG.debugf(exception, "Request %s: the database could not answer now", requestId.value());
        Problem body = new Problem(ProblemTypes.UNAVAILABLE, "Service unavailable", 503,
                "The database could not answer this read now; retry it after " + RETRY_AFTER_SECONDS + " seconds.",
                uri == null ? null : uri.getRequestUri().getRawPath(), requestId.value(), List.of());
        return Response.status(503).type(ProblemMappers.PROBLEM_JSON).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .entity(body).build();
    }
}
