package org.lct.district.repository;

import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.district.model.BellSchedule;
import org.lct.district.model.DistrictDetail;
import org.lct.district.model.DistrictFilter;
import org.lct.district.model.DistrictSummary;
import org.lct.district.model.LctResult;
import org.lct.district.model.Page;
import org.lct.district.model.PageRequest;
import org.lct.district.model.RenderedJson;
import org.lct.district.model.SortField;
import org.lct.district.model.StateRequirement;

/** Districts, their bell schedules and their LCT results. */
@ApplicationScoped
public class DistrictRepository {

    /** API sort field → output column of {@link #listQuery}. */
    public static final Map<String, String> SORTABLE = Map.of(
            "nces_id", "nces_id",
            "name", "lower(name)",
            "state", "state_code",
            "enrollment", "enrollment",
            "staff_fte", "instructional_staff_fte",
            "lct", "lct_minutes");
    private static final String TIE_BREAK = "nces_id";

    /**
     * The enriched_districts meaning (a schedule collected from real evidence, any year) as a per-row test: joining
     * the aggregating view made the planner walk every district in id order instead of the state's index.
     */
    private static final String HAS_BELL_SCHEDULE = "EXISTS (SELECT 1 FROM bell_schedules b JOIN collection_methods m "
            + "ON m.code = b.method WHERE b.nces_id = d.nces_id AND m.counts_as_enriched)";

    private final QueryRunner runner;

    public DistrictRepository(QueryRunner runner) {
        this.runner = runner;
    }

    public Page<DistrictSummary> page(DistrictFilter filter, PageRequest request, Map<String, Object> echo) {
        return runner.page(listQuery(filter), request, SORTABLE, TIE_BREAK, echo, DistrictRepository::summary);
    }

    public void csv(DistrictFilter filter, List<SortField> sort, OutputStream out) {
        runner.csv(listQuery(filter), "*", sort, SORTABLE, TIE_BREAK, out);
    }

    private static SqlQuery listQuery(DistrictFilter f) {
        SqlQuery query = new SqlQuery("""
                SELECT d.nces_id::text AS nces_id, d.name, d.state_code::text AS state_code,
                       d.school_year::text AS school_year, d.enrollment, d.instructional_staff_fte,
                       d.is_shared_service, %s AS has_bell_schedule,
                       ?::text AS lct_scope, l.lct_minutes, l.is_valid AS lct_is_valid, l.run_id AS lct_run_id
                FROM districts d
                LEFT JOIN current_lct l
                       ON l.school_year = d.school_year AND l.nces_id = d.nces_id AND l.staff_scope = ?
                WHERE d.school_year = ?""".formatted(HAS_BELL_SCHEDULE), f.scope(), f.scope(), f.year());
        query.andIf(f.states(), "d.state_code = ANY(?::bpchar[])")
                .andIf(f.name(), "strpos(lower(d.name), lower(?)) > 0")
                .andIf(f.enrollmentMin(), "d.enrollment >= ?")
                .andIf(f.enrollmentMax(), "d.enrollment <= ?")
                .andIf(f.lctMin(), "l.lct_minutes >= ?")
                .andIf(f.lctMax(), "l.lct_minutes <= ?");
        if (f.hasBellSchedule() != null) {
            query.append(f.hasBellSchedule() ? " AND " + HAS_BELL_SCHEDULE : " AND NOT " + HAS_BELL_SCHEDULE);
        }
        return query;
    }

