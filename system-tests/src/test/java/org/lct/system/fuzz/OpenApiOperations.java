package org.lct.system.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** The operations of one committed OpenAPI document, with their parameters and request bodies, references resolved. */
public final class OpenApiOperations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    /** A path, query or header parameter; {@code schema} has its references resolved. */
    public record Parameter(String name, String in, boolean required, JsonNode schema, Optional<String> example) {
    }

    /** One operation: {@code bodies} maps each media type of the request body to its resolved schema. */
    public record Operation(String service, String method, String path, String operationId,
            List<Parameter> parameters, Map<String, JsonNode> bodies, boolean secured) {

        public boolean writes() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private OpenApiOperations() {
    }

    public static List<Operation> read(Path document, String service) {
        JsonNode root;
        try (var reader = java.nio.file.Files.newBufferedReader(document)) {
            LoaderOptions options = new LoaderOptions();
            Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
                    new DumperOptions(), options, new CoreSchema());
            root = JSON.valueToTree(yaml.load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    JsonNode resolved = resolve(root, parameter);
                    JsonNode schema = resolve(root, resolved.path("schema"));
                    Optional<String> example = Optional.ofNullable(resolved.get("example")).map(JsonNode::asText);
                    parameters.add(new Parameter(resolved.path("name").asText(), resolved.path("in").asText(),
                            resolved.path("required").asBoolean(false), schema, example));
                }
                Map<String, JsonNode> bodies = new java.util.LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> content = operation.path("requestBody").path("content")
                        .fields(); content.hasNext(); ) {
                    Map.Entry<String, JsonNode> type = content.next();
                    bodies.put(type.getKey(), resolve(root, type.getValue().path("schema")));
                }
                operations.add(new Operation(service, method.toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        operation.path("operationId").asText(), List.copyOf(parameters), bodies,
                        operation.path("security").size() > 0));
            }
        }
        return operations;
    }

    /**
     * The YAML 1.2 core schema the documents are written in. SnakeYAML resolves plain scalars by YAML 1.1, where
     * {@code 15:00} is the base-60 number 900 and {@code yes} a boolean; here they stay strings.
     */
    private static final class CoreSchema extends Resolver {

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, java.util.regex.Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"),
                    "tTfF");
            // no leading zero: SnakeYAML would read 0634920 as octal
            addImplicitResolver(Tag.INT, java.util.regex.Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789");
            addImplicitResolver(Tag.FLOAT, java.util.regex.Pattern.compile(
                    "^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), "-+0123456789.");
            addImplicitResolver(Tag.NULL, java.util.regex.Pattern.compile("^(?:~|null|Null|NULL| )$"), "~nN\0");
            addImplicitResolver(Tag.NULL, java.util.regex.Pattern.compile("^$"), null);
        }
    }

    /**
     * The node with every {@code $ref} replaced by what it names (deeply); keys beside a {@code $ref} win over the
     * target's, as OpenAPI 3.1 reads them.
     */
    static JsonNode resolve(JsonNode root, JsonNode node) {
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(resolve(root, item)));
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            JsonNode target = root.at(ref.substring(1));
            JsonNode resolved = resolve(root, target);
            if (resolved.isObject()) {
                result.setAll((ObjectNode) resolved);
                // the target's examples are kept apart: a property's own example may not fit the target's type
                if (resolved.has("examples")) {
                    result.set("x-ref-examples", resolved.get("examples"));
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("$ref")) {
                result.set(field.getKey(), resolve(root, field.getValue()));
            }
        }
        return result;
    }
}
