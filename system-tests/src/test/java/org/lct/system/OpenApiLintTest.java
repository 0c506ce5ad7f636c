package org.lct.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lints the committed OpenAPI documents (docs/openapi) with Spectral and the ruleset of tools/openapi-lint: the
 * contract the generated clients are built from must name every operation, describe it, give examples, answer
 * errors as problems and secure every write. The CLI is the one pinned in tools/openapi-lint/package-lock.json,
 * installed with {@code npm ci} into target/ (no unpinned download at run time).
 */
class OpenApiLintTest {

    private static final Path TOOL = Path.of("..", "tools", "openapi-lint").toAbsolutePath().normalize();
    private static final Path DOCUMENTS = Path.of("..", "docs", "openapi").toAbsolutePath().normalize();
    private static final Path INSTALL = Path.of("target", "openapi-lint").toAbsolutePath();

    @BeforeAll
    static void installThePinnedLinter() throws Exception {
        Files.createDirectories(INSTALL);
        for (String file : List.of("package.json", "package-lock.json")) {
            Files.copy(TOOL.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // the telemetry postinstall script of one dependency has no business running here
        Result install = run(INSTALL, 600, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
        assertEquals(0, install.code(), "npm ci in " + INSTALL + ":\n" + install.output());
    }

    @Test
    void shouldFindNoErrorInTheCommittedDocuments() throws Exception {
        List<String> command = new ArrayList<>(List.of(INSTALL.resolve("node_modules/.bin/spectral").toString(),
                "lint", "--ruleset", TOOL.resolve("ruleset.yaml").toString(), "--fail-severity", "error",
                "--format", "text"));
        try (var documents = Files.list(DOCUMENTS)) {
            List<String> yaml = documents.filter(p -> p.toString().endsWith(".yaml")).map(Path::toString).sorted().toList();
            assertEquals(3, yaml.size(), "the three services' documents in " + DOCUMENTS + ": " + yaml);
            command.addAll(yaml);
        }
        Result lint = run(TOOL, 300, command.toArray(String[]::new));
        System.out.println("spectral lint:\n" + lint.output());
        assertEquals(0, lint.code(), "Spectral found errors in docs/openapi (fix the annotations, then refresh the"
                + " documents with OpenApiDocumentTest):\n" + lint.output());
    }

    @Test
    void shouldRejectAnUndocumentedOperationAndAnErrorWithoutTheProblemSchema() throws Exception {
        Path document = Files.createTempFile(INSTALL, "bad-", ".yaml");
        Files.writeString(document, """
                openapi: 3.1.0
                info: {title: bad, version: "1", description: A document breaking the LCT rules., license: {name: MIT}}
                servers: [{url: /}]
                tags: [{name: things, description: Things.}]
                paths:
                  /things/{id}:
                    post:
                      tags: [things]
                      parameters:
                        - {name: id, in: path, required: true, schema: {type: string}}
                      responses:
                        "200": {description: OK}
                        "404": {description: Not found}
                components:
                  schemas:
                    Problem: {type: object, description: A problem.}
                """);
        Result lint = run(TOOL, 300, INSTALL.resolve("node_modules/.bin/spectral").toString(), "lint", "--ruleset",
                TOOL.resolve("ruleset.yaml").toString(), "--format", "text", document.toString());
        assertEquals(1, lint.code(), lint.output());
        for (String rule : List.of("operation-operationId", "operation-description", "lct-parameter-documented",
                "lct-error-responses-are-problems", "lct-writes-are-secured")) {
            assertTrue(lint.output().contains(rule), rule + " in:\n" + lint.output());
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(Path directory, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("openapi-lint", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
