-- calculation-service, part 3: a result row is written once, by the run that computed it.
-- Decisions and measurements: docs/methodology.md ("Storage of results").
--
-- Until V21 every run stored a complete copy of every district's rows: an incremental run that recalculated one
-- district still copied 17,842 rows x scopes, checked five foreign keys on each of them one row at a time, and then
-- a CONCURRENTLY refresh diffed a 17,842-row copy of the results (mv_districts_with_lct) against the old one. Those
-- three costs were most of a run. Now:
--   * a full run writes every row and starts a chain (base_run_id = its own id); an incremental run writes the rows
--     of the districts whose inputs changed and marks the rows they replace as superseded by it. A run's results are
--     the rows of its chain, base to itself, that it had not superseded (lct_run_rows);
--   * the percentile, which depends on every other row, is computed when results are read, never stored;
--   * the references of lct_calculations are checked once per statement over the inserted rows (set-based), and
--     the referenced tables' deletes act on results once per statement, instead of one trigger call per row;
--   * readers get current_lct over lct_current, the current rows that each run updates in its own transaction: the
--     commit is the switch, and nothing diffs a materialized copy afterwards.

-- 1. Chains -------------------------------------------------------------------------------------------------------
ALTER TABLE calculation_runs ADD COLUMN base_run_id bigint REFERENCES calculation_runs;
COMMENT ON COLUMN calculation_runs.base_run_id IS 'The full run whose rows this run builds on (its own id for a full run; NULL reads as its own id): the run''s results are the rows of runs base_run_id..id not superseded by id or earlier.';
-- every run before V22 wrote a complete copy of its results
UPDATE calculation_runs SET base_run_id = id WHERE status = 'succeeded' AND NOT no_changes;
COMMENT ON COLUMN calculation_runs.result_rows IS 'Rows this run wrote to lct_calculations: all of them for a full run, those of the recalculated districts for an incremental one.';
COMMENT ON COLUMN calculation_runs.districts_carried_forward IS 'Districts whose rows an incremental run kept from earlier runs of its chain, unchanged and not rewritten.';

ALTER TABLE lct_calculations ADD COLUMN superseded_by_run_id bigint;
COMMENT ON COLUMN lct_calculations.superseded_by_run_id IS 'The incremental run that recalculated this district and scope after this row; NULL while the row is current in its chain.';
COMMENT ON COLUMN lct_calculations.run_id IS 'The run that computed the row (later runs of its chain may use it unchanged).';
CREATE INDEX lct_calculations_superseded_idx ON lct_calculations (superseded_by_run_id) WHERE superseded_by_run_id IS NOT NULL;
ALTER TABLE lct_calculations DROP COLUMN lct_percentile;
-- the primary key (run_id, nces_id, staff_scope) serves every per-run read
DROP INDEX lct_calculations_run_scope_idx;

-- 2. References, checked per statement ------------------------------------------------------------------------------
ALTER TABLE lct_calculations
    DROP CONSTRAINT lct_calculations_run_id_fkey,
    DROP CONSTRAINT lct_calculations_staff_scope_fkey,
    DROP CONSTRAINT lct_calculations_minutes_grade_level_fkey,
    DROP CONSTRAINT lct_calculations_bell_schedule_id_fkey,
    DROP CONSTRAINT lct_calculations_nces_id_school_year_fkey;

CREATE FUNCTION lct_calculations_check_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    broken text;
BEGIN
    -- one anti-join per reference: hash joins over the statement's rows, not one lookup per row
    SELECT problem INTO broken FROM (
        (SELECT format('run %s does not exist', n.run_id) AS problem
         FROM checked_rows n LEFT JOIN calculation_runs r ON r.id = n.run_id WHERE r.id IS NULL LIMIT 1)
        UNION ALL
        (SELECT format('run %s (superseded_by_run_id) does not exist', n.superseded_by_run_id)
         FROM checked_rows n LEFT JOIN calculation_runs r ON r.id = n.superseded_by_run_id
         WHERE n.superseded_by_run_id IS NOT NULL AND r.id IS NULL LIMIT 1)
        UNION ALL
        (SELECT format('staff scope %s does not exist', n.staff_scope)
         FROM checked_rows n LEFT JOIN staff_scopes s ON s.code = n.staff_scope WHERE s.code IS NULL LIMIT 1)
        UNION ALL
        (SELECT format('school level %s does not exist', n.minutes_grade_level)
         FROM checked_rows n LEFT JOIN school_levels l ON l.code = n.minutes_grade_level
         WHERE n.minutes_grade_level IS NOT NULL AND l.code IS NULL LIMIT 1)
        UNION ALL
        (SELECT format('bell schedule %s does not exist', n.bell_schedule_id)
         FROM checked_rows n LEFT JOIN bell_schedules b ON b.id = n.bell_schedule_id
         WHERE n.bell_schedule_id IS NOT NULL AND b.id IS NULL LIMIT 1)
        UNION ALL
        (SELECT format('district %s has no data for %s', n.nces_id, n.school_year)
         FROM checked_rows n LEFT JOIN districts d ON d.nces_id = n.nces_id AND d.school_year = n.school_year
         WHERE d.nces_id IS NULL LIMIT 1)
    ) AS problems LIMIT 1;
    IF broken IS NOT NULL THEN
        RAISE EXCEPTION 'lct_calculations: %', broken USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = 'lct_calculations_references';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION lct_calculations_check_references() IS 'The foreign keys of lct_calculations, checked once per statement over its new rows (transition table checked_rows).';
CREATE TRIGGER lct_calculations_references_on_insert AFTER INSERT ON lct_calculations
    REFERENCING NEW TABLE AS checked_rows FOR EACH STATEMENT EXECUTE FUNCTION lct_calculations_check_references();