    /**
     * The district in {@code year} (its newest year when null) with the requirements in effect that year, its bell
     * schedules and the current LCT of that year: one statement, in which PostgreSQL also renders the document.
     * The fields come in the order the service's ObjectMapper writes the model records (alphabetical, not the
     * declaration order); RenderedDocumentsTest holds both to the same bytes.
     */
    public Optional<RenderedJson<DistrictDetail>> findDocument(String ncesId, String year) {
        SqlQuery district = new SqlQuery("""
                SELECT d.nces_id, d.name, d.state_code, d.school_year, d.enrollment, d.instructional_staff_fte,
                       d.is_shared_service, d.source
                FROM districts d
                WHERE d.nces_id = ?""", ncesId).andIf(year, "d.school_year = ?")
                .append(" ORDER BY d.school_year DESC LIMIT 1");
        SqlQuery document = new SqlQuery("SELECT to_json(doc)::text FROM (" + """
                SELECT (%s) AS bell_schedules, d.enrollment, d.instructional_staff_fte, d.is_shared_service,
                       (%s) AS lct, d.name, d.nces_id::text AS nces_id, d.school_year::text AS school_year, d.source,
                       d.state_code::text AS state_code, s.name AS state_name,
                       (%s) AS state_requirements
                FROM (""".formatted(BELL_SCHEDULES_JSON, CURRENT_LCT_JSON, REQUIREMENTS_IN_EFFECT_JSON))
                .append(district.sql(), district.parameters().toArray())
                .append(") AS d JOIN states s ON s.code = d.state_code) AS doc");
        return runner.one(document, row -> new RenderedJson<>(row.getString(1)));
    }

    /**
     * ISO 8601 in UTC as Jackson writes the {@code OffsetDateTime} the driver reads: seconds always, the fraction
     * without trailing zeros (none when zero), {@code Z}.
     */
    private static String isoUtc(String timestamp) {
        return ("to_char(%1$s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
                + " || rtrim(rtrim(to_char(%1$s AT TIME ZONE 'UTC', '.US'), '0'), '.') || 'Z'").formatted(timestamp);
    }

    /**
     * A JSON array of {@code row} (a relation alias, rendered with to_json: its columns are the fields) in the order
     * of {@code orderBy}, as json; {@code []} when there is none. Built from text because json_agg adds whitespace.
     */
    private static String jsonArray(String row, String orderBy) {
        return "coalesce('[' || string_agg(to_json(%s)::text, ',' ORDER BY %s) || ']', '[]')::json"
                .formatted(row, orderBy);
    }

    /** {@link StateRequirement}s of the district {@code d} in effect in its year (see requirementsInEffectQuery). */
    private static final String REQUIREMENTS_IN_EFFECT_JSON = "SELECT " + jsonArray("j", "e.sort_order") + """

            FROM (SELECT DISTINCT ON (r.grade_level) r.*, sl.sort_order
                  FROM state_requirements r JOIN school_levels sl ON sl.code = r.grade_level
                  WHERE r.state_code = d.state_code
                  ORDER BY r.grade_level, (r.valid_from_year <= d.school_year) DESC,
                           CASE WHEN r.valid_from_year <= d.school_year THEN r.valid_from_year END DESC,
                           r.valid_from_year) AS e
            CROSS JOIN LATERAL (
                SELECT e.annual_days, e.annual_hours, e.daily_minutes, e.grade_level, e.notes, e.source_citation,
                       e.source_url, e.state_code::text AS state_code, e.time_counted,
                       e.valid_from_year::text AS valid_from_year) AS j""";

    /** Every {@link BellSchedule} of the district {@code d}, in {@link #BELL_SCHEDULE_ORDER}. */
    private static final String BELL_SCHEDULES_JSON = "SELECT " + jsonArray("j",
            "b.school_year DESC, array_position(ARRAY['elementary','middle','high']::text[], b.grade_level::text), b.id")
            + """

            FROM bell_schedules b
            CROSS JOIN LATERAL (
                SELECT b.confidence, b.end_time::text AS end_time, b.grade_level, b.id, b.instructional_minutes,
                       b.lunch_minutes, b.method, b.nces_id::text AS nces_id, b.notes, b.passing_minutes,
                       b.recess_minutes, b.school_year::text AS school_year, b.schools_sampled,
                       b.source_description, b.source_urls, b.start_time::text AS start_time,
                       %s AS updated_at, b.version) AS j
            WHERE b.nces_id = d.nces_id""".formatted(isoUtc("b.updated_at"));

