package org.lct.importer;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * YAML and JSON files read strictly, with the line of what is wrong: a key given twice in one mapping (which would
 * otherwise silently replace the first), a syntax error, a NUL character. The parsers detect all three; this only
 * turns their reports into problems.
 */
final class StrictTrees {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Jackson's wording of a duplicate key (StreamReadFeature.STRICT_DUPLICATE_DETECTION). */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '(.*)'", Pattern.DOTALL);

    private StrictTrees() {
    }

    static JsonNode readYaml(String text) {
        return read(YAML, text, "YAML", "yaml_syntax");
    }

    static JsonNode readJson(String text) {
        return read(JSON, text, "JSON", "json_syntax");
    }

    private static JsonNode read(ObjectMapper mapper, String text, String format, String syntaxRule) {
        Problems problems = new Problems();
        // a streaming pass first: it knows the line of every token, the tree built afterwards does not
        try (JsonParser parser = mapper.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING)
                        && parser.getText().indexOf('\u0000') >= 0) {
                    // PostgreSQL cannot store a NUL character (JSON can escape one as \u0000)
                    problems.add(line(parser.currentTokenLocation()), path(parser.getParsingContext()),
                            TextFiles.NO_CONTROL_CHARACTERS, TextFiles.NUL_MESSAGE);
                }
            }
        } catch (JsonProcessingException e) {
            problems.add(problem(e, text, format, syntaxRule));
        } catch (IOException e) {
            problems.add(ImportProblem.ofFile(syntaxRule, "the file is not valid " + format + ": " + firstLine(e.getMessage())));
        }
        problems.throwIfAny();
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new ImportRejectedException(e instanceof JsonProcessingException p ? problem(p, text, format, syntaxRule)
                    : ImportProblem.ofFile(syntaxRule, "the file is not valid " + format + ": " + firstLine(e.getMessage())));
        }
    }

    private static ImportProblem problem(JsonProcessingException e, String text, String format, String syntaxRule) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.matches() && e.getProcessor() instanceof JsonParser parser) {
            // the context of the mapping, its current name already the repeated key
            JsonStreamContext mapping = parser.getParsingContext();
            String key = duplicate.group(1);
            String parent = mapping.getParent() == null ? "" : path(mapping.getParent());
            return new ImportProblem(line(e.getLocation()), parent.isEmpty() ? key : parent + "." + key, "duplicate_key",
                    "the key '" + key + "' appears more than once in this mapping; give each key once");
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark at = marked.getProblemMark();
                Mark opened = marked.getContextMark();
                String context = marked.getContext() == null ? ""
                        : marked.getContext() + (opened == null ? "" : " that starts at line " + (opened.getLine() + 1)
                                + ", column " + (opened.getColumn() + 1)) + ": ";
                return new ImportProblem(at.getLine() + 1, null, syntaxRule, "the file is not valid YAML at column "
                        + (at.getColumn() + 1) + ": " + context + marked.getProblem());
            }
            if (cause instanceof ReaderException reader) {
                // a character YAML does not allow; SnakeYAML knows its offset, not its line
                int offset = Math.min(reader.getPosition(), text.length());
                int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
                return new ImportProblem(line, null, TextFiles.NO_CONTROL_CHARACTERS, reader.getCodePoint() == 0
                        ? TextFiles.NUL_MESSAGE
                        : "contains a character YAML does not allow, U+%04X".formatted(reader.getCodePoint()));
            }
        }
        JsonLocation at = e.getLocation();
        Integer line = line(at);
        return new ImportProblem(line, null, syntaxRule, "the file is not valid " + format
                + (line == null || at.getColumnNr() < 1 ? "" : " at column " + at.getColumnNr()) + ": "
                + firstLine(e.getOriginalMessage()));
    }

    private static Integer line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null : location.getLineNr();
    }

    /** A parser context as a dotted path (states.Alabama.code), as the importers name fields. */
    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (String step : context.pathAsPointer().toString().split("/")) {
            if (!step.isEmpty()) {
                path.append(path.isEmpty() ? "" : ".").append(step.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    }
}
