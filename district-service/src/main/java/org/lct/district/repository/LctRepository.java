package org.lct.district.repository;

import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.district.model.LctFilter;
import org.lct.district.model.LctRow;
import org.lct.district.model.Page;
import org.lct.district.model.PageRequest;
import org.lct.district.model.RankedLct;
import org.lct.district.model.RankingRequest;
import org.lct.district.model.SortField;
import org.lct.district.model.Summary;
import org.lct.district.model.SummaryStatistics;

/** Current LCT values and rankings (current_lct) and summary statistics (lct_summary_stats), as the runs keep them. */
@ApplicationScoped
public class LctRepository {

    public static final Map<String, String> SORTABLE = Map.of(
            "nces_id", "nces_id",
            "name", "lower(district_name)",
            "state", "state_code",
            "scope", "scope_order",
            "lct", "lct_minutes",
            "enrollment", "enrollment",
            "minutes", "instructional_minutes");
    private static final String TIE_BREAK = "nces_id, scope_order";

    private final QueryRunner runner;

    public LctRepository(QueryRunner runner) {
        this.runner = runner;
    }

    private static SqlQuery listQuery(LctFilter f, boolean withOrderColumn) {
        SqlQuery query = new SqlQuery("""
                SELECT v.nces_id::text AS nces_id, v.district_name, v.state_code::text AS state_code,
                       v.school_year::text AS school_year, v.staff_scope, v.run_id, v.instructional_minutes,
                       v.minutes_source, v.staff_fte, v.enrollment, v.lct_minutes, v.is_valid, v.qa_flags"""
                + (withOrderColumn ? ", s.sort_order AS scope_order" : "") + """

                FROM current_lct v JOIN staff_scopes s ON s.code = v.staff_scope
                WHERE v.school_year = ?""", f.year());
        query.andIf(f.states(), "v.state_code = ANY(?::bpchar[])")
                .andIf(f.scopes(), "v.staff_scope = ANY(?::text[])")
                .andIf(f.name(), "strpos(lower(v.district_name), lower(?)) > 0")
                .andIf(f.enrollmentMin(), "v.enrollment >= ?")
                .andIf(f.enrollmentMax(), "v.enrollment <= ?")
                .andIf(f.lctMin(), "v.lct_minutes >= ?")
                .andIf(f.lctMax(), "v.lct_minutes <= ?")
                .andIf(f.valid(), "v.is_valid = ?")
                .andIf(f.minutesSources(), "v.minutes_source = ANY(?::text[])");
        return query;
    }

    public Page<LctRow> page(LctFilter filter, PageRequest request, Map<String, Object> echo) {
        return runner.page(listQuery(filter, true), request, SORTABLE, TIE_BREAK, echo, LctRepository::row);
    }

    /** The CSV columns: the JSON fields (the scope's display order is only needed for sorting). */
    private static final String CSV_COLUMNS = "nces_id, district_name, state_code, school_year, staff_scope, run_id, "
            + "instructional_minutes, minutes_source, staff_fte, enrollment, lct_minutes, is_valid, qa_flags";

    public void csv(LctFilter filter, List<SortField> sort, OutputStream out) {
        runner.csv(listQuery(filter, true), CSV_COLUMNS, sort, SORTABLE, TIE_BREAK, out);
    }

    /**
     * The {@code limit} highest (or lowest) values of {@code scope}, valid ones only unless asked, per state when
     * {@code states} is given, else nationally; ties by nces_id.
     */
    private static SqlQuery rankingQuery(RankingRequest r) {
        // geography and direction are chosen from two fixed texts each, never from client input
        String geography = r.states() == null ? "'US'" : "v.state_code::text";
        String direction = r.top() ? "DESC" : "ASC";
        SqlQuery query = new SqlQuery("SELECT geography, rank, nces_id, district_name, state_code, staff_scope, "
                + "lct_minutes, enrollment, instructional_minutes, minutes_source, run_id, is_valid, qa_flags FROM ("
                + "SELECT " + geography + " AS geography, row_number() OVER (PARTITION BY " + geography
                + " ORDER BY v.lct_minutes " + direction + ", v.nces_id)::int AS rank, v.nces_id::text AS nces_id, "
                + "v.district_name, v.state_code::text AS state_code, v.staff_scope, v.lct_minutes, v.enrollment, "
                + "v.instructional_minutes, v.minutes_source, v.run_id, v.is_valid, v.qa_flags "
                + "FROM current_lct v WHERE v.school_year = ? AND v.staff_scope = ? "
                + "AND v.lct_minutes IS NOT NULL", r.year(), r.scope());
        if (!r.includeInvalid()) {
            query.append(" AND v.is_valid");
        }
        return query.andIf(r.states(), "v.state_code = ANY(?::bpchar[])")
                .append(") AS ranked WHERE rank <= ?", r.limit());
    }

