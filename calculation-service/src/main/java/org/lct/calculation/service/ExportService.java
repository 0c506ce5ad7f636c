package org.lct.calculation.service;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import blue.strategic.parquet.ParquetWriter;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.lct.calculation.repository.ResultRepository;

/** Writes a run's results as CSV, JSON or Parquet straight from the database cursor. */
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
            generator.writeNumberField("run_id", runId);
            generator.writeArrayFieldStart("rows");
            long[] count = {0};
            results.forEachRow(runId, scope, valid, row -> {
                generator.writeStartObject();
                for (int i = 0; i < ResultRepository.COLUMNS.size(); i++) {
                    writeJsonField(generator, ResultRepository.COLUMNS.get(i), row, i + 1);
                }
                generator.writeEndObject();
                count[0]++;
            });
            generator.writeEndArray();
            generator.writeNumberField("count", count[0]);
            generator.writeEndObject();
        }
    }

    /** Parquet (snappy) through a temporary file: the writer needs to seek back for its footer. */
    public void writeParquet(long runId, String scope, Boolean valid, OutputStream out) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("lct-run-" + runId + "-", ".parquet");
        try {
            java.nio.file.Files.delete(file); // the writer creates it
            try (ParquetWriter<Map<String, Object>> writer = ParquetWriter.writeFile(PARQUET_SCHEMA, file.toFile(),
                    (row, values) -> row.forEach((name, value) -> {
                        if (value != null) {
                            values.write(name, value);
                        }
                    }))) {
                results.forEachRow(runId, scope, valid, row -> writer.write(parquetRow(row)));
            }
            java.nio.file.Files.copy(file, out);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /** The export columns with Parquet types; decimals travel as doubles, which every reader understands. */
    static final MessageType PARQUET_SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).named("run_id")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("school_year")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("nces_id")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("district_name")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("state")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("staff_scope")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("enrollment_basis")
            .required(PrimitiveTypeName.INT32).named("instructional_minutes")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("minutes_source")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("minutes_grade_level")
            .optional(PrimitiveTypeName.INT32).named("minutes_tier")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("minutes_school_year")
            .optional(PrimitiveTypeName.INT64).named("bell_schedule_id")
            .required(PrimitiveTypeName.DOUBLE).named("staff_fte")
            .required(PrimitiveTypeName.INT32).named("enrollment")
            .optional(PrimitiveTypeName.DOUBLE).named("lct_minutes")
            .optional(PrimitiveTypeName.DOUBLE).named("lct_hours")
            .optional(PrimitiveTypeName.DOUBLE).named("student_teacher_ratio")
            .optional(PrimitiveTypeName.DOUBLE).named("lct_percentile")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("lct_category")
            .required(PrimitiveTypeName.BOOLEAN).named("is_valid")
            .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("qa_flags")
            .named("lct_result");

    private static Map<String, Object> parquetRow(ResultSet row) throws java.sql.SQLException {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ResultRepository.COLUMNS.size(); i++) {
            Object value = row.getObject(i + 1);
            values.put(ResultRepository.COLUMNS.get(i), switch (value) {
                case null -> null;
                case BigDecimal decimal -> decimal.doubleValue();
                case Short number -> number.intValue();
                default -> value;
            });
        }
        return values;
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
}
