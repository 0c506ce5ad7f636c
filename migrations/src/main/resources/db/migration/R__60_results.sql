-- Reading results: the current run of each year, a run's rows and its exported results (percentiles computed on
-- read), the current LCT with district names, and the summary statistics: filled for the years with results when
-- this file is applied (a run writes its own year's, refresh_lct_summary() in R__40_calculation.sql), and shown
-- under their former name for the previous release's readers.
-- Edited in place (see migrations/README.md).

-- mv_lct_summary_stats was a materialized view over every year until lct_summary_stats (V8) took its place; it is now
-- a plain view (below), which DROP MATERIALIZED VIEW refuses, so only the materialized one is dropped.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_class WHERE relname = 'mv_lct_summary_stats' AND relkind = 'm'
                                      AND relnamespace = current_schema()::regnamespace) THEN
        DROP MATERIALIZED VIEW mv_lct_summary_stats;
    END IF;
END $$;

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

-- Kept for the previous release's readers, which read the statistics by this name; this release reads the table.
CREATE OR REPLACE VIEW mv_lct_summary_stats AS
SELECT school_year, geography, staff_scope, run_id, districts, valid_districts, mean_lct, median_lct, p10_lct, p25_lct,
       p75_lct, p90_lct, min_lct, max_lct, stddev_lct, enrollment_weighted_lct, valid_enrollment
FROM lct_summary_stats;
COMMENT ON VIEW mv_lct_summary_stats IS 'Kept for the previous release''s readers: the rows of lct_summary_stats, the table that holds the LCT statistics of the current run per school year, staff scope and geography (no longer materialized; nothing to refresh).';
-- its columns mean what the table's do
DO $$
DECLARE
    v_column record;
BEGIN
    FOR v_column IN SELECT a.attname, col_description(a.attrelid, a.attnum) AS description
                    FROM pg_attribute a
                    WHERE a.attrelid = 'lct_summary_stats'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                      AND a.attname IN (SELECT attname FROM pg_attribute WHERE attrelid = 'mv_lct_summary_stats'::regclass)
    LOOP
        EXECUTE format('COMMENT ON COLUMN mv_lct_summary_stats.%I IS %L', v_column.attname, v_column.description);
    END LOOP;
END $$;

-- The statistics of the years that already have results (a database migrated from a release that kept them in the
-- materialized view), computed again on every re-application of this file as the view was: a few rows per state,
-- scope and year. Statistics of a year without a current run go.
DELETE FROM lct_summary_stats s
WHERE NOT EXISTS (SELECT FROM latest_successful_runs l WHERE l.school_year = s.school_year);
SELECT refresh_lct_summary(l.school_year) FROM latest_successful_runs l ORDER BY l.school_year;
