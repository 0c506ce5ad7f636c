package org.lct.importer;

/**
 * One reason a file was rejected. {@code line} is the 1-based line of the file (a CSV header is line 1) where the
 * parser knows it: every CSV row, and in any format a syntax error, a key given twice, a NUL character or bytes that
 * are not UTF-8; null for a problem of the whole file or one found in a YAML or JSON file's values after parsing,
 * which {@code field} names by its path instead.
 */
public record ImportProblem(Integer line, String field, String rule, String message) {

    public static ImportProblem ofFile(String rule, String message) {
        return new ImportProblem(null, null, rule, message);
    }
}
