-- Reading results: the current run of each year, a run's rows and its exported results (percentiles computed on
-- read), the current LCT with district names, and the statistics materialized from the QA partials.
-- Edited in place (see migrations/README.md).

-- Dropped first (and created again at the end) because it depends on latest_successful_runs.
DROP MATERIALIZED VIEW IF EXISTS mv_lct_summary_stats;

-- A run that found no changes wrote no rows, so it cannot be the current one: its previous run stays current.
CREATE OR REPLACE VIEW latest_successful_runs AS
SELECT DISTINCT ON (school_year) id AS run_id, school_year, finished_at
FROM calculation_runs
WHERE status = 'succeeded' AND NOT no_changes
ORDER BY school_year, finished_at DESC, id DESC;
COMMENT ON VIEW latest_successful_runs IS 'The newest successful run of each school year that wrote results (runs that found no changes are skipped): its results are the current LCT.';
COMMENT ON COLUMN latest_successful_runs.run_id IS 'calculation_runs.id of the run.';
COMMENT ON COLUMN latest_successful_runs.school_year IS 'School year calculated.';
COMMENT ON COLUMN latest_successful_runs.finished_at IS 'When the run finished.';

CREATE OR REPLACE FUNCTION lct_run_rows(p_run_id bigint) RETURNS SETOF lct_calculations
LANGUAGE sql STABLE AS $$
    SELECT c.*
    FROM calculation_runs r
    JOIN lct_calculations c ON c.run_id BETWEEN coalesce(r.base_run_id, r.id) AND r.id AND c.school_year = r.school_year
    WHERE r.id = p_run_id AND (c.superseded_by_run_id IS NULL OR c.superseded_by_run_id > p_run_id)
$$;
COMMENT ON FUNCTION lct_run_rows(bigint) IS 'The result rows of a run: those of its chain (base_run_id..id) that no run up to it superseded. Empty for a run that wrote nothing.';

-- Point 16: G1 ranks every row with a value; the default mode ranks the valid rows of each scope. Ties share the
-- average of their ranks: (rank + (ties - 1) / 2) / population x 100, 1 decimal.
CREATE OR REPLACE FUNCTION lct_run_results(p_run_id bigint)
RETURNS TABLE (run_id bigint, school_year text, nces_id text, district_name text, state text, staff_scope text,
               enrollment_basis text, instructional_minutes integer, minutes_source text, minutes_grade_level text,
               minutes_tier smallint, minutes_school_year text, bell_schedule_id bigint, staff_fte numeric,
               enrollment integer, lct_minutes numeric, lct_hours double precision,
               student_teacher_ratio double precision, lct_percentile double precision, lct_category text,
               is_valid boolean, qa_flags text[])
LANGUAGE sql STABLE AS $$
    WITH ranked AS (
        SELECT c.*,
               CASE WHEN r.parameters->>'reference_compatibility' = 'g1' THEN c.lct_minutes IS NOT NULL
                    ELSE c.is_valid END AS in_population
        FROM calculation_runs r
        CROSS JOIN LATERAL lct_run_rows(r.id) c
        WHERE r.id = p_run_id
    )
    SELECT c.run_id, c.school_year, c.nces_id, d.name, d.state_code, c.staff_scope, c.enrollment_basis,
           c.instructional_minutes, c.minutes_source, c.minutes_grade_level, c.minutes_tier, c.minutes_school_year,
           c.bell_schedule_id, c.staff_fte, c.enrollment, c.lct_minutes, c.lct_hours, c.student_teacher_ratio,
           CASE WHEN c.in_population THEN
               round((((rank() OVER by_value + (count(*) OVER ties - 1) / 2.0)::double precision
                       / (count(*) OVER population)::double precision) * 100) * 10) / 10 END,
           c.lct_category, c.is_valid, c.qa_flags
    FROM ranked c
    JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year
    WINDOW by_value AS (PARTITION BY c.staff_scope, c.in_population ORDER BY c.lct_minutes),
           ties AS (PARTITION BY c.staff_scope, c.in_population, c.lct_minutes),
           population AS (PARTITION BY c.staff_scope, c.in_population)
$$;
COMMENT ON FUNCTION lct_run_results(bigint) IS 'A run''s results as exported: its rows (lct_run_rows) with the district''s name and state and the percentile within the run and scope (methodology point 16), computed on read.';

CREATE OR REPLACE VIEW current_lct AS
SELECT c.school_year,
       c.nces_id,
       d.name AS district_name,
       c.state_code,
       c.staff_scope,
       c.run_id,
       c.instructional_minutes,
       c.minutes_source,
       c.minutes_grade_level,
       c.bell_schedule_id,
       c.staff_fte,
       c.enrollment,
       c.lct_minutes,
       c.is_valid,
       c.qa_flags
FROM lct_current c
-- every row has its district (the run read it); LEFT lets the planner skip the join when no name is asked for
LEFT JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year;
COMMENT ON VIEW current_lct IS 'Current LCT per district and staff scope: the results of the newest successful run of each school year (lct_current), with the district''s name and state as they are now.';
COMMENT ON COLUMN current_lct.school_year IS 'NCES data year calculated.';
COMMENT ON COLUMN current_lct.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN current_lct.district_name IS 'District name in that year.';
COMMENT ON COLUMN current_lct.state_code IS 'Reporting jurisdiction.';
COMMENT ON COLUMN current_lct.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN current_lct.run_id IS 'The run that computed the value.';
COMMENT ON COLUMN current_lct.instructional_minutes IS 'Daily instructional minutes used.';
COMMENT ON COLUMN current_lct.minutes_source IS 'bell_schedule, state_requirement or default.';
COMMENT ON COLUMN current_lct.minutes_grade_level IS 'School level of the bell schedule or requirement used; NULL for the default.';
COMMENT ON COLUMN current_lct.bell_schedule_id IS 'The bell schedule used, when minutes_source is bell_schedule.';
COMMENT ON COLUMN current_lct.staff_fte IS 'Staff FTE counted for the scope.';
COMMENT ON COLUMN current_lct.enrollment IS 'Students dividing the staff.';
COMMENT ON COLUMN current_lct.lct_minutes IS 'LCT in minutes per student per day.';
COMMENT ON COLUMN current_lct.is_valid IS 'Whether the value passes the validity rules.';
COMMENT ON COLUMN current_lct.qa_flags IS 'Safeguard flags raised.';

