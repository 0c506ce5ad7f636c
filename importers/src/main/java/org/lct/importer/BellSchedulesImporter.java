package org.lct.importer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bell schedules, as the collectors' CSV (one row per district, year and grade level) or as the reference's JSON
 * export (an object keyed by district id with one object per grade level). Both end in the same rows and rules.
 */
final class BellSchedulesImporter {

    static final Set<String> REQUIRED = Set.of("district_id", "year", "grade_level", "instructional_minutes",
            "source", "confidence", "method");
    static final Set<String> OPTIONAL = Set.of("district_name", "state", "start_time", "end_time", "lunch_duration",
            "passing_periods", "recess_duration", "notes");
    private static final Set<String> JSON_DISTRICT_FIELDS = Set.of("district_id", "district_name", "state", "year",
            "enriched", "elementary", "middle", "high");
    private static final Set<String> JSON_LEVEL_FIELDS = Set.of("instructional_minutes", "start_time", "end_time",
            "lunch_duration", "passing_periods", "recess_duration", "schools_sampled", "source_urls", "confidence",
            "method", "source", "notes");

    /** A schedule and where it came from in the file, for problems found after parsing. */
    record Located(BellSchedule schedule, Integer line, String path) {
    }

    private static final String UPSERT = """
            WITH incoming AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::time[], ?::time[], ?::int[], ?::int[],
                                     ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS t(nces_id, school_year, grade_level, instructional_minutes, start_time, end_time, lunch_minutes,
                         passing_minutes, recess_minutes, method, confidence, source_urls, source_description,
                         schools_sampled, notes)
            ), typed AS (
                -- text[] columns travel as their array literals: one parameter array cannot nest arrays of rows.
                SELECT nces_id, school_year, grade_level, instructional_minutes, start_time, end_time, lunch_minutes,
                       passing_minutes, recess_minutes, method, confidence, source_urls::text[] AS source_urls,
                       source_description, schools_sampled::text[] AS schools_sampled, notes
                FROM incoming
            ), changed AS (
                UPDATE bell_schedules b
                SET instructional_minutes = i.instructional_minutes, start_time = i.start_time, end_time = i.end_time,
                    lunch_minutes = i.lunch_minutes, passing_minutes = i.passing_minutes,
                    recess_minutes = i.recess_minutes, method = i.method, confidence = i.confidence,
                    source_urls = i.source_urls, source_description = i.source_description,
                    schools_sampled = i.schools_sampled, notes = i.notes
                FROM typed i
                WHERE b.nces_id = i.nces_id AND b.school_year = i.school_year AND b.grade_level = i.grade_level
                  AND (b.instructional_minutes, b.start_time, b.end_time, b.lunch_minutes, b.passing_minutes,
                       b.recess_minutes, b.method, b.confidence, b.source_urls, b.source_description,
                       b.schools_sampled, b.notes)
                      IS DISTINCT FROM
                      (i.instructional_minutes, i.start_time, i.end_time, i.lunch_minutes::smallint,
                       i.passing_minutes::smallint, i.recess_minutes::smallint, i.method, i.confidence, i.source_urls,
                       i.source_description, i.schools_sampled, i.notes)
                RETURNING 1
            ), added AS (
                INSERT INTO bell_schedules (nces_id, school_year, grade_level, instructional_minutes, start_time,
                                            end_time, lunch_minutes, passing_minutes, recess_minutes, method,
                                            confidence, source_urls, source_description, schools_sampled, notes)
                SELECT i.nces_id, i.school_year, i.grade_level, i.instructional_minutes, i.start_time, i.end_time,
                       i.lunch_minutes, i.passing_minutes, i.recess_minutes, i.method, i.confidence, i.source_urls,
                       i.source_description, i.schools_sampled, i.notes
                FROM typed i
                WHERE NOT EXISTS (SELECT 1 FROM bell_schedules b WHERE b.nces_id = i.nces_id
                                  AND b.school_year = i.school_year AND b.grade_level = i.grade_level)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed)
            """;

    private BellSchedulesImporter() {
    }

