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
 * The aggregates a run's QA report is built from, each one set-based query over the run's rows. They read
 * {@code lct_current}, which inside the run's transaction holds exactly the run's results for its year. Statistics are
 * taken on float8, as the reference's pandas did, and rounded by the caller (methodology point 18).
 */
@ApplicationScoped
public class QaRepository {

    /** Per scope over all rows, with statistics over the valid ones. */
    public List<Map<String, Object>> scopeStatistics(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT c.staff_scope AS scope,
                       count(*) AS rows,
                       count(*) FILTER (WHERE c.is_valid) AS valid_rows,
                       avg(c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS mean,
                       median_of_sorted(array_agg(c.lct_minutes::float8 ORDER BY c.lct_minutes) FILTER (WHERE c.is_valid)) AS median,
                       stddev_samp(c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS std,
                       min(c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS min,
                       max(c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS max,
                       percentile_cont(0.1) WITHIN GROUP (ORDER BY c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS p10,
                       percentile_cont(0.25) WITHIN GROUP (ORDER BY c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS p25,
                       percentile_cont(0.75) WITHIN GROUP (ORDER BY c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS p75,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS p90
                FROM lct_current c
                JOIN staff_scopes sc ON sc.code = c.staff_scope
                WHERE c.school_year = ?
                GROUP BY c.staff_scope, sc.sort_order
                ORDER BY sc.sort_order""", year);
    }

    public List<Map<String, Object>> stateStatistics(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT c.state_code AS state, c.staff_scope AS scope,
                       count(*) AS rows,
                       count(*) FILTER (WHERE c.is_valid) AS valid_rows,
                       avg(c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS mean,
                       median_of_sorted(array_agg(c.lct_minutes::float8 ORDER BY c.lct_minutes) FILTER (WHERE c.is_valid)) AS median,
                       stddev_samp(c.lct_minutes::float8) FILTER (WHERE c.is_valid) AS std
                FROM lct_current c WHERE c.school_year = ?
                GROUP BY c.state_code, c.staff_scope
                ORDER BY c.state_code, c.staff_scope""", year);
    }

    /** Flags counted both ways (methodology point 9): rows carrying it and districts with any row carrying it. */
    public List<Map<String, Object>> flagCounts(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT flag, count(*) AS rows, count(DISTINCT c.nces_id) AS districts
                FROM lct_current c CROSS JOIN LATERAL unnest(c.qa_flags) AS flag
                WHERE c.school_year = ?
                GROUP BY flag ORDER BY flag""", year);
    }

    public List<Map<String, Object>> totals(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT count(*) AS total_rows,
                       count(*) FILTER (WHERE c.is_valid) AS valid_rows,
                       count(DISTINCT c.nces_id) AS districts,
                       count(DISTINCT c.nces_id) FILTER (WHERE cardinality(c.qa_flags) > 0) AS districts_with_flags
                FROM lct_current c WHERE c.school_year = ?""", year);
    }

    public List<Map<String, Object>> categories(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT c.staff_scope AS scope, c.lct_category AS category,
                       count(*) AS rows, count(*) FILTER (WHERE c.is_valid) AS valid_rows
                FROM lct_current c WHERE c.school_year = ?
                GROUP BY c.staff_scope, c.lct_category ORDER BY c.staff_scope, c.lct_category""", year);
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
                SELECT c.state_code AS state, bool_or(c.is_valid) AS has_valid
                FROM lct_current c WHERE c.school_year = ?
                GROUP BY c.state_code ORDER BY c.state_code""", year);
    }

    public List<Map<String, Object>> minutesSources(Connection c, String year) throws SQLException {
        return query(c, """
                SELECT c.minutes_source AS source, c.minutes_tier AS tier, count(DISTINCT c.nces_id) AS districts
                FROM lct_current c WHERE c.school_year = ?
                GROUP BY c.minutes_source, c.minutes_tier ORDER BY c.minutes_tier, c.minutes_source""", year);
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
            s.setString(1, year);
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
