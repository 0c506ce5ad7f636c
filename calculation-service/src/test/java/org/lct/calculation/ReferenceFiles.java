package org.lct.calculation;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the repository's bundled dataset and the reference's published outputs ({@code ../shared}) are. The
 * published outputs are read in place, never copied: absent, a test is skipped with a message, or fails when
 * {@code CI=true}.
 */
final class ReferenceFiles {

    private ReferenceFiles() {
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("dataset"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no dataset/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path bundled(String file) {
        return repositoryRoot().resolve("dataset").resolve(file);
    }

    /** A file of ../shared/reference-data/published-outputs, or the test is skipped (failed under CI=true). */
    static Path published(String relative) {
        Path file = repositoryRoot().resolveSibling("shared").resolve("reference-data/published-outputs").resolve(relative);
        if (!Files.isReadable(file)) {
            String message = "reference output " + file + " is absent; the comparison with the published dataset needs ../shared";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return file;
    }

    /** RFC 4180 records (quoted fields may hold commas and quotes); the header is the first record. */
    static List<List<String>> readCsv(Path file) throws IOException {
        String text = Files.readString(file);
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(ch);
            }
        }
        if (!field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
