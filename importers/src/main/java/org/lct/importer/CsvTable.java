package org.lct.importer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * A CSV file read by its header: every column the importer requires must be there, and a column it does not know
 * is refused (a renamed column would otherwise be dropped without a word).
 */
final class CsvTable {

    private static final CsvMapper MAPPER = new CsvMapper();

    /** One data row: its line in the file and its values by column name (blank values read as null). */
    record Row(int line, Map<String, String> values) {

        String get(String column) {
            return values.get(column);
        }
    }

    private CsvTable() {
    }

    static List<Row> read(String text, Set<String> required, Set<String> optional) {
        Problems problems = new Problems();
        List<Row> rows = new ArrayList<>();
        // where the parser stood before its last token: the line a value it fails on starts on
        int at = 1;
        try (CsvParser parser = (CsvParser) MAPPER.getFactory().createParser(text)) {
            parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            List<String> header = null;
            parser.nextToken(); // WRAP_AS_ARRAY: the whole file is one array, each row an array inside it
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                int line = -1;
                List<String> values = new ArrayList<>();
                while (true) {
                    at = parser.currentLocation().getLineNr();
                    if (parser.nextToken() == JsonToken.END_ARRAY) {
                        break;
                    }
                    if (line < 0) {
                        line = parser.currentTokenLocation().getLineNr();
                    }
                    values.add(parser.getText());
                }
                if (header == null) {
                    header = checkHeader(values, required, optional, problems);
                    problems.throwIfAny();
                    continue;
                }
                if (values.size() == 1 && values.getFirst().isBlank()) {
                    continue; // a blank line, e.g. at the end of the file
                }
                if (values.size() != header.size()) {
                    problems.add(line, null, "column_count",
                            "has " + values.size() + " values, the header has " + header.size() + " columns");
                    continue;
                }
                Map<String, String> byColumn = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String value = values.get(i).strip();
                    if (value.indexOf('\u0000') >= 0) {
                        // PostgreSQL cannot store a NUL character: named here, never a failed INSERT.
                        problems.add(line, header.get(i), TextFiles.NO_CONTROL_CHARACTERS, TextFiles.NUL_MESSAGE);
                        value = "";
                    }
                    byColumn.put(header.get(i), value.isEmpty() ? null : value);
                }
                rows.add(new Row(line, byColumn));
            }
            if (header == null) {
                throw new ImportRejectedException(ImportProblem.ofFile("not_empty", "the file has no header line"));
            }
        } catch (JsonProcessingException e) {
            // Jackson locates an error where it noticed it: a quote never closed at the end of the file
            JsonLocation noticed = e.getLocation();
            String message = firstLine(e.getOriginalMessage()).startsWith("Missing closing quote")
                    ? "a quoted value that starts on this line is never closed"
                    : "the file is not valid CSV: " + firstLine(e.getOriginalMessage());
            problems.add(at, null, "csv_syntax", noticed == null || noticed.getLineNr() < 1 ? message
                    : message + " (noticed at line " + noticed.getLineNr() + ", column " + noticed.getColumnNr() + ")");
        } catch (IOException e) {
            problems.add(null, null, "csv_syntax", "the file is not valid CSV: " + firstLine(e.getMessage()));
        }
        problems.throwIfAny();
        if (rows.isEmpty()) {
            throw new ImportRejectedException(ImportProblem.ofFile("not_empty", "the file has no data rows"));
        }
        return rows;
    }

    private static List<String> checkHeader(List<String> header, Set<String> required, Set<String> optional,
            Problems problems) {
        List<String> columns = header.stream().map(String::strip).toList();
        Set<String> seen = new LinkedHashSet<>();
        for (String column : columns) {
            if (!seen.add(column)) {
                problems.add(1, column, "duplicate_column", "the column appears twice in the header");
            } else if (!required.contains(column) && !optional.contains(column)) {
                problems.add(1, column, "known_column", "unknown column; expected " + String.join(", ", required)
                        + (optional.isEmpty() ? "" : " and optionally " + String.join(", ", optional)));
            }
        }
        for (String column : required) {
            if (!seen.contains(column)) {
                problems.add(1, column, "required_column", "the header lacks this column");
            }
        }
        return columns;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