CREATE MATERIALIZED VIEW mv_lct_summary_stats AS
-- MATERIALIZED: computed once. Inlined, the planner nested it under the current runs when it expected one run
-- (statistics not yet updated after runs) and sorted the nation's values again for every year: a refresh then cost
-- years x years x scopes sorts instead of years x scopes
WITH groups AS MATERIALIZED (
    SELECT q.school_year, q.state_code AS geography, q.staff_scope, q.row_count::bigint AS districts,
           q.valid_count::bigint AS valid_districts, q.valid_lct AS sorted, q.valid_lct_sum AS lct_sum,
           q.valid_lct_squares AS lct_squares, q.valid_enrollment, q.valid_lct_enrollment
    FROM lct_qa_scopes q
    UNION ALL
    SELECT q.school_year, 'US', q.staff_scope, sum(q.row_count), sum(q.valid_count),
           (SELECT coalesce(array_agg(v ORDER BY v), '{}') FROM lct_qa_scopes m CROSS JOIN LATERAL unnest(m.valid_lct) AS v
            WHERE m.school_year = q.school_year AND m.staff_scope = q.staff_scope),
           sum(q.valid_lct_sum), sum(q.valid_lct_squares), sum(q.valid_enrollment)::bigint, sum(q.valid_lct_enrollment)
    FROM lct_qa_scopes q
    GROUP BY q.school_year, q.staff_scope
)
SELECT g.school_year,
       g.geography,
       g.staff_scope,
       r.run_id,
       g.districts,
       g.valid_districts,
       -- every statistic in minutes with two decimals, as the LCT values themselves (no float noise in answers)
       round(g.lct_sum / nullif(g.valid_districts, 0), 2)                               AS mean_lct,
       round(percentile_of_sorted(g.sorted, 0.5)::numeric, 2)                           AS median_lct,
       round(percentile_of_sorted(g.sorted, 0.1)::numeric, 2)                           AS p10_lct,
       round(percentile_of_sorted(g.sorted, 0.25)::numeric, 2)                          AS p25_lct,
       round(percentile_of_sorted(g.sorted, 0.75)::numeric, 2)                          AS p75_lct,
       round(percentile_of_sorted(g.sorted, 0.9)::numeric, 2)                           AS p90_lct,
       round(g.sorted[1]::numeric, 2)                                                   AS min_lct,
       round(g.sorted[cardinality(g.sorted)]::numeric, 2)                               AS max_lct,
       round(stddev_from_sums(g.lct_sum, g.lct_squares, g.valid_districts), 2)          AS stddev_lct,
       round(g.valid_lct_enrollment / nullif(g.valid_enrollment, 0), 2)                 AS enrollment_weighted_lct,
       g.valid_enrollment
FROM groups g
JOIN latest_successful_runs r ON r.school_year = g.school_year;
CREATE UNIQUE INDEX mv_lct_summary_stats_key ON mv_lct_summary_stats (school_year, geography, staff_scope);
COMMENT ON MATERIALIZED VIEW mv_lct_summary_stats IS 'LCT statistics of the current run per school year and staff scope, for the nation (geography US) and each state; statistics over valid rows.';
COMMENT ON COLUMN mv_lct_summary_stats.school_year IS 'NCES data year.';
COMMENT ON COLUMN mv_lct_summary_stats.geography IS 'US for the nation, else the state code.';
COMMENT ON COLUMN mv_lct_summary_stats.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN mv_lct_summary_stats.run_id IS 'The current run of the school year.';
COMMENT ON COLUMN mv_lct_summary_stats.districts IS 'Districts with a result row.';
COMMENT ON COLUMN mv_lct_summary_stats.valid_districts IS 'Districts whose value passes the validity rules.';
COMMENT ON COLUMN mv_lct_summary_stats.mean_lct IS 'Mean LCT of the valid districts.';
COMMENT ON COLUMN mv_lct_summary_stats.median_lct IS 'Median LCT of the valid districts.';
COMMENT ON COLUMN mv_lct_summary_stats.p10_lct IS '10th percentile of LCT (valid districts).';
COMMENT ON COLUMN mv_lct_summary_stats.p25_lct IS '25th percentile of LCT (valid districts).';
COMMENT ON COLUMN mv_lct_summary_stats.p75_lct IS '75th percentile of LCT (valid districts).';
COMMENT ON COLUMN mv_lct_summary_stats.p90_lct IS '90th percentile of LCT (valid districts).';
COMMENT ON COLUMN mv_lct_summary_stats.min_lct IS 'Lowest valid LCT.';
COMMENT ON COLUMN mv_lct_summary_stats.max_lct IS 'Highest valid LCT.';
COMMENT ON COLUMN mv_lct_summary_stats.stddev_lct IS 'Sample standard deviation of valid LCT.';
COMMENT ON COLUMN mv_lct_summary_stats.enrollment_weighted_lct IS 'LCT averaged over students rather than districts (valid districts).';
COMMENT ON COLUMN mv_lct_summary_stats.valid_enrollment IS 'Students in the valid districts.';
