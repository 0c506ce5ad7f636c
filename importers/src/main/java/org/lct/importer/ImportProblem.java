package org.lct.importer;

/**
 * One reason a file was rejected. {@code line} is the 1-based line of a CSV file (the header is line 1), or null
 * where a file has no lines to speak of (YAML and JSON report the {@code field} path instead).
 */
public record ImportProblem(Integer line, String field, String rule, String message) {

    public static ImportProblem ofFile(String rule, String message) {
        return new ImportProblem(null, null, rule, message);
    }
}
