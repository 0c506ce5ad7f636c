package org.lct.importer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The state requirements YAML: {@code states.<state_name>} with {@code code}, {@code reference},
 * {@code source_url}, minutes per day for {@code elementary}, {@code middle_school} and {@code high_school},
 * {@code includes} and {@code notes}. The requirements are valid from the school year that starts in
 * {@code metadata.data_year}. The file's other top-level sections (notes, defaults, ranges) are documentation
 * and are not imported.
 */
final class StateRequirementsImporter {

    private static final Map<String, String> LEVELS = new LinkedHashMap<>();
    static {
        LEVELS.put("elementary", "elementary");
        LEVELS.put("middle_school", "middle");
        LEVELS.put("high_school", "high");
    }
    private static final Set<String> STATE_FIELDS = Set.of("code", "reference", "source_url", "elementary",
            "middle_school", "high_school", "includes", "notes");

    record Requirement(String stateCode, String gradeLevel, String validFromYear, Integer dailyMinutes,
            String timeCounted, String sourceCitation, String sourceUrl, String notes) {
    }

    private static final String UPSERT = """
            WITH incoming AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS t(state_code, grade_level, valid_from_year, daily_minutes, time_counted, source_citation, source_url, notes)
            ), changed AS (
                UPDATE state_requirements r
                SET daily_minutes = i.daily_minutes, time_counted = i.time_counted, source_citation = i.source_citation,
                    source_url = i.source_url, notes = i.notes
                FROM incoming i
                WHERE r.state_code = i.state_code AND r.grade_level = i.grade_level AND r.valid_from_year = i.valid_from_year
                  AND (r.daily_minutes, r.time_counted, r.source_citation, r.source_url, r.notes)
                      IS DISTINCT FROM (i.daily_minutes, i.time_counted, i.source_citation, i.source_url, i.notes)
                RETURNING 1
            ), added AS (
                INSERT INTO state_requirements (state_code, grade_level, valid_from_year, daily_minutes, time_counted,
                                                source_citation, source_url, notes)
                SELECT i.state_code, i.grade_level, i.valid_from_year, i.daily_minutes, i.time_counted,
                       i.source_citation, i.source_url, i.notes
                FROM incoming i
                WHERE NOT EXISTS (SELECT 1 FROM state_requirements r WHERE r.state_code = i.state_code
                                  AND r.grade_level = i.grade_level AND r.valid_from_year = i.valid_from_year)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed)
            """;

    private StateRequirementsImporter() {
    }

    static List<Requirement> parse(String text, Vocabulary vocabulary) {
        JsonNode root = StrictTrees.readYaml(text);
        Problems problems = new Problems();
        Values values = new Values(problems, null);
        if (root == null || !root.path("states").isObject() || root.path("states").isEmpty()) {
            throw new ImportRejectedException(new ImportProblem(null, "states", "required",
                    "the file needs a non-empty 'states' mapping"));
        }
        String validFrom = null;
        JsonNode dataYear = root.path("metadata").path("data_year");
        if (!dataYear.isValueNode() || !dataYear.asText().matches("[0-9]{4}")) {
            values.fail("metadata.data_year", "required", "must give the year the requirements date from, e.g. \"2020\"");
        } else {
            int year = Integer.parseInt(dataYear.asText());
            validFrom = year + "-" + String.format(Locale.ROOT, "%02d", (year + 1) % 100);
        }
        List<Requirement> requirements = new ArrayList<>();
        Map<String, String> nameByCode = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("states").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = "states." + entry.getKey();
            JsonNode state = entry.getValue();
            if (!state.isObject()) {
                values.fail(path, "object", "must be a mapping of the state's fields");
                continue;
            }
            state.fieldNames().forEachRemaining(field -> {
                if (!STATE_FIELDS.contains(field)) {
                    values.fail(path + "." + field, "known_field", "unknown field; expected " + String.join(", ", STATE_FIELDS));
                }
            });
            String code = values.required(path + ".code", text(state, "code"), 2);
            if (code != null) {
                code = code.toUpperCase(Locale.ROOT);
                if (!vocabulary.fipsByState.containsKey(code)) {
                    values.fail(path + ".code", "known_state", "unknown state code '" + code + "'");
                    code = null;
                } else if (nameByCode.putIfAbsent(code, entry.getKey()) != null) {
                    values.fail(path + ".code", "unique_state", "code " + code + " is also used by states."
                            + nameByCode.get(code));
                }
            }
            String citation = values.required(path + ".reference", text(state, "reference"), 400);
            String url = values.maxLength(path + ".source_url", text(state, "source_url"), 2000);
            if (url != null && !url.matches("^https?://.+")) {
                values.fail(path + ".source_url", "http_url", "must be an http(s) URL");
            }
            String includes = values.maxLength(path + ".includes", text(state, "includes"), 400);
            boolean anyLevel = false;
            for (Map.Entry<String, String> level : LEVELS.entrySet()) {
                if (!state.hasNonNull(level.getKey())) {
                    continue;
                }
                anyLevel = true;
                Integer minutes = values.minutes(path + "." + level.getKey(), text(state, level.getKey()));
                requirements.add(new Requirement(code, level.getValue(), validFrom, minutes, includes, citation,
                        url, text(state, "notes")));
            }
            if (!anyLevel) {
                values.fail(path, "required", "gives no minutes for elementary, middle_school or high_school");
            }
        }
        problems.throwIfAny();
        return requirements;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText().strip();
    }

    static ImportCounts write(Connection connection, List<Requirement> requirements) throws SQLException {
        List<Object[]> rows = requirements.stream().map(r -> new Object[] {r.stateCode(), r.gradeLevel(),
                r.validFromYear(), r.dailyMinutes(), r.timeCounted(), r.sourceCitation(), r.sourceUrl(), r.notes()})
                .toList();
        return Upserts.run(connection, UPSERT,
                new String[] {"text", "text", "text", "int4", "text", "text", "text", "text"}, rows);
    }
}