    private static final String RANKING_ORDER = "geography, rank";

    public List<RankedLct> rankings(RankingRequest ranking) {
        return runner.list(rankingQuery(ranking), RANKING_ORDER,
                row -> new RankedLct(row.getString("geography"), row.getInt("rank"),
                row.getString("nces_id"), row.getString("district_name"), row.getString("state_code"),
                row.getString("staff_scope"), row.getBigDecimal("lct_minutes"), row.getInt("enrollment"),
                row.getInt("instructional_minutes"), row.getString("minutes_source"), row.getLong("run_id"),
                row.getBoolean("is_valid"), QueryRunner.stringArray(row, "qa_flags")));
    }

    /** The invalid values a valid-only ranking of the same scope, year and states leaves out. */
    public long invalidValues(RankingRequest r) {
        SqlQuery query = new SqlQuery("SELECT count(*) FROM current_lct v WHERE v.school_year = ? "
                + "AND v.staff_scope = ? AND NOT v.is_valid AND v.lct_minutes IS NOT NULL", r.year(), r.scope())
                .andIf(r.states(), "v.state_code = ANY(?::bpchar[])");
        return runner.one(query, row -> row.getLong(1)).orElse(0L);
    }

    public void rankingsCsv(RankingRequest ranking, OutputStream out) {
        runner.csv(rankingQuery(ranking), "*", List.of(), Map.of(), RANKING_ORDER, out);
    }

    /**
     * Statistics of {@code geography} (US or a state code) per scope, in the scopes' display order, with when the
     * year's current run wrote them (the newest {@code computed_at} of the rows; null without rows).
     */
    public Summary summary(String year, String geography, List<String> scopes) {
        SqlQuery query = new SqlQuery("""
                SELECT m.* FROM lct_summary_stats m JOIN staff_scopes s ON s.code = m.staff_scope
                WHERE m.school_year = ? AND m.geography = ?""", year, geography)
                .andIf(scopes, "m.staff_scope = ANY(?::text[])").append(" ORDER BY s.sort_order");
        List<ComputedStatistics> rows = runner.list(query, row -> new ComputedStatistics(new SummaryStatistics(
                row.getString("geography"), row.getString("school_year"), row.getString("staff_scope"),
                row.getLong("run_id"), row.getLong("districts"), row.getLong("valid_districts"),
                row.getBigDecimal("mean_lct"), row.getBigDecimal("median_lct"), row.getBigDecimal("p10_lct"),
                row.getBigDecimal("p25_lct"), row.getBigDecimal("p75_lct"), row.getBigDecimal("p90_lct"),
                row.getBigDecimal("min_lct"), row.getBigDecimal("max_lct"), row.getBigDecimal("stddev_lct"),
                row.getBigDecimal("enrollment_weighted_lct"), row.getLong("valid_enrollment")),
                QueryRunner.timestamp(row, "computed_at")));
        OffsetDateTime computedAt = rows.stream().map(ComputedStatistics::computedAt)
                .max(Comparator.naturalOrder()).orElse(null);
        return new Summary(geography, year, computedAt, rows.stream().map(ComputedStatistics::statistics).toList());
    }

    /** A row of lct_summary_stats: its statistics and when they were written. */
    private record ComputedStatistics(SummaryStatistics statistics, OffsetDateTime computedAt) {
    }

    /** The newest year with a successful run. */
    public Optional<String> newestCalculatedYear() {
        return runner.one(new SqlQuery("SELECT max(school_year) FROM latest_successful_runs"), row -> row.getString(1));
    }

    static LctRow row(ResultSet row) throws SQLException {
        return new LctRow(row.getString("nces_id"), row.getString("district_name"), row.getString("state_code"),
                row.getString("school_year"), row.getString("staff_scope"), row.getLong("run_id"),
                row.getInt("instructional_minutes"), row.getString("minutes_source"), row.getBigDecimal("staff_fte"),
                row.getInt("enrollment"), row.getBigDecimal("lct_minutes"), row.getBoolean("is_valid"),
                QueryRunner.stringArray(row, "qa_flags"));
    }
}