CREATE TRIGGER lct_calculations_references_on_update AFTER UPDATE ON lct_calculations
    REFERENCING NEW TABLE AS checked_rows FOR EACH STATEMENT EXECUTE FUNCTION lct_calculations_check_references();

-- What the dropped keys did when the referenced row went away, once per statement.
CREATE FUNCTION calculation_runs_delete_results() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM lct_current c USING deleted_runs d WHERE c.run_id = d.id;
    DELETE FROM lct_calculations c USING deleted_runs d WHERE c.run_id = d.id;
    UPDATE lct_calculations c SET superseded_by_run_id = NULL
    FROM deleted_runs d WHERE c.superseded_by_run_id = d.id;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION calculation_runs_delete_results() IS 'Deleting a run deletes the rows it computed (ON DELETE CASCADE, per statement) and makes the rows it had superseded current again.';
CREATE TRIGGER calculation_runs_delete_results AFTER DELETE ON calculation_runs
    REFERENCING OLD TABLE AS deleted_runs FOR EACH STATEMENT EXECUTE FUNCTION calculation_runs_delete_results();

CREATE FUNCTION bell_schedules_unlink_results() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lct_calculations c SET bell_schedule_id = NULL
    FROM deleted_schedules d WHERE c.bell_schedule_id = d.id;
    UPDATE lct_current c SET bell_schedule_id = NULL
    FROM deleted_schedules d WHERE c.bell_schedule_id = d.id;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION bell_schedules_unlink_results() IS 'Deleting a bell schedule keeps the results that used it, with bell_schedule_id NULL (ON DELETE SET NULL, per statement).';
CREATE INDEX lct_calculations_bell_schedule_idx ON lct_calculations (bell_schedule_id) WHERE bell_schedule_id IS NOT NULL;
CREATE TRIGGER bell_schedules_unlink_results AFTER DELETE ON bell_schedules
    REFERENCING OLD TABLE AS deleted_schedules FOR EACH STATEMENT EXECUTE FUNCTION bell_schedules_unlink_results();

CREATE FUNCTION districts_keep_results() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    used record;
BEGIN
    SELECT c.nces_id, c.school_year INTO used
    FROM lct_calculations c JOIN deleted_districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'district % (%) has calculation results; delete its runs first', used.nces_id, used.school_year
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'lct_calculations_references';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION districts_keep_results() IS 'A district year with calculation results cannot be deleted (ON DELETE RESTRICT, per statement).';
CREATE TRIGGER districts_keep_results AFTER DELETE ON districts
    REFERENCING OLD TABLE AS deleted_districts FOR EACH STATEMENT EXECUTE FUNCTION districts_keep_results();

CREATE FUNCTION districts_rekey_results() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE lct_calculations SET nces_id = NEW.nces_id, school_year = NEW.school_year
    WHERE nces_id = OLD.nces_id AND school_year = OLD.school_year;
    UPDATE lct_current SET nces_id = NEW.nces_id, school_year = NEW.school_year
    WHERE nces_id = OLD.nces_id AND school_year = OLD.school_year;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION districts_rekey_results() IS 'A district''s results follow a change of its key (ON UPDATE CASCADE); key changes are rare, so per row.';
CREATE TRIGGER districts_rekey_results AFTER UPDATE OF nces_id, school_year ON districts
    FOR EACH ROW WHEN (OLD.nces_id IS DISTINCT FROM NEW.nces_id OR OLD.school_year IS DISTINCT FROM NEW.school_year)
    EXECUTE FUNCTION districts_rekey_results();

-- 3. Reading a run's results ----------------------------------------------------------------------------------------
CREATE FUNCTION lct_run_rows(p_run_id bigint) RETURNS SETOF lct_calculations
LANGUAGE sql STABLE AS $$
    SELECT c.*
    FROM calculation_runs r
    JOIN lct_calculations c ON c.run_id BETWEEN coalesce(r.base_run_id, r.id) AND r.id AND c.school_year = r.school_year
    WHERE r.id = p_run_id AND (c.superseded_by_run_id IS NULL OR c.superseded_by_run_id > p_run_id)
$$;
COMMENT ON FUNCTION lct_run_rows(bigint) IS 'The result rows of a run: those of its chain (base_run_id..id) that no run up to it superseded. Empty for a run that wrote nothing.';

-- Point 16: G1 ranks every row with a value; the default mode ranks the valid rows of each scope. Ties share the
-- average of their ranks: (rank + (ties - 1) / 2) / population x 100, 1 decimal.
CREATE FUNCTION lct_run_results(p_run_id bigint)
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

-- 4. The read model: current LCT kept by the runs -----------------------------------------------------------------
DROP FUNCTION refresh_result_views();
DROP FUNCTION refresh_materialized_views();
DROP MATERIALIZED VIEW mv_lct_summary_stats;
DROP MATERIALIZED VIEW mv_districts_with_lct;

