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
     * schedules and the current LCT of that year: four queries on one connection.
     */
    public Optional<DistrictDetail> findWithParts(String ncesId, String year) {
        return runner.inOneConnection(session -> session.one(districtQuery(ncesId, year), DistrictRepository::detail)
                .map(d -> new DistrictDetail(d.ncesId(), d.name(), d.stateCode(), d.stateName(), d.schoolYear(),
                        d.enrollment(), d.instructionalStaffFte(), d.isSharedService(), d.source(),
                        session.list(requirementsInEffectQuery(d.stateCode(), d.schoolYear()),
                                DistrictRepository::requirement),
                        session.list(bellScheduleQuery(ncesId, null), BELL_SCHEDULE_ORDER,
                                DistrictRepository::bellSchedule),
                        session.list(currentLctQuery(ncesId, d.schoolYear()), DistrictRepository::lctResult))));
    }

    private static SqlQuery districtQuery(String ncesId, String year) {
        SqlQuery query = new SqlQuery("""
                SELECT d.nces_id::text AS nces_id, d.name, d.state_code::text AS state_code, s.name AS state_name,
                       d.school_year::text AS school_year, d.enrollment, d.instructional_staff_fte,
                       d.is_shared_service, d.source
                FROM districts d JOIN states s ON s.code = d.state_code
                WHERE d.nces_id = ?""", ncesId);
        return query.andIf(year, "d.school_year = ?").append(" ORDER BY d.school_year DESC LIMIT 1");
    }

    private static DistrictDetail detail(ResultSet row) throws SQLException {
        return new DistrictDetail(row.getString("nces_id"), row.getString("name"),
                row.getString("state_code"), row.getString("state_name"), row.getString("school_year"),
                QueryRunner.integerOrNull(row, "enrollment"), row.getBigDecimal("instructional_staff_fte"),
                row.getBoolean("is_shared_service"), row.getString("source"), List.of(), List.of(), List.of());
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

    /** The district's rows of the current run of {@code year}, in the scopes' display order. */
    private static SqlQuery currentLctQuery(String ncesId, String year) {
        return new SqlQuery("SELECT " + LCT_COLUMNS + """

                FROM current_lct c
                JOIN calculation_runs r ON r.id = c.run_id
                JOIN staff_scopes s ON s.code = c.staff_scope
                WHERE c.school_year = ? AND c.nces_id = ?
                ORDER BY s.sort_order
                """, year, ncesId);
    }

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

    public List<LctResult> lctHistory(String ncesId, List<String> scopes) {
        return runner.list(lctHistoryQuery(ncesId, scopes), LCT_HISTORY_ORDER, DistrictRepository::lctResult);
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

    static LctResult lctResult(ResultSet row) throws SQLException {
        return new LctResult(row.getLong("run_id"), QueryRunner.timestamp(row, "run_finished_at"),
                row.getString("school_year"), row.getString("staff_scope"), row.getInt("instructional_minutes"),
                row.getString("minutes_source"), row.getString("minutes_grade_level"),
                QueryRunner.longOrNull(row, "bell_schedule_id"), row.getBigDecimal("staff_fte"),
                row.getInt("enrollment"), row.getBigDecimal("lct_minutes"), row.getBoolean("is_valid"),
                QueryRunner.stringArray(row, "qa_flags"));
    }
}
