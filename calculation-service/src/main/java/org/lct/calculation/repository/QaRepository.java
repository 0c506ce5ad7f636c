package org.lct.calculation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The aggregates a run's QA report is built from. Inside the run's transaction, {@code lct_current} holds exactly the
 * run's results for its year, and the per-state partials {@code lct_qa_scopes} and {@code lct_qa_states} (filled by
 * {@code refresh_lct_qa}, R__40_calculation.sql) hold its aggregates: the report merges about 55 rows per scope instead of scanning every result row. Means and
 * standard deviations come from exact sums, the other statistics from the sorted float8 values (methodology point 18),
 * all rounded by the caller. Every {@code ?} of a query is the school year.
 */
@ApplicationScoped
public class QaRepository {

    /** Per scope over all rows, with statistics over the valid ones. */
    public List<Map<String, Object>> scopeStatistics(Connection c, String year) throws SQLException {
        return query(c, """
                WITH merged AS (
                    SELECT q.staff_scope, sum(q.row_count) AS rows, sum(q.valid_count) AS valid_rows,
                           sum(q.valid_lct_sum) AS lct_sum, sum(q.valid_lct_squares) AS lct_squares,
                           (SELECT array_agg(v ORDER BY v) FROM lct_qa_scopes m CROSS JOIN LATERAL unnest(m.valid_lct) AS v
                            WHERE m.school_year = q.school_year AND m.staff_scope = q.staff_scope) AS sorted
                    FROM lct_qa_scopes q WHERE q.school_year = ?
                    GROUP BY q.school_year, q.staff_scope
                )
                SELECT m.staff_scope AS scope, m.rows, m.valid_rows, (m.lct_sum / nullif(m.valid_rows, 0))::float8 AS mean,
                       median_of_sorted(m.sorted) AS median,
                       stddev_from_sums(m.lct_sum, m.lct_squares, m.valid_rows)::float8 AS std,
                       m.sorted[1] AS min, m.sorted[cardinality(m.sorted)] AS max,
                       percentile_of_sorted(m.sorted, 0.1) AS p10, percentile_of_sorted(m.sorted, 0.25) AS p25,
                       percentile_of_sorted(m.sorted, 0.75) AS p75, percentile_of_sorted(m.sorted, 0.9) AS p90
                FROM merged m
                JOIN staff_scopes sc ON sc.code = m.staff_scope
                ORDER BY sc.sort_order""", year);
    }