-- The current rows, kept by the runs themselves: in the run's transaction a full run replaces its year's rows and an
-- incremental run those of the districts it recalculated, so readers switch with the commit and are never blocked.
-- Far cheaper than refreshing a materialized copy (which diffs every row), and keyed for the read API's lookups.
CREATE TABLE lct_current (
    school_year           school_year           NOT NULL,
    nces_id               nces_lea_id           NOT NULL,
    staff_scope           varchar(32)           NOT NULL,
    state_code            char(2)               NOT NULL,
    run_id                bigint                NOT NULL,
    instructional_minutes instructional_minutes NOT NULL,
    minutes_source        varchar(20)           NOT NULL,
    minutes_grade_level   varchar(16),
    minutes_tier          smallint,
    bell_schedule_id      bigint,
    staff_fte             numeric(10,2)         NOT NULL,
    enrollment            integer               NOT NULL,
    lct_minutes           numeric(10,2),
    lct_category          varchar(24),
    is_valid              boolean               NOT NULL,
    qa_flags              text[]                NOT NULL,
    -- no foreign key: only lct_calculate() writes it, from rows it has just checked (V22 part 2), and the delete
    -- triggers of part 2 keep it in step
    PRIMARY KEY (school_year, nces_id, staff_scope)
);
-- the read API's state lists and rankings
CREATE INDEX lct_current_state_idx ON lct_current (school_year, state_code, staff_scope);
COMMENT ON TABLE lct_current IS 'The result rows of the newest successful run of each school year (its chain''s current rows), written by the runs in their transaction; current_lct adds the district''s name and state.';
COMMENT ON COLUMN lct_current.school_year IS 'NCES data year calculated.';
COMMENT ON COLUMN lct_current.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN lct_current.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN lct_current.state_code IS 'The district''s state when the row was computed (a change of state changes the district''s fingerprint, so the next run recalculates it).';
COMMENT ON COLUMN lct_current.run_id IS 'The run that computed the value (lct_calculations.run_id).';
COMMENT ON COLUMN lct_current.instructional_minutes IS 'Daily instructional minutes used.';
COMMENT ON COLUMN lct_current.minutes_source IS 'bell_schedule, state_requirement or default.';
COMMENT ON COLUMN lct_current.minutes_grade_level IS 'School level of the bell schedule or requirement used; NULL for the default.';
COMMENT ON COLUMN lct_current.bell_schedule_id IS 'The bell schedule used, when minutes_source is bell_schedule.';
COMMENT ON COLUMN lct_current.minutes_tier IS 'Tier of the minutes source (lct_calculations.minutes_tier).';
COMMENT ON COLUMN lct_current.lct_category IS 'LCT band (lct_calculations.lct_category).';
COMMENT ON COLUMN lct_current.staff_fte IS 'Staff FTE counted for the scope.';
COMMENT ON COLUMN lct_current.enrollment IS 'Students dividing the staff.';
COMMENT ON COLUMN lct_current.lct_minutes IS 'LCT in minutes per student per day.';
COMMENT ON COLUMN lct_current.is_valid IS 'Whether the value passes the validity rules.';
COMMENT ON COLUMN lct_current.qa_flags IS 'Safeguard flags raised.';
-- Runs keep lct_current up to date; this rebuilds it from the runs (here, and for an operator who changed runs by hand).
CREATE FUNCTION rebuild_lct_current() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_rows integer;
BEGIN
    DELETE FROM lct_current;
    INSERT INTO lct_current
    SELECT c.school_year, c.nces_id, c.staff_scope, d.state_code, c.run_id, c.instructional_minutes, c.minutes_source,
           c.minutes_grade_level, c.minutes_tier, c.bell_schedule_id, c.staff_fte, c.enrollment, c.lct_minutes,
           c.lct_category, c.is_valid, c.qa_flags
    FROM latest_successful_runs l CROSS JOIN LATERAL lct_run_rows(l.run_id) c
    JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END $$;
COMMENT ON FUNCTION rebuild_lct_current() IS 'Rebuilds lct_current from the newest successful run of each school year and returns its rows; runs keep it current themselves.';
SELECT rebuild_lct_current();

CREATE VIEW current_lct AS
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

-- Statistics stay materialized: a few rows per state and scope that every summary request would otherwise
-- recompute from all districts. Refreshed CONCURRENTLY after each run that wrote results.
CREATE MATERIALIZED VIEW mv_lct_summary_stats AS
SELECT c.school_year,
       CASE WHEN grouping(c.state_code) = 1 THEN 'US' ELSE c.state_code END                            AS geography,
       c.staff_scope,
       r.run_id,
       count(*)                                                                                       AS districts,
       count(*) FILTER (WHERE c.is_valid)                                                             AS valid_districts,
       avg(c.lct_minutes) FILTER (WHERE c.is_valid)                                                   AS mean_lct,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY c.lct_minutes) FILTER (WHERE c.is_valid)           AS median_lct,
       percentile_cont(0.1) WITHIN GROUP (ORDER BY c.lct_minutes) FILTER (WHERE c.is_valid)           AS p10_lct,
       percentile_cont(0.25) WITHIN GROUP (ORDER BY c.lct_minutes) FILTER (WHERE c.is_valid)          AS p25_lct,
       percentile_cont(0.75) WITHIN GROUP (ORDER BY c.lct_minutes) FILTER (WHERE c.is_valid)          AS p75_lct,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY c.lct_minutes) FILTER (WHERE c.is_valid)           AS p90_lct,
       min(c.lct_minutes) FILTER (WHERE c.is_valid)                                                   AS min_lct,
       max(c.lct_minutes) FILTER (WHERE c.is_valid)                                                   AS max_lct,
       stddev_samp(c.lct_minutes) FILTER (WHERE c.is_valid)                                           AS stddev_lct,
       sum(c.lct_minutes * c.enrollment) FILTER (WHERE c.is_valid)
           / nullif(sum(c.enrollment) FILTER (WHERE c.is_valid), 0)                                   AS enrollment_weighted_lct,
       coalesce(sum(c.enrollment) FILTER (WHERE c.is_valid), 0)                                       AS valid_enrollment
FROM current_lct c
JOIN latest_successful_runs r ON r.school_year = c.school_year
GROUP BY GROUPING SETS ((c.school_year, r.run_id, c.staff_scope),
                        (c.school_year, r.run_id, c.staff_scope, c.state_code));
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

