package org.lct.common.openapi;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.lct.common.problem.Problem;

/**
 * Documents the problem answers every operation can give, so generated clients know the error shape without
 * each resource repeating the same annotations: 400 where there is input, 404 where the path names a resource,
 * 401 and 403 where the operation needs a token, 500 everywhere. Responses a resource documents itself keep their
 * description, and get the problem body when they name none.
 * Enabled per service with {@code mp.openapi.filter=org.lct.common.openapi.ProblemResponsesFilter}.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        if (!parameters.isEmpty() || operation.getRequestBody() != null) {
            addIfAbsent(responses, "400", "Invalid request: every bad field is listed in `errors`.");
        }
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH)) {
            addIfAbsent(responses, "404", "No such resource; `detail` names the missing id.");
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            addIfAbsent(responses, "401", "No valid bearer token.");
            addIfAbsent(responses, "403", "The token lacks the role this operation needs.");
        }
        addIfAbsent(responses, "500", "The server failed; quote `request_id` when reporting it.");
        addServiceResponses(responses);
        // Error answers a resource documents with a description only get the problem body they are sent with.
        responses.getAPIResponses().forEach((status, response) -> {
            if ((status.startsWith("4") || status.startsWith("5")) && response.getRef() == null
                    && response.getContent() == null) {
                response.setContent(problemContent());
            }
        });
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        Map<String, Schema> schemas = components.getSchemas();
        if (schemas == null || !schemas.containsKey("Problem")) {
            components.addSchema("FieldError", fieldErrorSchema());
            components.addSchema("Problem", problemSchema());
        }
    }

    /** Answers a service gives on every operation beyond the common ones; none here. */
    protected void addServiceResponses(APIResponses responses) {
    }

    protected static void addIfAbsent(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        responses.addAPIResponse(status,
                OASFactory.createAPIResponse().description(description).content(problemContent()));
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    // Written out here because a schema is generated only for classes that some annotation references.
    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details. Every 4xx and 5xx answer has this shape.")
                .required(List.of("type", "title", "status"))
                .addProperty("type", string("URI identifying the kind of problem."))
                .addProperty("title", string("Short summary of the kind of problem."))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .description("HTTP status code."))
                .addProperty("detail", string("Explanation of this occurrence."))
                .addProperty("instance", string("The request path this problem occurred on."))
                .addProperty("request_id", string("Request id, also sent as the X-Request-Id header."))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("Every bad field of the request, all at once.")
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("One bad input field and the rule it broke.")
                .required(List.of("field", "in", "rule", "message"))
                .addProperty("field", string("Name of the parameter, or the JSON path of a body field."))
                .addProperty("in", string("Where the field was sent.")
                        .enumeration(List.of("query", "path", "header", "body", "file")))
                .addProperty("rule", string("Stable identifier of the rule that was broken."))
                .addProperty("message", string("Human-readable explanation."))
                .addProperty("line", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .description("Line of an uploaded file the problem is on (the header is line 1)."));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }
}
