package org.lct.common.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem details body; {@code errors} and {@code requestId} are extension members. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// snake_case like every other body of the platform, whatever naming a service configures.
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Problem", description = "RFC 9457 problem details. Every 4xx and 5xx answer has this shape.")
public record Problem(
        @Schema(description = "URI identifying the kind of problem.", examples = ProblemTypes.INVALID_REQUEST)
        String type,
        @Schema(description = "Short summary of the kind of problem.", examples = "Invalid request")
        String title,
        @Schema(description = "HTTP status code.", examples = "400")
        int status,
        @Schema(description = "Explanation of this occurrence.", examples = "2 request parameters are invalid")
        String detail,
        @Schema(description = "The request path this problem occurred on.", examples = "/api/v1/districts")
        String instance,
        @Schema(description = "Request id, also sent as the X-Request-Id header; quote it when reporting a problem.",
                examples = "5f0c4a7e-8f0e-4c52-9c1e-2a4d1f0b7c33")
        String requestId,
        @Schema(description = "Every bad field of the request, all at once.")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
