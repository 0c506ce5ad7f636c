package org.lct.importer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NCES CCD LEA "long" files: membership by grade (file 052: one row per district, grade, race and sex, plus
 * subtotal rows) and staff by category (file 059: one row per district and staff category). Only the rows the
 * schema stores are kept: for membership the per-grade subtotal ({@value #GRADE_SUBTOTAL}), for staff every
 * category the staff_categories catalogue names. Other breakdowns are skipped and counted in a warning; a label
 * the catalogue does not know rejects the file, so a changed NCES layout cannot pass unnoticed.
 */
final class CcdLongFileImporter {

    static final String GRADE_SUBTOTAL = "Subtotal 4 - By Grade";
    private static final Set<String> CCD_IDENTITY_COLUMNS = Set.of("FIPST", "STATENAME", "ST", "LEA_NAME",
            "STATE_AGENCY_NO", "UNION", "ST_LEAID", "DMS_FLAG");
    static final Set<String> MEMBERSHIP_REQUIRED = Set.of("SCHOOL_YEAR", "LEAID", "GRADE", "RACE_ETHNICITY", "SEX",
            "STUDENT_COUNT", "TOTAL_INDICATOR");
    static final Set<String> STAFF_REQUIRED = Set.of("SCHOOL_YEAR", "LEAID", "STAFF", "STAFF_COUNT", "TOTAL_INDICATOR");
    private static final Set<String> NOT_A_CATEGORY = Set.of("no category codes", "not specified");
    private static final Pattern CCD_YEAR = Pattern.compile("([0-9]{4})-([0-9]{4})");
    private static final BigDecimal MAX_FTE = new BigDecimal("99999999.99");

    /** One stored value: district, year, key (grade code or staff category) and amount. */
    record Count(int line, String ncesId, String schoolYear, String key, BigDecimal amount) {
    }

    private static final String UPSERT_ENROLLMENT = """
            WITH incoming AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[])
                    AS t(nces_id, school_year, grade, students, source)
            ), changed AS (
                UPDATE enrollment_by_grade e SET students = i.students, source = i.source
                FROM incoming i
                WHERE e.nces_id = i.nces_id AND e.school_year = i.school_year AND e.grade = i.grade
                  AND (e.students, e.source) IS DISTINCT FROM (i.students, i.source)
                RETURNING 1
            ), added AS (
                INSERT INTO enrollment_by_grade (nces_id, school_year, grade, students, source)
                SELECT * FROM incoming i
                WHERE NOT EXISTS (SELECT 1 FROM enrollment_by_grade e WHERE e.nces_id = i.nces_id
                                  AND e.school_year = i.school_year AND e.grade = i.grade)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed)
            """;

    private static final String UPSERT_STAFF = """
            WITH incoming AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[])
                    AS t(nces_id, school_year, category, fte, source)
            ), changed AS (
                UPDATE staff_counts s SET fte = i.fte, source = i.source
                FROM incoming i
                WHERE s.nces_id = i.nces_id AND s.school_year = i.school_year AND s.category = i.category
                  AND (s.fte, s.source) IS DISTINCT FROM (i.fte, i.source)
                RETURNING 1
            ), added AS (
                INSERT INTO staff_counts (nces_id, school_year, category, fte, source)
                SELECT * FROM incoming i
                WHERE NOT EXISTS (SELECT 1 FROM staff_counts s WHERE s.nces_id = i.nces_id
                                  AND s.school_year = i.school_year AND s.category = i.category)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed)
            """;

    private CcdLongFileImporter() {
    }

    static List<Count> parseMembership(String text, Map<String, String> gradeByLabel, List<String> warnings) {
        Problems problems = new Problems();
        List<Count> counts = new ArrayList<>();
        int skipped = 0;
        int unreported = 0;
        for (CsvTable.Row row : CsvTable.read(text, MEMBERSHIP_REQUIRED, CCD_IDENTITY_COLUMNS)) {
            String grade = row.get("GRADE");
            if (!GRADE_SUBTOTAL.equalsIgnoreCase(String.valueOf(row.get("TOTAL_INDICATOR")))
                    || grade == null || NOT_A_CATEGORY.contains(grade.toLowerCase(Locale.ROOT))) {
                skipped++;
                continue;
            }
            Values values = new Values(problems, row.line());
            String code = gradeByLabel.get(grade.toLowerCase(Locale.ROOT));
            if (code == null) {
                values.fail("GRADE", "known_grade", "unknown grade '" + grade + "'; expected one of "
                        + String.join(", ", gradeByLabel.keySet().stream().sorted().toList()));
            }
            if (row.get("STUDENT_COUNT") == null) {
                unreported++;
                continue;
            }
            Integer students = values.count("STUDENT_COUNT", row.get("STUDENT_COUNT"));
            counts.add(new Count(row.line(), ncesId(row, values), schoolYear(row, values), code,
                    students == null ? null : BigDecimal.valueOf(students)));
        }
        rejectDuplicates(counts, problems, "GRADE");
        problems.throwIfAny();
        summarise(warnings, skipped, unreported, "grade subtotal");
        return counts;
    }

    static List<Count> parseStaff(String text, Map<String, String> categoryByLabel, List<String> warnings) {
        Problems problems = new Problems();
        List<Count> counts = new ArrayList<>();
        int skipped = 0;
        int unreported = 0;
        for (CsvTable.Row row : CsvTable.read(text, STAFF_REQUIRED, CCD_IDENTITY_COLUMNS)) {
            String staff = row.get("STAFF");
            if (staff == null || NOT_A_CATEGORY.contains(staff.toLowerCase(Locale.ROOT))) {
                skipped++;
                continue;
            }
            Values values = new Values(problems, row.line());
            String category = categoryByLabel.get(staff.toLowerCase(Locale.ROOT));
            if (category == null) {
                values.fail("STAFF", "known_staff_category", "unknown staff category '" + staff
                        + "'; the staff_categories catalogue maps the NCES labels it knows");
            }
            if (row.get("STAFF_COUNT") == null) {
                unreported++;
                continue;
            }
            BigDecimal fte = values.decimal("STAFF_COUNT", row.get("STAFF_COUNT"), 2, MAX_FTE);
            counts.add(new Count(row.line(), ncesId(row, values), schoolYear(row, values), category, fte));
        }
        rejectDuplicates(counts, problems, "STAFF");
        problems.throwIfAny();
        summarise(warnings, skipped, unreported, "staff category");
        return counts;
    }

    /** Every (district, year) must be an imported district: the counts belong to its NCES year. */
    static void rejectUnknownDistricts(Connection connection, List<Count> counts) throws SQLException {
        Set<String> keys = new HashSet<>();
        counts.forEach(c -> keys.add(c.ncesId() + "/" + c.schoolYear()));
        Set<String> unknown = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT k FROM unnest(?::text[]) AS k
                WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id || '/' || d.school_year = k)
                """)) {
            statement.setArray(1, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    unknown.add(rs.getString(1));
                }
            }
        }
        Problems problems = new Problems();
        for (Count count : counts) {
            String key = count.ncesId() + "/" + count.schoolYear();
            if (unknown.contains(key)) {
                problems.add(count.line(), "LEAID", "known_district", "no district " + count.ncesId() + " for "
                        + count.schoolYear() + " has been imported; import the districts of that year first");
            }
        }
        problems.throwIfAny();
    }

    static ImportCounts writeMembership(Connection connection, List<Count> counts) throws SQLException {
        return Upserts.run(connection, UPSERT_ENROLLMENT, new String[] {"text", "text", "text", "int4", "text"},
                counts.stream().map(c -> new Object[] {c.ncesId(), c.schoolYear(), c.key(), c.amount().intValueExact(),
                        "nces_ccd_052"}).toList());
    }

    static ImportCounts writeStaff(Connection connection, List<Count> counts) throws SQLException {
        return Upserts.run(connection, UPSERT_STAFF, new String[] {"text", "text", "text", "numeric", "text"},
                counts.stream().map(c -> new Object[] {c.ncesId(), c.schoolYear(), c.key(), c.amount(),
                        "nces_ccd_059"}).toList());
    }

    static Map<String, String> labels(Connection connection, String sql) throws SQLException {
        Map<String, String> byLabel = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                byLabel.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        return byLabel;
    }

    private static String ncesId(CsvTable.Row row, Values values) {
        return values.ncesId("LEAID", row.get("LEAID"));
    }

    /** CCD writes {@code 2023-2024}; the schema's school years are {@code 2023-24}. */
    private static String schoolYear(CsvTable.Row row, Values values) {
        String raw = row.get("SCHOOL_YEAR");
        Matcher matcher = raw == null ? null : CCD_YEAR.matcher(raw);
        if (matcher != null && matcher.matches()
                && Integer.parseInt(matcher.group(1)) + 1 == Integer.parseInt(matcher.group(2))) {
            return matcher.group(1) + "-" + matcher.group(2).substring(2);
        }
        return values.schoolYear("SCHOOL_YEAR", raw);
    }

    private static void rejectDuplicates(List<Count> counts, Problems problems, String field) {
        Map<String, Integer> lineByKey = new HashMap<>();
        for (Count count : counts) {
            if (count.ncesId() == null || count.schoolYear() == null || count.key() == null) {
                continue;
            }
            Integer earlier = lineByKey.putIfAbsent(count.ncesId() + "/" + count.schoolYear() + "/" + count.key(),
                    count.line());
            if (earlier != null) {
                problems.add(count.line(), field, "unique_row", "the same district, year and " + field.toLowerCase(
                        Locale.ROOT) + " as line " + earlier);
            }
        }
    }

    private static void summarise(List<String> warnings, int skipped, int unreported, String kept) {
        if (skipped > 0) {
            warnings.add(skipped + " rows of other breakdowns skipped (only the " + kept + " rows are stored)");
        }
        if (unreported > 0) {
            warnings.add(unreported + " rows without a count (not reported by NCES) skipped");
        }
    }
}