-- One refresh loop for every caller below.
CREATE FUNCTION refresh_views(p_views text[]) RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
BEGIN
    FOREACH refreshed_view IN ARRAY p_views LOOP
        started := clock_timestamp();
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', refreshed_view);
        took_ms := round(extract(epoch FROM clock_timestamp() - started) * 1000);
        INSERT INTO materialized_view_refreshes (view_name, refreshed_at, duration_ms)
        VALUES (refreshed_view, clock_timestamp(), took_ms)
        ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION refresh_views(text[]) IS 'Refreshes the named materialized views CONCURRENTLY (readers keep the old contents meanwhile) and records when.';

-- After a run only the statistics change; the coverage views follow bell schedules and districts.
CREATE FUNCTION refresh_result_views() RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE sql AS $$
    SELECT * FROM refresh_views(ARRAY['mv_lct_summary_stats'])
$$;
COMMENT ON FUNCTION refresh_result_views() IS 'Refreshes CONCURRENTLY the materialized view over calculation results (mv_lct_summary_stats) and records when; what a run calls after it commits.';

CREATE FUNCTION refresh_coverage_views() RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE sql AS $$
    SELECT * FROM refresh_views(ARRAY['mv_state_enrichment_progress', 'mv_unenriched_districts'])
$$;
COMMENT ON FUNCTION refresh_coverage_views() IS 'Refreshes CONCURRENTLY the bell-schedule coverage views (mv_state_enrichment_progress, mv_unenriched_districts) and records when.';

CREATE FUNCTION refresh_materialized_views() RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE sql AS $$
    SELECT * FROM refresh_result_views() UNION ALL SELECT * FROM refresh_coverage_views()
$$;
COMMENT ON FUNCTION refresh_materialized_views() IS 'Refreshes all three materialized views CONCURRENTLY and records when.';
DELETE FROM materialized_view_refreshes WHERE view_name = 'mv_districts_with_lct';

-- 5. The run ---------------------------------------------------------------------------------------------------------
-- preferred_level() as one expression, so the planner inlines it: as a query with ORDER BY ... LIMIT it ran once per
-- district and cost a sixth of a full run. Same order as level_rank(): the profile's levels, first with students.
CREATE OR REPLACE FUNCTION preferred_level(profile text, elementary_students bigint, middle_students bigint,
                                           high_students bigint, has_grades boolean) RETURNS varchar
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN profile = 'high_first' THEN
                    CASE WHEN NOT has_grades OR coalesce(high_students, 0) > 0 THEN 'high'
                         WHEN coalesce(middle_students, 0) > 0 THEN 'middle'
                         WHEN coalesce(elementary_students, 0) > 0 THEN 'elementary'
                         ELSE 'high' END
                ELSE
                    CASE WHEN NOT has_grades OR coalesce(elementary_students, 0) > 0 THEN 'elementary'
                         WHEN coalesce(middle_students, 0) > 0 THEN 'middle'
                         WHEN coalesce(high_students, 0) > 0 THEN 'high'
                         ELSE 'elementary' END
           END
$$;

-- V21's run, writing only what it computed: a full run every district, an incremental run the changed ones, which
-- supersede their previous rows; percentiles are left to lct_run_results().
DROP FUNCTION lct_calculate(bigint, text, text[], boolean, integer, bigint, boolean);
CREATE FUNCTION lct_calculate(p_run_id bigint, p_school_year text, p_scopes text[], p_reference_g1 boolean,
                              p_default_minutes integer, p_previous_run_id bigint, p_incremental boolean)
RETURNS TABLE (input_hash text, no_changes boolean, districts_calculated integer,
               districts_carried_forward integer, result_rows integer)