    /** The district {@code d}'s {@link LctResult}s of the current run of its year, in the scopes' display order. */
    private static final String CURRENT_LCT_JSON = "SELECT " + jsonArray("j", "s.sort_order") + """

            FROM current_lct c
            JOIN calculation_runs r ON r.id = c.run_id
            JOIN staff_scopes s ON s.code = c.staff_scope
            CROSS JOIN LATERAL (%s) AS j
            WHERE c.school_year = d.school_year AND c.nces_id = d.nces_id""".formatted(lctResultFields());

    /** The fields of an {@link LctResult} of row {@code c} of run {@code r}, in Jackson's order. */
    private static String lctResultFields() {
        return """
                SELECT c.bell_schedule_id, c.enrollment, c.instructional_minutes, c.is_valid, c.lct_minutes,
                       c.minutes_grade_level, c.minutes_source, c.qa_flags, %s AS run_finished_at, c.run_id,
                       c.school_year::text AS school_year, c.staff_fte, c.staff_scope""".formatted(
                isoUtc("r.finished_at"));
    }

    public boolean exists(String ncesId) {
        return runner.one(new SqlQuery("SELECT 1 FROM leas WHERE nces_id = ?", ncesId), row -> true).isPresent();
    }

    // ---- bell schedules ----

    private static SqlQuery bellScheduleQuery(String ncesId, String year) {
        return new SqlQuery("""
                SELECT b.id, b.nces_id::text AS nces_id, b.school_year::text AS school_year, b.grade_level,
                       b.instructional_minutes, b.start_time::text AS start_time, b.end_time::text AS end_time,
                       b.lunch_minutes, b.passing_minutes, b.recess_minutes, b.method, b.confidence,
                       b.source_urls, b.source_description, b.schools_sampled, b.notes, b.version, b.updated_at
                FROM bell_schedules b
                WHERE b.nces_id = ?""", ncesId).andIf(year, "b.school_year = ?");
    }

    /** Newest year first, then elementary, middle, high. */
    private static final String BELL_SCHEDULE_ORDER = "school_year DESC, "
            + "array_position(ARRAY['elementary','middle','high']::text[], grade_level::text), id";

    public List<BellSchedule> bellSchedules(String ncesId, String year) {
        return runner.list(bellScheduleQuery(ncesId, year), BELL_SCHEDULE_ORDER, DistrictRepository::bellSchedule);
    }

    public void bellSchedulesCsv(String ncesId, String year, OutputStream out) {
        runner.csv(bellScheduleQuery(ncesId, year), "*", List.of(), Map.of(), BELL_SCHEDULE_ORDER, out);
    }

    // ---- requirements in effect ----

    /** Per school level, the latest requirement valid from {@code year} or before, else the earliest one. */
    public List<StateRequirement> requirementsInEffect(String stateCode, String year) {
        return runner.list(requirementsInEffectQuery(stateCode, year), DistrictRepository::requirement);
    }

    private static SqlQuery requirementsInEffectQuery(String stateCode, String year) {
        return new SqlQuery("""
                SELECT * FROM (
                    SELECT DISTINCT ON (r.grade_level) r.*, sl.sort_order
                    FROM state_requirements r JOIN school_levels sl ON sl.code = r.grade_level
                    WHERE r.state_code = ?
                    ORDER BY r.grade_level, (r.valid_from_year <= ?) DESC,
                             CASE WHEN r.valid_from_year <= ? THEN r.valid_from_year END DESC, r.valid_from_year
                ) AS effective ORDER BY sort_order
                """, stateCode, year, year);
    }

    // ---- LCT ----

    private static final String LCT_COLUMNS = """
            c.run_id, r.finished_at AS run_finished_at, c.school_year::text AS school_year, c.staff_scope,
            c.instructional_minutes, c.minutes_source, c.minutes_grade_level, c.bell_schedule_id, c.staff_fte,
            c.enrollment, c.lct_minutes, c.is_valid, c.qa_flags""";

    private static SqlQuery lctHistoryQuery(String ncesId, List<String> scopes) {
        return new SqlQuery("SELECT " + LCT_COLUMNS + ", s.sort_order AS scope_order" + """

                FROM lct_calculations c
                JOIN calculation_runs r ON r.id = c.run_id AND r.status = 'succeeded'
                JOIN staff_scopes s ON s.code = c.staff_scope
                WHERE c.nces_id = ?""", ncesId).andIf(scopes, "c.staff_scope = ANY(?::text[])");
    }

