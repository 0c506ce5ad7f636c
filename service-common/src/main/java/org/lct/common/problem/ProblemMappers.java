package org.lct.common.problem;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.lct.common.web.RequestId;
import org.lct.common.web.UnstorableTextException;

/**
 * Turns every failure into an RFC 9457 body. Messages are written here, never copied from exceptions, so no
 * class name, SQL or stack trace reaches a client; 5xx causes go to the log under the request id.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(Problem.MEDIA_TYPE);
    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";

    @Inject
    RequestId requestId;

    @Inject
    BodyValidation bodyValidation;

    @ServerExceptionMapper
    public Response mapProblem(ProblemException problem, UriInfo uri) {
        return respond(problem.status(), problem.type(), problem.title(), problem.getMessage(), uri, problem.errors());
    }

    /** Bean Validation on request bodies and parameters: every violation, each with its field and rule. */
    @ServerExceptionMapper
    public Response mapConstraintViolations(ConstraintViolationException exception, UriInfo uri,
            ResourceInfo resource) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            if (isReturnValue(violation.getPropertyPath())) {
                LOG.errorf("Response failed its own validation: %s", violation);
                return internalError(uri);
            }
            String in = locationOf(violation.getPropertyPath(), resource.getResourceMethod());
            // A body's parameter name is our variable, not the client's field; a query parameter's name is its own.
            errors.add(new FieldError(bodyValidation.jsonPath(violation.getPropertyPath(), in.equals(FieldError.BODY)),
                    in, BodyValidation.ruleOf(violation), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::rule));
        return mapProblem(ProblemException.invalid(errors), uri);
    }

    /**
     * Every way a JSON body can be unreadable, named by its field and rule ({@link JsonProblems}). Each type is listed
     * because the framework maps some of them itself (as text/plain); a mapper for the exact type wins over those.
     */
    @ServerExceptionMapper({JacksonException.class, UnrecognizedPropertyException.class, UnstorableTextException.class,
            InvalidFormatException.class, MismatchedInputException.class, JsonMappingException.class,
            JsonParseException.class, InputCoercionException.class, StreamReadException.class,
            JsonProcessingException.class})
    public Response mapUnreadableJson(JacksonException exception, UriInfo uri) {
        return mapProblem(JsonProblems.of(exception), uri);
    }

    /** 404 for unknown paths, 405, 406, 415 and the like: the status says it all. */
    @ServerExceptionMapper
    public Response mapHttpStatus(WebApplicationException exception, UriInfo uri, HttpHeaders headers,
            ResourceInfo resource) {
        // The JSON reader wraps some errors in a plain 400; unwrap them to say where the body broke.
        if (exception.getCause() instanceof JacksonException unreadable) {
            return mapUnreadableJson(unreadable, uri);
        }
        Response original = exception.getResponse();
        if (original.getStatus() >= 500) {
            LOG.errorf(exception, "Request %s failed", requestId.value());
        }
        Response.StatusType status = original.getStatusInfo();
        List<FieldError> errors = status.getStatusCode() == 415 ? List.of(ContentTypes.unsupported(
                headers == null ? null : headers.getHeaderString("Content-Type"), resource)) : List.of();
        Response.ResponseBuilder builder = Response.fromResponse(respond(status.getStatusCode(),
                ProblemTypes.HTTP_STATUS, status.getReasonPhrase(), null, uri, errors));
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    /**
     * No or a bad bearer token. Needs {@code quarkus.http.auth.proactive=false}: with proactive authentication a
     * bad token is refused before any mapper runs, with an empty body.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response mapUnauthenticated(RuntimeException exception, UriInfo uri) {
        return Response.fromResponse(respond(401, ProblemTypes.UNAUTHORIZED, "Unauthorized",
                "This operation needs a valid bearer token.", uri, List.of()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response mapForbidden(ForbiddenException exception, UriInfo uri) {
        return respond(403, ProblemTypes.FORBIDDEN, "Forbidden",
                "The bearer token lacks the role this operation needs.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Exception exception, UriInfo uri) {
        if (isMalformedMultipart(exception)) {
            // The framework's multipart parser found no closing boundary, or a part it cannot read: the body is bad.
            return mapProblem(ProblemException.invalid("body", FieldError.BODY, "multipart",
                    "is not a complete multipart/form-data body (it ends before its closing boundary or a part is"
                            + " malformed)"), uri);
        }
        var refused = DatabaseRefusals.of(exception);
        if (refused.isPresent()) {
            LOG.debugf(exception, "Request %s refused by the database", requestId.value());
            return mapProblem(refused.get(), uri);
        }
        LOG.errorf(exception, "Request %s failed", requestId.value());
        return internalError(uri);
    }

    private Response internalError(UriInfo uri) {
        return respond(500, ProblemTypes.INTERNAL, "Internal error",
                "The server failed to answer this request; quote the request id when reporting it.", uri, List.of());
    }

    private Response respond(int status, String type, String title, String detail, UriInfo uri,
            List<FieldError> errors) {
        Problem body = new Problem(type, title, status, detail, uri == null ? null : uri.getRequestUri().getRawPath(),
                requestId.value(), errors);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    /** Thrown by the framework's multipart parser (a plain IOException, so told apart by where it was thrown). */
    private static boolean isMalformedMultipart(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            StackTraceElement[] trace = cause.getStackTrace();
            if (trace.length > 0 && trace[0].getClassName().startsWith(MULTIPART_PARSER)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** Where the violated field was sent, read off the JAX-RS annotation of the method parameter it belongs to. */
    private static String locationOf(Path path, Method method) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER && method != null) {
                int index = node.as(Path.ParameterNode.class).getParameterIndex();
                for (Annotation annotation : method.getParameterAnnotations()[index]) {
                    Class<? extends Annotation> kind = annotation.annotationType();
                    if (kind == PathParam.class || kind == RestPath.class) {
                        return FieldError.PATH;
                    }
                    if (kind == HeaderParam.class || kind == RestHeader.class) {
                        return FieldError.HEADER;
                    }
                    if (kind == QueryParam.class || kind == RestQuery.class) {
                        return FieldError.QUERY;
                    }
                }
            }
        }
        return FieldError.BODY;
    }
}
