package org.lct.common.problem;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.lct.common.web.RequestId;

/**
 * 401 and 403 as problem+json. They reach JAX-RS only with lazy authentication
 * ({@code quarkus.http.auth.proactive=false}), which every service that checks roles sets; without these mappers
 * the catch-all in {@link ProblemMappers} would answer 500.
 */
public class SecurityProblemMappers {

    @Inject
    RequestId requestId;

    @ServerExceptionMapper
    public Response mapUnauthorized(UnauthorizedException exception, UriInfo uri) {
        return unauthorized(uri);
    }

    /** A token that is malformed, expired or signed by a key we do not trust. */
    @ServerExceptionMapper
    public Response mapAuthenticationFailed(AuthenticationFailedException exception, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response mapForbidden(ForbiddenException exception, UriInfo uri) {
        return respond(403, ProblemTypes.FORBIDDEN, "Forbidden",
                "The bearer token lacks the role this operation requires.", uri).build();
    }

    private Response unauthorized(UriInfo uri) {
        return respond(401, ProblemTypes.UNAUTHORIZED, "Unauthorized",
                "This operation requires a valid bearer token.", uri)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private Response.ResponseBuilder respond(int status, String type, String title, String detail, UriInfo uri) {
        Problem body = new Problem(type, title, status, detail, uri == null ? null : uri.getRequestUri().getRawPath(),
                requestId.value(), List.of());
        return Response.status(status).type(ProblemMappers.PROBLEM_JSON).entity(body);
    }
}
