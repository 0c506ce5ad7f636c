package org.lct.calculation.service;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lct.calculation.repository.ResultRepository;

/** Writes a run's results as CSV or JSON straight from the database cursor. */
@ApplicationScoped
public class ExportService {

    @Inject
    ResultRepository results;

    @Inject
    ObjectMapper json;

    public void writeCsv(long runId, String scope, Boolean valid, OutputStream out) throws Exception {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        writer.write(String.join(",", ResultRepository.COLUMNS));
        writer.write("\r\n");
        results.forEachRow(runId, scope, valid, row -> {
            for (int i = 0; i < ResultRepository.COLUMNS.size(); i++) {
                if (i > 0) {
                    writer.write(',');
                }
                writer.write(csvField(row.getObject(i + 1)));
            }
            writer.write("\r\n");
        });
        writer.flush();
    }

    public void writeJson(long runId, String scope, Boolean valid, OutputStream out) throws Exception {
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeNumberField("runId", runId);
            generator.writeArrayFieldStart("rows");
            long[] count = {0};
            results.forEachRow(runId, scope, valid, row -> {
                generator.writeStartObject();
                for (int i = 0; i < ResultRepository.COLUMNS.size(); i++) {
                    writeJsonField(generator, toCamelCase(ResultRepository.COLUMNS.get(i)), row, i + 1);
                }
                generator.writeEndObject();
                count[0]++;
            });
            generator.writeEndArray();
            generator.writeNumberField("count", count[0]);
            generator.writeEndObject();
        }
    }

    public void writeParquet(long runId, String scope, Boolean valid, OutputStream out) throws Exception {
        throw new org.lct.common.problem.ProblemException(501, org.lct.common.problem.ProblemTypes.HTTP_STATUS,
                "Not Implemented", "Parquet export is not available yet; use format=csv or json.", java.util.List.of());
    }

    private static void writeJsonField(JsonGenerator generator, String name, ResultSet row, int column) throws Exception {
        Object value = row.getObject(column);
        generator.writeFieldName(name);
        switch (value) {
            case null -> generator.writeNull();
            case BigDecimal decimal -> generator.writeNumber(decimal);
            case Double number when number.isInfinite() || number.isNaN() -> generator.writeNull();
            case Double number -> generator.writeNumber(number);
            case Integer number -> generator.writeNumber(number);
            case Long number -> generator.writeNumber(number);
            case Short number -> generator.writeNumber(number);
            case Boolean bool -> generator.writeBoolean(bool);
            default -> generator.writeString(value.toString());
        }
    }

    static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    static String toCamelCase(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char ch : column.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return name.toString();
    }
}
