package org.lct.common.web;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.lct.common.problem.FieldError;
import org.lct.common.problem.Problem;
import org.lct.common.problem.ProblemTypes;

/**
 * The limits of the HTTP layer, answered as problem+json naming the limit, before any other handler runs: a request
 * target (path and query) over {@code lct-http.max-request-target-length} answers 414, headers over
 * {@code lct-http.max-header-bytes} 431, a declared body over {@code quarkus.http.limits.max-body-size} 413, a request
 * without Host 400. The server's own codec limits (quarkus.http.limits.max-initial-line-length and max-header-size)
 * are set above these, so a client meets these answers first.
 */
@ApplicationScoped
public class HttpLimits {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @ConfigProperty(name = "lct-http.max-request-target-length", defaultValue = "8192")
    int maxRequestTarget;

    @ConfigProperty(name = "lct-http.max-header-bytes", defaultValue = "16384")
    int maxHeaderBytes;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper objectMapper;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String target = request.uri();
        if (target != null && target.length() > maxRequestTarget) {
            refuse(context, 414, "URI too long", "The request target (path and query) has " + target.length()
                    + " characters; the limit is " + maxRequestTarget + ".",
                    new FieldError("request_target", FieldError.PATH, "max_length",
                            "must be at most " + maxRequestTarget + " characters"));
            return;
        }
        long headerBytes = 0;
        for (var header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderBytes) {
            refuse(context, 431, "Request header fields too large", "The request headers have " + headerBytes
                    + " bytes; the limit is " + maxHeaderBytes + ".",
                    new FieldError("headers", FieldError.HEADER, "max_size",
                            "must be at most " + maxHeaderBytes + " bytes in all"));
            return;
        }
        String host = request.getHeader("Host");
        if ((host == null || host.isBlank()) && request.version() != HttpVersion.HTTP_2) {
            refuse(context, 400, "Invalid request", "The request names no host; send a Host header.",
                    new FieldError("Host", FieldError.HEADER, "required", "is required"));
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                refuse(context, 400, "Invalid request", "Content-Length is not a byte count.",
                        new FieldError("Content-Length", FieldError.HEADER, "integer", "must be a whole number"));
                return;
            }
            if (declared > maxBodySize.asLongValue()) {
                refuse(context, 413, "Payload too large", "The body has " + declared + " bytes; the limit is "
                        + maxBodySize.asLongValue() + ".",
                        new FieldError("body", FieldError.BODY, "max_size",
                                "must be at most " + maxBodySize.asLongValue() + " bytes"));
                return;
            }
        }
        context.next();
    }

    private void refuse(RoutingContext context, int status, String title, String detail, FieldError error) {
        String offered = context.request().getHeader(RequestId.HEADER);
        String id = offered != null && SAFE_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        String type = switch (status) {
            case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
            case 400 -> ProblemTypes.INVALID_REQUEST;
            default -> ProblemTypes.HTTP_STATUS;
        };
        String path = context.request().path();
        Problem problem = new Problem(type, title, status, detail,
                path == null || path.length() > 200 ? null : path, id, List.of(error));
        String body;
        try {
            body = objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        var response = context.response().setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader(RequestId.HEADER, id);
        if (status == 413 || status == 431 || status == 414) {
            // The unread body (or what follows) cannot be trusted to be skipped: end the connection.
            response.putHeader("Connection", "close");
        }
        response.end(body);
    }
}