    static List<Located> parseCsv(String text, Vocabulary vocabulary, List<String> warnings) {
        Problems problems = new Problems();
        List<Located> schedules = new ArrayList<>();
        for (CsvTable.Row row : CsvTable.read(text, REQUIRED, OPTIONAL)) {
            Values values = new Values(problems, row.line());
            String ncesId = ncesId(row.get("district_id"), values, "district_id", warnings, "line " + row.line());
            String year = values.schoolYear("year", row.get("year"));
            BellSchedule schedule = schedule(ncesId, year, row.get("grade_level"), row.get("instructional_minutes"),
                    row.get("start_time"), row.get("end_time"), row.get("lunch_duration"),
                    row.get("passing_periods"), row.get("recess_duration"), row.get("method"),
                    row.get("confidence"), List.of(), row.get("source"), List.of(), row.get("notes"), "", values,
                    vocabulary);
            schedules.add(new Located(schedule, row.line(), null));
        }
        rejectDuplicates(schedules, problems);
        problems.throwIfAny();
        return schedules;
    }

    static List<Located> parseJson(String text, Vocabulary vocabulary, List<String> warnings) {
        JsonNode root = StrictTrees.readJson(text);
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new ImportRejectedException(ImportProblem.ofFile("json_shape",
                    "the file must be a JSON object keyed by district id"));
        }
        Problems problems = new Problems();
        Values values = new Values(problems, null);
        List<Located> schedules = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = entry.getKey();
            JsonNode district = entry.getValue();
            if (!district.isObject()) {
                values.fail(path, "object", "must be an object with the district's schedules");
                continue;
            }
            district.fieldNames().forEachRemaining(field -> {
                if (!JSON_DISTRICT_FIELDS.contains(field) && !field.startsWith("_comment")) {
                    values.fail(path + "." + field, "known_field", "unknown field");
                }
            });
            String rawId = district.hasNonNull("district_id") ? district.get("district_id").asText() : entry.getKey();
            String ncesId = ncesId(rawId, values, path + ".district_id", warnings, path);
            String year = values.schoolYear(path + ".year", text(district, "year"));
            for (String level : List.of("elementary", "middle", "high")) {
                JsonNode grade = district.get(level);
                if (grade == null || grade.isNull()) {
                    continue;
                }
                String prefix = path + "." + level + ".";
                if (!grade.isObject()) {
                    values.fail(path + "." + level, "object", "must be an object");
                    continue;
                }
                grade.fieldNames().forEachRemaining(field -> {
                    if (!JSON_LEVEL_FIELDS.contains(field)) {
                        values.fail(prefix + field, "known_field", "unknown field");
                    }
                });
                BellSchedule schedule = schedule(ncesId, year, level, text(grade, "instructional_minutes"),
                        text(grade, "start_time"), text(grade, "end_time"), text(grade, "lunch_duration"),
                        text(grade, "passing_periods"), text(grade, "recess_duration"), text(grade, "method"),
                        text(grade, "confidence"), strings(grade, "source_urls", prefix, values),
                        text(grade, "source"), strings(grade, "schools_sampled", prefix, values),
                        text(grade, "notes"), prefix, values, vocabulary);
                schedules.add(new Located(schedule, null, path + "." + level));
            }
        }
        rejectDuplicates(schedules, problems);
        problems.throwIfAny();
        return schedules;
    }

    /** A schedule for an LEA the database does not know cannot be stored; name every such row. */
    static void rejectUnknownDistricts(Connection connection, List<Located> schedules) throws SQLException {
        Set<String> ids = new HashSet<>();
        schedules.forEach(s -> ids.add(s.schedule().ncesId()));
        Set<String> unknown = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM unnest(?::text[]) AS id WHERE NOT EXISTS (SELECT 1 FROM leas l WHERE l.nces_id = id)")) {
            Array array = connection.createArrayOf("text", ids.toArray());
            statement.setArray(1, array);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    unknown.add(rs.getString(1));
                }
            }
        }
        Problems problems = new Problems();
        for (Located located : schedules) {
            if (unknown.contains(located.schedule().ncesId())) {
                problems.add(located.line(), located.line() != null ? "district_id" : located.path() + ".district_id",
                        "known_district", "no district with NCES id " + located.schedule().ncesId()
                                + " has been imported; import the districts first");
            }
        }
        problems.throwIfAny();
    }

    static ImportCounts write(Connection connection, List<Located> schedules) throws SQLException {
        List<Object[]> rows = schedules.stream().map(Located::schedule).map(s -> new Object[] {s.ncesId(),
                s.schoolYear(), s.gradeLevel(), s.instructionalMinutes(), s.startTime(), s.endTime(),
                s.lunchMinutes(), s.passingMinutes(), s.recessMinutes(), s.method(), s.confidence(),
                arrayLiteral(connection, s.sourceUrls()), s.sourceDescription(),
                arrayLiteral(connection, s.schoolsSampled()), s.notes()}).toList();
        return Upserts.run(connection, UPSERT, new String[] {"text", "text", "text", "int4", "time", "time", "int4",
                "int4", "int4", "text", "text", "text", "text", "text", "text"}, rows);
    }

    private static BellSchedule schedule(String ncesId, String year, String gradeLevel, String minutes,
            String start, String end, String lunch, String passing, String recess, String method, String confidence,
            List<String> sourceUrls, String source, List<String> schoolsSampled, String notes, String prefix,
            Values values, Vocabulary vocabulary) {
        String level = gradeLevel == null ? null : gradeLevel.toLowerCase(Locale.ROOT);
        if (level == null || !vocabulary.gradeLevels.contains(level)) {
            values.fail(prefix + "grade_level", "known_grade_level",
                    "must be one of " + String.join(", ", vocabulary.gradeLevels.stream().sorted().toList())
                            + ", got '" + gradeLevel + "'");
        }
        String methodCode = method == null ? null : vocabulary.methodByName.get(method.toLowerCase(Locale.ROOT));
        if (methodCode == null) {
            values.fail(prefix + "method", "known_method", "unknown collection method '" + method + "'");
        }
        String confidenceCode = confidence == null ? null
                : vocabulary.confidenceByName.get(confidence.toLowerCase(Locale.ROOT));
        if (confidenceCode == null) {
            values.fail(prefix + "confidence", "known_confidence", "unknown confidence level '" + confidence + "'");
        }
        BellSchedule schedule = new BellSchedule(ncesId, year, level,
                values.minutes(prefix + "instructional_minutes", minutes),
                values.time(prefix + "start_time", start), values.time(prefix + "end_time", end),
                breakMinutes(values, prefix + "lunch_duration", lunch),
                breakMinutes(values, prefix + "passing_periods", passing),
                breakMinutes(values, prefix + "recess_duration", recess),
                methodCode, confidenceCode, sourceUrls, source, schoolsSampled, notes);
        BellScheduleRules.check(schedule, (field, rule, message) -> values.fail(prefix + field, rule, message));
        return schedule;
    }

    private static Integer breakMinutes(Values values, String field, String raw) {
        Integer minutes = values.count(field, raw);
        if (minutes != null && minutes > 120) {
            values.fail(field, "maximum", "must be at most 120 minutes, got " + minutes);
            return null;
        }
        return minutes;
    }

    private static String ncesId(String raw, Values values, String field, List<String> warnings, String where) {
        String ncesId = values.ncesId(field, raw);
        if (ncesId == null) {
            return null;
        }
        String corrected = NcesIds.CORRECTIONS.get(ncesId);
        if (corrected != null) {
            warnings.add(where + ": district_id " + ncesId + " corrected to " + corrected);
            return corrected;
        }
        return ncesId;
    }

    private static void rejectDuplicates(List<Located> schedules, Problems problems) {
        Map<String, Located> seen = new HashMap<>();
        for (Located located : schedules) {
            BellSchedule s = located.schedule();
            if (s.ncesId() == null || s.schoolYear() == null || s.gradeLevel() == null) {
                continue;
            }
            Located earlier = seen.putIfAbsent(s.ncesId() + "/" + s.schoolYear() + "/" + s.gradeLevel(), located);
            if (earlier != null) {
                problems.add(located.line(), located.line() != null ? "grade_level" : located.path(), "unique_row",
                        "a second " + s.gradeLevel() + " schedule for district " + s.ncesId() + " in " + s.schoolYear()
                                + " (first at " + (earlier.line() != null ? "line " + earlier.line() : earlier.path())
                                + ")");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText().strip();
    }

    private static List<String> strings(JsonNode node, String field, String prefix, Values values) {
        JsonNode array = node.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            values.fail(prefix + field, "array", "must be a list of strings");
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        array.forEach(element -> strings.add(element.asText()));
        return strings;
    }

    private static String arrayLiteral(Connection connection, List<String> values) {
        try {
            return connection.createArrayOf("text", values.toArray()).toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