    private static final String LCT_HISTORY_ORDER = "run_finished_at DESC, run_id DESC, scope_order";
    private static final String LCT_CSV_COLUMNS = "run_id, run_finished_at, school_year, staff_scope, "
            + "instructional_minutes, minutes_source, minutes_grade_level, bell_schedule_id, staff_fte, enrollment, "
            + "lct_minutes, is_valid, qa_flags";

    /**
     * The district's {@link LctResult}s from every successful run (newest run first, then the scopes' order), each
     * rendered by PostgreSQL; empty when there is no such district. One statement: the district's existence comes
     * with its rows.
     */
    public Optional<List<RenderedJson<LctResult>>> lctHistoryDocuments(String ncesId, List<String> scopes) {
        SqlQuery history = new SqlQuery("SELECT to_json(j)::text AS item, r.finished_at AS run_finished_at, "
                + "c.run_id, s.sort_order AS scope_order" + """

                FROM lct_calculations c
                JOIN calculation_runs r ON r.id = c.run_id AND r.status = 'succeeded'
                JOIN staff_scopes s ON s.code = c.staff_scope
                CROSS JOIN LATERAL (%s) AS j
                WHERE c.nces_id = l.nces_id""".formatted(lctResultFields())).andIf(scopes,
                "c.staff_scope = ANY(?::text[])");
        SqlQuery query = new SqlQuery("SELECT h.item FROM leas l LEFT JOIN LATERAL (")
                .append(history.sql(), history.parameters().toArray())
                .append(") AS h ON true WHERE l.nces_id = ? ORDER BY " + LCT_HISTORY_ORDER, ncesId);
        List<String> items = runner.list(query, row -> row.getString(1));
        if (items.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(items.stream().filter(item -> item != null).map(RenderedJson<LctResult>::new).toList());
    }

    public void lctHistoryCsv(String ncesId, List<String> scopes, OutputStream out) {
        runner.csv(lctHistoryQuery(ncesId, scopes), LCT_CSV_COLUMNS, List.of(), Map.of(), LCT_HISTORY_ORDER, out);
    }

    // ---- row mappers ----

    static DistrictSummary summary(ResultSet row) throws SQLException {
        return new DistrictSummary(row.getString("nces_id"), row.getString("name"), row.getString("state_code"),
                row.getString("school_year"), QueryRunner.integerOrNull(row, "enrollment"),
                row.getBigDecimal("instructional_staff_fte"), row.getBoolean("is_shared_service"),
                row.getBoolean("has_bell_schedule"), row.getString("lct_scope"), row.getBigDecimal("lct_minutes"),
                QueryRunner.booleanOrNull(row, "lct_is_valid"), QueryRunner.longOrNull(row, "lct_run_id"));
    }

    static BellSchedule bellSchedule(ResultSet row) throws SQLException {
        return new BellSchedule(row.getLong("id"), row.getString("nces_id"), row.getString("school_year"),
                row.getString("grade_level"), row.getInt("instructional_minutes"), row.getString("start_time"),
                row.getString("end_time"), QueryRunner.integerOrNull(row, "lunch_minutes"),
                QueryRunner.integerOrNull(row, "passing_minutes"), QueryRunner.integerOrNull(row, "recess_minutes"),
                row.getString("method"), row.getString("confidence"), QueryRunner.stringArray(row, "source_urls"),
                row.getString("source_description"), QueryRunner.stringArray(row, "schools_sampled"),
                row.getString("notes"), row.getInt("version"), QueryRunner.timestamp(row, "updated_at"));
    }

    static StateRequirement requirement(ResultSet row) throws SQLException {
        return new StateRequirement(row.getString("state_code"), row.getString("grade_level"),
                row.getString("valid_from_year"), row.getInt("daily_minutes"), row.getBigDecimal("annual_hours"),
                QueryRunner.integerOrNull(row, "annual_days"), row.getString("time_counted"),
                row.getString("source_citation"), row.getString("source_url"), row.getString("notes"));
    }
}