    public List<Map<String, Object>> stateStatistics(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT q.state_code AS state, q.staff_scope AS scope, q.row_count AS rows, q.valid_count AS valid_rows,
                       (q.valid_lct_sum / nullif(q.valid_count, 0))::float8 AS mean, median_of_sorted(q.valid_lct) AS median,
                       stddev_from_sums(q.valid_lct_sum, q.valid_lct_squares, q.valid_count)::float8 AS std
                FROM lct_qa_scopes q
                WHERE q.school_year = ?
                ORDER BY q.state_code, q.staff_scope""", year);
    }

    /** Flags counted both ways (methodology point 9): rows carrying it and districts with any row carrying it. */
    public List<Map<String, Object>> flagCounts(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT f.key AS flag, sum((f.value->>'rows')::integer) AS rows,
                       sum((f.value->>'districts')::integer) AS districts
                FROM lct_qa_states s CROSS JOIN LATERAL jsonb_each(s.flags) AS f
                WHERE s.school_year = ?
                GROUP BY f.key ORDER BY f.key""", year);
    }

    public List<Map<String, Object>> totals(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT (SELECT coalesce(sum(row_count), 0) FROM lct_qa_scopes WHERE school_year = ?) AS total_rows,
                       (SELECT coalesce(sum(valid_count), 0) FROM lct_qa_scopes WHERE school_year = ?) AS valid_rows,
                       (SELECT coalesce(sum(districts), 0) FROM lct_qa_states WHERE school_year = ?) AS districts,
                       (SELECT coalesce(sum(districts_with_flags), 0) FROM lct_qa_states WHERE school_year = ?)
                           AS districts_with_flags""", year);
    }

    public List<Map<String, Object>> categories(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT q.staff_scope AS scope, k.key AS category, sum((k.value->>'rows')::integer) AS rows,
                       sum((k.value->>'valid_rows')::integer) AS valid_rows
                FROM lct_qa_scopes q CROSS JOIN LATERAL jsonb_each(q.categories) AS k
                WHERE q.school_year = ?
                GROUP BY q.staff_scope, k.key ORDER BY q.staff_scope, k.key""", year);
    }

    /** Methodology point 10: per scope, the 5 lowest below 5 and the 5 highest above 200 among valid rows. */
    public List<Map<String, Object>> outliers(Connection c, String year) throws SQLException {
        return query(c, """
                WITH candidates AS (
                    SELECT c.staff_scope, c.nces_id, d.name AS district_name, c.state_code, c.lct_minutes,
                           CASE WHEN c.lct_minutes < 5 THEN 'low' ELSE 'high' END AS kind,
                           row_number() OVER (PARTITION BY c.staff_scope, c.lct_minutes < 5
                                              ORDER BY CASE WHEN c.lct_minutes < 5 THEN c.lct_minutes ELSE -c.lct_minutes END,
                                                       c.nces_id) AS position,
                           count(*) OVER (PARTITION BY c.staff_scope, c.lct_minutes < 5) AS of_kind
                    FROM lct_current c
                    JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year
                    WHERE c.school_year = ? AND c.is_valid AND (c.lct_minutes < 5 OR c.lct_minutes > 200)
                )
                SELECT o.staff_scope AS scope, o.nces_id, o.district_name, o.state_code AS state,
                       o.lct_minutes::float8 AS lct, o.kind, o.of_kind
                FROM candidates o JOIN staff_scopes sc ON sc.code = o.staff_scope
                WHERE o.position <= 5
                ORDER BY sc.sort_order, o.kind DESC, o.position""", year);
    }

    public List<Map<String, Object>> states(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT q.state_code AS state, bool_or(q.valid_count > 0) AS has_valid
                FROM lct_qa_scopes q WHERE q.school_year = ?
                GROUP BY q.state_code ORDER BY q.state_code""", year);
    }

    public List<Map<String, Object>> minutesSources(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT e->>'source' AS source, (e->>'tier')::smallint AS tier, sum((e->>'districts')::integer) AS districts
                FROM lct_qa_states s CROSS JOIN LATERAL jsonb_array_elements(s.minutes_sources) AS e
                WHERE s.school_year = ?
                GROUP BY 1, 2 ORDER BY 2, 1""", year);
    }

    /** G1's summary population: valid rows with LCT > 0 (methodology 3.9). */
    public List<Map<String, Object>> g1Summary(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT count(*) AS count, min(lct_minutes::float8) AS min, max(lct_minutes::float8) AS max,
                       avg(lct_minutes::float8) AS mean,
                       median_of_sorted(array_agg(lct_minutes::float8 ORDER BY lct_minutes)) AS median,
                       stddev_samp(lct_minutes::float8) AS std
                FROM lct_current WHERE school_year = ? AND is_valid AND lct_minutes > 0""", year);
    }

    public List<Map<String, Object>> g1States(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT c.state_code AS state, avg(c.lct_minutes::float8) AS mean,
                       median_of_sorted(array_agg(c.lct_minutes::float8 ORDER BY c.lct_minutes)) AS median, count(*) AS count
                FROM lct_current c
                WHERE c.school_year = ? AND c.is_valid AND c.lct_minutes > 0
                GROUP BY c.state_code ORDER BY c.state_code""", year);
    }

    private static List<Map<String, Object>> query(Connection c, String sql, String year) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            long parameters = sql.chars().filter(ch -> ch == '?').count();
            for (int i = 1; i <= parameters; i++) {
                s.setString(i, year);
            }
            try (ResultSet r = s.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), r.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}
