package org.lct.importer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The NCES districts CSV ({@code district_id,district_name,state,enrollment,instructional_staff,year,data_source}):
 * one row per district and school year.
 */
final class DistrictsImporter {

    static final Set<String> REQUIRED = Set.of("district_id", "district_name", "state", "enrollment",
            "instructional_staff", "year");
    static final Set<String> OPTIONAL = Set.of("data_source");
    private static final BigDecimal MAX_STAFF = new BigDecimal("99999999.99");

    record District(String ncesId, String schoolYear, String name, String stateCode, Integer enrollment,
            BigDecimal instructionalStaffFte, String source) {
    }

    /**
     * One statement: rows that differ are updated, new rows inserted, identical rows left alone (so a repeated
     * import changes nothing and the lineage triggers record nothing). Both parts read the same snapshot, so they
     * never touch the same row.
     */
    private static final String UPSERT = """
            WITH incoming AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::numeric[], ?::text[])
                    AS t(nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source)
            ), changed AS (
                UPDATE districts d
                SET name = i.name, state_code = i.state_code, enrollment = i.enrollment,
                    instructional_staff_fte = i.instructional_staff_fte, source = i.source
                FROM incoming i
                WHERE d.nces_id = i.nces_id AND d.school_year = i.school_year
                  AND (d.name, d.state_code, d.enrollment, d.instructional_staff_fte, d.source)
                      IS DISTINCT FROM (i.name, i.state_code, i.enrollment, i.instructional_staff_fte, i.source)
                RETURNING 1
            ), added AS (
                INSERT INTO districts (nces_id, school_year, name, state_code, enrollment, instructional_staff_fte, source)
                SELECT i.nces_id, i.school_year, i.name, i.state_code, i.enrollment, i.instructional_staff_fte, i.source
                FROM incoming i
                WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.nces_id = i.nces_id AND d.school_year = i.school_year)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed)
            """;

    private DistrictsImporter() {
    }

    static List<District> parse(String text, Vocabulary vocabulary, List<String> warnings) {
        Problems problems = new Problems();
        List<District> districts = new ArrayList<>();
        Map<String, Integer> lineByKey = new HashMap<>();
        for (CsvTable.Row row : CsvTable.read(text, REQUIRED, OPTIONAL)) {
            Values values = new Values(problems, row.line());
            String ncesId = values.ncesId("district_id", row.get("district_id"));
            if (ncesId != null && NcesIds.CORRECTIONS.containsKey(ncesId)) {
                warnings.add("line " + row.line() + ": district_id " + ncesId + " corrected to "
                        + NcesIds.CORRECTIONS.get(ncesId));
                ncesId = NcesIds.CORRECTIONS.get(ncesId);
            }
            String name = values.required("district_name", row.get("district_name"), 255);
            String state = values.required("state", row.get("state"), 2);
            if (state != null) {
                state = state.toUpperCase(Locale.ROOT);
                String fips = vocabulary.fipsByState.get(state);
                if (fips == null) {
                    values.fail("state", "known_state", "unknown state code '" + state + "'");
                    state = null;
                } else if (ncesId != null && !ncesId.startsWith(fips)) {
                    values.fail("district_id", "state_matches_nces_id", "id " + ncesId + " does not start with "
                            + state + "'s FIPS code " + fips);
                }
            }
            Integer enrollment = values.count("enrollment", row.get("enrollment"));
            BigDecimal staff = values.decimal("instructional_staff", row.get("instructional_staff"), 2, MAX_STAFF);
            String year = values.schoolYear("year", row.get("year"));
            String source = values.maxLength("data_source",
                    row.get("data_source") == null ? "nces_ccd" : row.get("data_source"), 64);
            if (ncesId != null && year != null) {
                Integer earlier = lineByKey.putIfAbsent(ncesId + "/" + year, row.line());
                if (earlier != null) {
                    values.fail("district_id", "unique_row",
                            "district " + ncesId + " for " + year + " already appears on line " + earlier);
                }
            }
            districts.add(new District(ncesId, year, name, state, enrollment, staff, source));
        }
        problems.throwIfAny();
        return districts;
    }

    static ImportCounts write(Connection connection, List<District> districts) throws SQLException {
        List<Object[]> rows = districts.stream().map(d -> new Object[] {d.ncesId(), d.schoolYear(), d.name(),
                d.stateCode(), d.enrollment(), d.instructionalStaffFte(), d.source()}).toList();
        return Upserts.run(connection, UPSERT,
                new String[] {"text", "text", "text", "text", "int4", "numeric", "text"}, rows);
    }
}