LANGUAGE plpgsql
-- the run sorts wide rows for its window functions; 4 MB would spill them to disk
SET work_mem = '64MB'
AS $$
DECLARE
    v_parameters text := format('lct-v1|%s|%s|%s|%s', p_school_year,
                                (SELECT string_agg(s, ',' ORDER BY s) FROM unnest(p_scopes) AS s),
                                p_reference_g1, p_default_minutes);
    v_previous_hash text;
    v_rows integer;
    -- an incremental run builds on its previous run's chain; without one, it calculates everything
    v_chain boolean;
    -- the districts an incremental run fingerprints; NULL: all of them
    v_suspects text[];
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS lct_run_fingerprints (
        nces_id     text PRIMARY KEY,
        fingerprint bytea   NOT NULL,
        changed     boolean NOT NULL
    ) ON COMMIT DELETE ROWS;
    DELETE FROM lct_run_fingerprints;

    -- Every input table records its changes in data_lineage (V4). So an incremental run with its previous run's
    -- parameters fingerprints only the districts that a transaction the previous run could not see touched (a state's
    -- requirements touch all its districts); the others keep the fingerprints stored on their rows.
    IF p_incremental AND EXISTS (SELECT 1 FROM calculation_runs prev JOIN calculation_runs this ON this.id = p_run_id
                                 WHERE prev.id = p_previous_run_id AND prev.lineage_xmin IS NOT NULL
                                   AND this.parameters = prev.parameters) THEN
        SELECT coalesce(array_agg(DISTINCT s.suspect), '{}') INTO v_suspects
        FROM calculation_runs prev
        JOIN data_lineage l ON l.transaction_id >= prev.lineage_xmin
        LEFT JOIN districts d ON l.entity IN ('state_requirements', 'states')
                             AND d.state_code = split_part(l.entity_key, '/', 1) AND d.school_year = p_school_year
        CROSS JOIN LATERAL (SELECT CASE WHEN l.entity IN ('state_requirements', 'states') THEN d.nces_id
                                        ELSE split_part(l.entity_key, '/', 1) END AS suspect) AS s
        WHERE prev.id = p_previous_run_id AND s.suspect IS NOT NULL
          AND l.entity IN ('districts', 'enrollment_by_grade', 'staff_counts', 'bell_schedules', 'state_requirements',
                           'states');
    END IF;

    -- format() renders NULL as '' in a fixed position, so "missing" and "empty" never collide across fields.
    INSERT INTO lct_run_fingerprints (nces_id, fingerprint, changed)
    WITH staff AS (
        SELECT nces_id, string_agg(category || '=' || fte, ',' ORDER BY category) AS v
        FROM staff_counts WHERE school_year = p_school_year AND (v_suspects IS NULL OR nces_id = ANY (v_suspects))
        GROUP BY nces_id
    ), enrollment AS (
        SELECT nces_id, string_agg(grade || '=' || students, ',' ORDER BY grade) AS v
        FROM enrollment_by_grade WHERE school_year = p_school_year AND (v_suspects IS NULL OR nces_id = ANY (v_suspects))
        GROUP BY nces_id
    ), bells AS (
        SELECT nces_id, string_agg(format('%s:%s:%s:%s:%s:%s', id, school_year, grade_level, instructional_minutes,
                                          confidence, method), ',' ORDER BY id) AS v
        FROM bell_schedules WHERE v_suspects IS NULL OR nces_id = ANY (v_suspects)
        GROUP BY nces_id
    ), requirements AS (
        SELECT state_code, string_agg(format('%s:%s:%s', grade_level, valid_from_year, daily_minutes), ','
                                      ORDER BY grade_level, valid_from_year) AS v
        FROM state_requirements GROUP BY state_code
    ), fingerprints AS (
        SELECT d.nces_id,
               sha256(convert_to(format('%s|%s|%s|%s|%s|%s|%s|%s|%s', v_parameters, d.state_code, d.enrollment,
                                        d.instructional_staff_fte, d.is_shared_service, s.v, e.v, b.v, r.v),
                                 'UTF8')) AS fingerprint
        FROM districts d
        LEFT JOIN staff s ON s.nces_id = d.nces_id
        LEFT JOIN enrollment e ON e.nces_id = d.nces_id
        LEFT JOIN bells b ON b.nces_id = d.nces_id
        LEFT JOIN requirements r ON r.state_code = d.state_code
        WHERE d.school_year = p_school_year AND (v_suspects IS NULL OR d.nces_id = ANY (v_suspects))
    ), previous AS (
        SELECT DISTINCT ON (c.nces_id) c.nces_id, c.input_fingerprint
        FROM lct_run_rows(p_previous_run_id) c
        ORDER BY c.nces_id
    )
    SELECT f.nces_id, f.fingerprint,
           NOT p_incremental OR p.input_fingerprint IS DISTINCT FROM f.fingerprint
    FROM fingerprints f
    LEFT JOIN previous p ON p.nces_id = f.nces_id
    UNION ALL
    SELECT p.nces_id, p.input_fingerprint, false
    FROM previous p
    WHERE v_suspects IS NOT NULL AND NOT p.nces_id = ANY (v_suspects);

    SELECT encode(sha256(convert_to(v_parameters || '|', 'UTF8')
                         || string_agg(convert_to(f.nces_id, 'UTF8') || f.fingerprint, ''::bytea ORDER BY f.nces_id)), 'hex')
    INTO input_hash
    FROM lct_run_fingerprints f;
    IF input_hash IS NULL THEN
        RAISE EXCEPTION 'no districts for school year %', p_school_year USING ERRCODE = 'no_data_found';
    END IF;

    IF p_incremental AND p_previous_run_id IS NOT NULL THEN
        SELECT r.input_hash INTO v_previous_hash FROM calculation_runs r WHERE r.id = p_previous_run_id;
        IF v_previous_hash = input_hash THEN
            no_changes := true;
            districts_calculated := 0;
            districts_carried_forward := 0;
            result_rows := 0;
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;

    -- a temporary table has no statistics until analysed; with them the steps below find the few changed districts
    -- through indexes instead of scanning every result row
    ANALYZE lct_run_fingerprints;

    -- Chaining needs something to keep (some district unchanged) and nothing to drop (every district of the
    -- previous results still has inputs); otherwise the run calculates every district and starts a chain.
    v_chain := p_incremental AND p_previous_run_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM lct_run_fingerprints f WHERE NOT f.changed)
               AND NOT EXISTS (SELECT 1 FROM lct_run_rows(p_previous_run_id) c
                               WHERE (v_suspects IS NULL OR c.nces_id = ANY (v_suspects))
                                 AND NOT EXISTS (SELECT 1 FROM lct_run_fingerprints f WHERE f.nces_id = c.nces_id));
    IF NOT v_chain THEN
        UPDATE lct_run_fingerprints SET changed = true WHERE NOT changed;
    END IF;

    INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes, minutes_source,
                                  minutes_grade_level, bell_schedule_id, minutes_tier, minutes_school_year, staff_fte,
                                  enrollment, enrollment_basis, lct_minutes, lct_hours, student_teacher_ratio,
                                  lct_category, is_valid, qa_flags, input_fingerprint)
    WITH changed AS (
        SELECT f.nces_id, f.fingerprint FROM lct_run_fingerprints f WHERE f.changed
    ), target AS (
        SELECT d.nces_id, d.school_year, d.state_code, d.enrollment, d.instructional_staff_fte, d.is_shared_service,
               c.fingerprint
        FROM districts d
        JOIN changed c ON c.nces_id = d.nces_id
        WHERE d.school_year = p_school_year
    ), grade_enrollment AS (
        -- point 7: k12 = KG..12; elementary = KG..05; secondary = 06..12
        SELECT e.nces_id,
               sum(e.students) FILTER (WHERE g.is_k12)                                AS k12,
               sum(e.students) FILTER (WHERE g.school_level = 'elementary')          AS elementary,
               sum(e.students) FILTER (WHERE g.school_level IN ('middle', 'high'))   AS secondary,
               sum(e.students) FILTER (WHERE g.school_level = 'middle')              AS middle,
               sum(e.students) FILTER (WHERE g.school_level = 'high')                AS high
        FROM enrollment_by_grade e
        JOIN grades g ON g.code = e.grade
        JOIN changed c ON c.nces_id = e.nces_id
        WHERE e.school_year = p_school_year AND NOT p_reference_g1
        GROUP BY e.nces_id
    ), profiles AS (
        SELECT profile FROM unnest(ARRAY['elementary_first', 'high_first']) AS profile
        WHERE profile = 'elementary_first' OR 'teachers_secondary' = ANY (p_scopes)
    ), district_profiles AS (
        SELECT t.nces_id, t.state_code, p.profile, ge.elementary, ge.middle, ge.high, ge.nces_id IS NOT NULL AS has_grades,
               preferred_level(p.profile, ge.elementary, ge.middle, ge.high, ge.nces_id IS NOT NULL) AS preferred
        FROM target t
        CROSS JOIN profiles p
        LEFT JOIN grade_enrollment ge ON ge.nces_id = t.nces_id
        WHERE NOT p_reference_g1
    ), bell_choice AS (
        -- points 2, 4, 11: collected schedules within 3 years, no COVID years; confident ones first, then the
        -- preferred level, then the newest year
        SELECT DISTINCT ON (dp.nces_id, dp.profile)
               dp.nces_id, dp.profile, b.id, b.grade_level, b.instructional_minutes, b.school_year,
               CASE WHEN conf.rank >= 2 AND b.grade_level = dp.preferred THEN 1 ELSE 2 END AS tier
        FROM district_profiles dp
        JOIN bell_schedules b ON b.nces_id = dp.nces_id
        JOIN collection_methods m ON m.code = b.method AND m.counts_as_enriched
        JOIN confidence_levels conf ON conf.code = b.confidence
        WHERE abs(school_year_start(b.school_year) - school_year_start(p_school_year)) <= 3
          AND b.school_year NOT IN ('2020-21', '2021-22')
        ORDER BY dp.nces_id, dp.profile, (conf.rank >= 2) DESC,
                 level_rank(dp.profile, b.grade_level, dp.elementary, dp.middle, dp.high, dp.has_grades),
                 b.school_year DESC, conf.rank DESC, b.id
    ), requirement_in_force AS (
        -- point 11: the newest requirement not later than the data year, else the earliest
        SELECT DISTINCT ON (r.state_code, r.grade_level) r.state_code, r.grade_level, r.daily_minutes, r.valid_from_year
        FROM state_requirements r
        ORDER BY r.state_code, r.grade_level, (r.valid_from_year <= p_school_year) DESC,
                 CASE WHEN r.valid_from_year <= p_school_year THEN r.valid_from_year END DESC, r.valid_from_year
    ), requirement_choice AS (
        -- per state, profile and preferred level: that level's requirement, else the next level in the profile
        SELECT DISTINCT ON (r.state_code, p.profile, start_level)
               r.state_code, p.profile, start_level, r.grade_level, r.daily_minutes, r.valid_from_year
        FROM requirement_in_force r
        CROSS JOIN profiles p
        CROSS JOIN unnest(ARRAY['elementary', 'middle', 'high']) AS start_level
        ORDER BY r.state_code, p.profile, start_level, (r.grade_level = start_level) DESC,
                 level_rank(p.profile, r.grade_level, NULL, NULL, NULL, false)
    ), minutes AS (
        SELECT dp.nces_id, dp.profile,
               coalesce(bc.instructional_minutes, rc.daily_minutes, p_default_minutes)              AS minutes,
               CASE WHEN bc.id IS NOT NULL THEN 'bell_schedule'
                    WHEN rc.daily_minutes IS NOT NULL THEN 'state_requirement' ELSE 'default' END   AS source,
               coalesce(bc.grade_level, rc.grade_level)                                            AS grade_level,
               bc.id                                                                                AS bell_schedule_id,
               coalesce(bc.tier, 3)                                                                 AS tier,
               coalesce(bc.school_year, rc.valid_from_year)                                         AS minutes_year
        FROM district_profiles dp
        LEFT JOIN bell_choice bc ON bc.nces_id = dp.nces_id AND bc.profile = dp.profile
        LEFT JOIN requirement_choice rc ON rc.state_code = dp.state_code AND rc.profile = dp.profile
                                       AND rc.start_level = dp.preferred
        UNION ALL
        -- point 1: G1 gave every district the default 360, because its lookup never matched
        SELECT t.nces_id, 'elementary_first', p_default_minutes, 'default', NULL, NULL, 3, NULL
        FROM target t
        WHERE p_reference_g1
    ), scope_staff AS (
        SELECT s.nces_id, m.staff_scope, sum(s.fte) AS fte
        FROM staff_counts s
        JOIN staff_scope_members m ON m.category = s.category
        JOIN changed c ON c.nces_id = s.nces_id
        WHERE s.school_year = p_school_year AND m.staff_scope = ANY (p_scopes) AND NOT p_reference_g1
        GROUP BY s.nces_id, m.staff_scope
    ), scope_rows AS (
        SELECT t.nces_id, t.school_year, t.fingerprint, sc.code AS staff_scope, sc.enrollment_basis,
               CASE WHEN p_reference_g1 THEN coalesce(t.instructional_staff_fte, 0)
                    WHEN sc.enrollment_basis = 'total' THEN coalesce(ss.fte, t.instructional_staff_fte)
                    ELSE ss.fte END                                                        AS staff,
               CASE WHEN p_reference_g1 THEN coalesce(t.enrollment, 0)
                    ELSE CASE sc.enrollment_basis WHEN 'total' THEN t.enrollment
                                                  WHEN 'k12' THEN coalesce(ge.k12, t.enrollment)
                                                  WHEN 'elementary' THEN ge.elementary
                                                  WHEN 'secondary' THEN ge.secondary END END AS enrollment,
               sc.enrollment_basis = 'k12' AND ge.nces_id IS NULL                          AS k12_from_total,
               t.is_shared_service AND NOT p_reference_g1                                   AS shared_service,
               CASE WHEN sc.code = 'teachers_secondary' THEN 'high_first' ELSE 'elementary_first' END AS profile
        FROM target t
        JOIN staff_scopes sc ON sc.code = ANY (p_scopes)
        LEFT JOIN scope_staff ss ON ss.nces_id = t.nces_id AND ss.staff_scope = sc.code
        LEFT JOIN grade_enrollment ge ON ge.nces_id = t.nces_id
    ), computed AS MATERIALIZED (
        SELECT r.*, m.minutes, m.source, m.grade_level, m.bell_schedule_id, m.tier, m.minutes_year,
               -- point 18: float8, in the reference's order (minutes x staff, then / enrollment)
               CASE WHEN r.enrollment > 0
                    THEN m.minutes::double precision * r.staff::double precision / r.enrollment::double precision
               END AS raw_lct
        FROM scope_rows r
        JOIN minutes m ON m.nces_id = r.nces_id AND m.profile = r.profile
        WHERE r.staff IS NOT NULL AND r.enrollment IS NOT NULL
    ), split AS (
        -- round_half_even_exact(raw_lct, 2), inlined: raw = mantissa / 2^k exactly (k from the binary exponent,
        -- off by one at worst, which keeps the mantissa whole), so raw x 100 = mantissa x 25 / 2^(k-2)
        SELECT c.*, (c.raw_lct * power(2::double precision, e.k))::bigint * 25 AS scaled, e.k - 2 AS shift
        FROM computed c
        CROSS JOIN LATERAL (SELECT CASE WHEN c.raw_lct >= 0.001 AND c.raw_lct < 1e12
                                        THEN 54 - floor(ln(c.raw_lct) / ln(2::double precision))::integer END AS k) AS e
    ), rounded AS MATERIALIZED (
        SELECT s.*,
               CASE WHEN s.raw_lct IS NULL THEN CASE WHEN p_reference_g1 THEN 0.00 END
                    WHEN s.raw_lct < 0.001 THEN 0.00
                    WHEN s.raw_lct >= 1e12 THEN round(s.raw_lct::numeric, 2)
                    ELSE round(((s.scaled >> s.shift)
                                + CASE WHEN (s.scaled & ((1::bigint << s.shift) - 1)) > (1::bigint << (s.shift - 1)) THEN 1
                                       WHEN (s.scaled & ((1::bigint << s.shift) - 1)) < (1::bigint << (s.shift - 1)) THEN 0
                                       ELSE (s.scaled >> s.shift) & 1 END)::numeric / 100, 2)
               END AS lct
        FROM split s
    ), judged AS (
        SELECT c.*,
               CASE WHEN p_reference_g1
                    -- G1's four rules (methodology 3.1)
                    THEN c.enrollment > 0 AND c.staff > 0 AND c.lct <= c.minutes AND c.staff <= c.enrollment
                    -- point 5
                    -- point 17: shared-service agencies are shown, never counted
                    ELSE c.enrollment > 0 AND c.staff > 0 AND c.staff <= c.enrollment AND c.lct > 0 AND c.lct <= c.minutes
                         AND NOT c.shared_service
               END AS is_valid,
               count(*) FILTER (WHERE c.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                        'instructional_plus_support', 'all'))
                   OVER (PARTITION BY c.nces_id) AS base_scopes,
               min(c.staff) FILTER (WHERE c.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                            'instructional_plus_support', 'all'))
                   OVER (PARTITION BY c.nces_id) AS base_min,
               max(c.staff) FILTER (WHERE c.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                            'instructional_plus_support', 'all'))
                   OVER (PARTITION BY c.nces_id) AS base_max,
               max(c.staff) FILTER (WHERE c.staff_scope = 'teachers_only') OVER (PARTITION BY c.nces_id) AS only_staff,
               max(c.staff) FILTER (WHERE c.staff_scope = 'all') OVER (PARTITION BY c.nces_id) AS all_staff
        FROM rounded c
    ), fresh AS (
        SELECT j.nces_id, j.school_year, j.staff_scope, j.minutes, j.source, j.grade_level, j.bell_schedule_id, j.tier,
               j.minutes_year, j.staff, j.enrollment, j.enrollment_basis, j.lct,
               round((j.lct::double precision / 60) * 100) / 100                                   AS hours,
               CASE WHEN j.staff > 0 THEN round((j.enrollment::double precision / j.staff::double precision) * 10) / 10
                    WHEN j.enrollment > 0 THEN 'Infinity'::double precision END                    AS ratio,
               lct_category(j.lct)                                                                 AS category,
               j.is_valid,
               -- point 9; written in alphabetical order, so the array is sorted
               CASE WHEN p_reference_g1 THEN '{}'::text[] ELSE array_remove(ARRAY[
                   CASE WHEN j.base_scopes = 5 AND j.base_min = j.base_max
                             AND j.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                   'instructional_plus_support', 'all') THEN 'ERR_FLAT_STAFF' END,
                   CASE WHEN j.enrollment > 0 AND j.staff::double precision / j.enrollment > 0.5 THEN 'ERR_IMPOSSIBLE_SSR' END,
                   CASE WHEN j.lct > j.minutes THEN 'ERR_LCT_EXCEEDS_MINUTES' END,
                   CASE WHEN j.lct = 0 AND j.staff > 0 AND j.enrollment > 0 THEN 'ERR_LCT_ZERO' END,
                   CASE WHEN j.enrollment = 0 THEN 'ERR_NO_ENROLLMENT' END,
                   CASE WHEN j.staff = 0 THEN 'ERR_NO_STAFF' END,
                   CASE WHEN j.base_scopes = 5 AND j.only_staff > 0 AND j.all_staff > 0
                             AND abs(j.only_staff - j.all_staff) < 0.01
                             AND j.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                   'instructional_plus_support', 'all') THEN 'ERR_RATIO_CEILING' END,
                   CASE WHEN j.shared_service THEN 'ERR_SHARED_SERVICE' END,
                   CASE WHEN j.staff > j.enrollment THEN 'ERR_STAFF_EXCEEDS_ENROLLMENT' END,
                   CASE WHEN j.enrollment_basis IN ('k12', 'total') AND j.enrollment > 0 AND j.enrollment < 50
                        THEN 'ERR_VOLATILE' END,
                   CASE WHEN j.k12_from_total THEN 'INFO_K12_FROM_TOTAL' END,
                   CASE WHEN j.source = 'default' THEN 'WARN_DEFAULT_MINUTES' END,
                   CASE WHEN j.staff_scope IN ('teachers_only', 'teachers_total') AND j.lct > 120 THEN 'WARN_LCT_HIGH' END,
                   CASE WHEN j.lct > 0 AND j.lct < 5 THEN 'WARN_LCT_LOW' END,
                   -- point 15: the YAML's typical ranges per level
                   CASE WHEN j.source <> 'default' AND NOT (j.minutes BETWEEN
                             CASE j.grade_level WHEN 'elementary' THEN 240 ELSE 300 END AND
                             CASE j.grade_level WHEN 'elementary' THEN 360 WHEN 'middle' THEN 390 ELSE 420 END)
                        THEN 'WARN_MINUTES_ATYPICAL' END,
                   CASE WHEN j.source = 'bell_schedule'
                             AND abs(school_year_start(j.minutes_year) - school_year_start(p_school_year)) BETWEEN 2 AND 3
                        THEN 'WARN_YEAR_GAP' END
               ], NULL) END                                                                         AS flags,
               j.fingerprint
        FROM judged j
    )
    SELECT p_run_id, f.nces_id, f.school_year, f.staff_scope, f.minutes, f.source, f.grade_level, f.bell_schedule_id,
           f.tier, f.minutes_year, f.staff, f.enrollment, f.enrollment_basis, f.lct, f.hours, f.ratio, f.category,
           f.is_valid, f.flags, f.fingerprint
    FROM fresh f;
    GET DIAGNOSTICS v_rows = ROW_COUNT;

    IF v_chain THEN
        -- the rows this run replaced stay in place for the runs that used them
        UPDATE lct_calculations c SET superseded_by_run_id = p_run_id
        FROM calculation_runs prev, lct_run_fingerprints f
        WHERE prev.id = p_previous_run_id AND f.changed AND c.nces_id = f.nces_id AND c.school_year = p_school_year
          AND c.run_id BETWEEN coalesce(prev.base_run_id, prev.id) AND prev.id AND c.superseded_by_run_id IS NULL;
    END IF;
    -- the read model follows in the same transaction
    IF v_chain THEN
        DELETE FROM lct_current c USING lct_run_fingerprints f
        WHERE c.school_year = p_school_year AND c.nces_id = f.nces_id AND f.changed;
    ELSE
        DELETE FROM lct_current c WHERE c.school_year = p_school_year;
    END IF;
    INSERT INTO lct_current
    SELECT c.school_year, c.nces_id, c.staff_scope, d.state_code, c.run_id, c.instructional_minutes, c.minutes_source,
           c.minutes_grade_level, c.minutes_tier, c.bell_schedule_id, c.staff_fte, c.enrollment, c.lct_minutes,
           c.lct_category, c.is_valid, c.qa_flags
    FROM lct_calculations c
    JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year
    WHERE c.run_id = p_run_id;

    UPDATE calculation_runs
    SET base_run_id = CASE WHEN v_chain THEN (SELECT coalesce(p.base_run_id, p.id) FROM calculation_runs p
                                             WHERE p.id = p_previous_run_id)
                           ELSE p_run_id END
    WHERE id = p_run_id;

    no_changes := false;
    result_rows := v_rows;
    -- a district's fingerprint is stored on its rows, so every district of the year has rows (point 17)
    SELECT count(*) FILTER (WHERE f.changed), count(*) FILTER (WHERE NOT f.changed)
    INTO districts_calculated, districts_carried_forward
    FROM lct_run_fingerprints f;
    RETURN NEXT;
END $$;
COMMENT ON FUNCTION lct_calculate(bigint, text, text[], boolean, integer, bigint, boolean) IS 'Computes a run''s results set-based into lct_calculations (every district, or incrementally those whose inputs changed since p_previous_run_id, superseding their rows), sets the run''s base_run_id and returns its input hash and counts; the caller''s transaction commits them with the run status.';
