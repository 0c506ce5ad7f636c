package org.lct.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The rules of migrations/README.md that a file listing can check: versioned migrations hold tables and data, every
 * function, trigger and view lives in exactly one repeatable migration, and each repeatable migration says what it
 * holds.
 */
class MigrationLayoutTest {

    private static final Pattern DEFINITION = Pattern.compile(
            "(?im)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(FUNCTION|PROCEDURE|(?:MATERIALIZED\\s+)?VIEW|TRIGGER)\\s+(\\w+)");

    @Test
    void shouldDefineEveryFunctionTriggerAndViewOnceAndOnlyInRepeatableMigrations() throws Exception {
        Map<String, List<String>> homes = new TreeMap<>();
        List<String> inVersioned = new ArrayList<>();
        for (Path file : migrationFiles()) {
            String name = file.getFileName().toString();
            Matcher definitions = DEFINITION.matcher(withoutComments(Files.readString(file, StandardCharsets.UTF_8)));
            while (definitions.find()) {
                String object = definitions.group(1).toUpperCase().replaceAll("\\s+", " ") + " " + definitions.group(2);
                homes.computeIfAbsent(object, k -> new ArrayList<>()).add(name);
                if (name.startsWith("V")) {
                    inVersioned.add(object + " in " + name);
                }
            }
        }
        assertTrue(homes.containsKey("FUNCTION lct_calculate"), "the scan finds definitions: " + homes.keySet());
        assertEquals(List.of(), inVersioned, "functions, triggers and views belong in R__ files");
        List<String> twice = homes.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " in " + e.getValue()).toList();
        assertEquals(List.of(), twice, "defined more than once");
    }

    @Test
    void shouldOpenEveryRepeatableMigrationWithAWordOnWhatItHolds() throws Exception {
        List<Path> repeatable = migrationFiles().stream().filter(f -> f.getFileName().toString().startsWith("R__")).toList();
        assertFalse(repeatable.isEmpty());
        for (Path file : repeatable) {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).getFirst();
            assertTrue(first.startsWith("-- ") && first.length() > 20, file.getFileName() + " opens with: " + first);
            // Flyway orders repeatable migrations by description: a two-digit rank keeps the order readable
            assertTrue(file.getFileName().toString().matches("R__\\d{2}_[a-z_]+\\.sql"), file.getFileName().toString());
        }
    }

    static List<Path> migrationFiles() throws IOException, URISyntaxException {
        Path folder = Path.of(MigrationLayoutTest.class.getResource("/db/migration").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
    }

    private static String withoutComments(String sql) {
        return sql.replaceAll("--[^\\n]*", "");
    }
}
