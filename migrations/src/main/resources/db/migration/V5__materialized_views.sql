-- Read models for the district-service. Each has a unique index on non-null plain columns so that
-- refresh_materialized_views() can refresh it CONCURRENTLY and readers are never blocked.
-- Nothing here names a year: views follow the newest NCES year per district and the newest successful run
-- per school year. Coverage is aggregated per district before it is summed, so no join fans out.

-- A district counts as enriched when it has a schedule collected from real evidence for any year: schedules
-- change little between years, and a district enriched for 2024-25 should not become a candidate again in 2025-26.
CREATE VIEW enriched_districts AS
SELECT b.nces_id,
       max(b.school_year)                                       AS latest_schedule_year,
       count(*)                                                 AS bell_schedules,
       array_agg(DISTINCT b.grade_level ORDER BY b.grade_level) AS grade_levels
FROM bell_schedules b
JOIN collection_methods m ON m.code = b.method
WHERE m.counts_as_enriched
GROUP BY b.nces_id;
COMMENT ON VIEW enriched_districts IS 'LEAs with at least one bell schedule collected from real evidence (statutory fallbacks excluded), one row each.';
COMMENT ON COLUMN enriched_districts.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN enriched_districts.latest_schedule_year IS 'Newest school year with a collected schedule.';
COMMENT ON COLUMN enriched_districts.bell_schedules IS 'Collected schedules, all years and levels.';
COMMENT ON COLUMN enriched_districts.grade_levels IS 'School levels with a collected schedule in any year.';

CREATE MATERIALIZED VIEW mv_districts_with_lct AS
SELECT c.school_year,
       c.nces_id,
       d.name AS district_name,
       d.state_code,
       c.staff_scope,
       c.run_id,
       c.instructional_minutes,
       c.minutes_source,
       c.staff_fte,
       c.enrollment,
       c.lct_minutes,
       c.is_valid,
       c.qa_flags
FROM latest_successful_runs r
JOIN lct_calculations c ON c.run_id = r.run_id AND c.school_year = r.school_year
JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year;
CREATE UNIQUE INDEX mv_districts_with_lct_key ON mv_districts_with_lct (school_year, nces_id, staff_scope);
CREATE INDEX mv_districts_with_lct_state_idx ON mv_districts_with_lct (state_code, staff_scope);
COMMENT ON MATERIALIZED VIEW mv_districts_with_lct IS 'Current LCT per district and staff scope: the rows of the newest successful run of each school year, with the district''s name and state.';
COMMENT ON COLUMN mv_districts_with_lct.school_year IS 'NCES data year calculated.';
COMMENT ON COLUMN mv_districts_with_lct.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN mv_districts_with_lct.district_name IS 'District name in that year.';
COMMENT ON COLUMN mv_districts_with_lct.state_code IS 'Reporting jurisdiction.';
COMMENT ON COLUMN mv_districts_with_lct.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN mv_districts_with_lct.run_id IS 'The run that produced the value.';
COMMENT ON COLUMN mv_districts_with_lct.instructional_minutes IS 'Daily instructional minutes used.';
COMMENT ON COLUMN mv_districts_with_lct.minutes_source IS 'bell_schedule, state_requirement or default.';
COMMENT ON COLUMN mv_districts_with_lct.staff_fte IS 'Staff FTE counted for the scope.';
COMMENT ON COLUMN mv_districts_with_lct.enrollment IS 'Students dividing the staff.';
COMMENT ON COLUMN mv_districts_with_lct.lct_minutes IS 'LCT in minutes per student per day.';
COMMENT ON COLUMN mv_districts_with_lct.is_valid IS 'Whether the value passes the validity rules.';
COMMENT ON COLUMN mv_districts_with_lct.qa_flags IS 'Safeguard flags raised.';

CREATE MATERIALIZED VIEW mv_lct_summary_stats AS
SELECT c.school_year,
       CASE WHEN grouping(d.state_code) = 1 THEN 'US' ELSE d.state_code END                            AS geography,
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
FROM latest_successful_runs r
JOIN lct_calculations c ON c.run_id = r.run_id AND c.school_year = r.school_year
JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year
GROUP BY GROUPING SETS ((c.school_year, r.run_id, c.staff_scope),
                        (c.school_year, r.run_id, c.staff_scope, d.state_code));
CREATE UNIQUE INDEX mv_lct_summary_stats_key ON mv_lct_summary_stats (school_year, geography, staff_scope);
COMMENT ON MATERIALIZED VIEW mv_lct_summary_stats IS 'LCT statistics of the current run per school year and staff scope, for the nation (geography US) and each state; statistics over valid rows.';
COMMENT ON COLUMN mv_lct_summary_stats.school_year IS 'NCES data year calculated.';
COMMENT ON COLUMN mv_lct_summary_stats.geography IS 'US for the nation, else the state code.';
COMMENT ON COLUMN mv_lct_summary_stats.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN mv_lct_summary_stats.run_id IS 'The run the statistics describe.';
COMMENT ON COLUMN mv_lct_summary_stats.districts IS 'Districts with a result row, valid or not.';
COMMENT ON COLUMN mv_lct_summary_stats.valid_districts IS 'Districts whose value is valid.';
COMMENT ON COLUMN mv_lct_summary_stats.mean_lct IS 'Mean LCT in minutes, unrounded.';
COMMENT ON COLUMN mv_lct_summary_stats.median_lct IS 'Median LCT (continuous percentile 0.5).';
COMMENT ON COLUMN mv_lct_summary_stats.p10_lct IS '10th percentile of LCT (continuous).';
COMMENT ON COLUMN mv_lct_summary_stats.p25_lct IS '25th percentile of LCT (continuous).';
COMMENT ON COLUMN mv_lct_summary_stats.p75_lct IS '75th percentile of LCT (continuous).';
COMMENT ON COLUMN mv_lct_summary_stats.p90_lct IS '90th percentile of LCT (continuous).';
COMMENT ON COLUMN mv_lct_summary_stats.min_lct IS 'Smallest LCT.';
COMMENT ON COLUMN mv_lct_summary_stats.max_lct IS 'Largest LCT.';
COMMENT ON COLUMN mv_lct_summary_stats.stddev_lct IS 'Sample standard deviation of LCT; NULL for a single district.';
COMMENT ON COLUMN mv_lct_summary_stats.enrollment_weighted_lct IS 'LCT weighted by enrollment: the LCT of the average student rather than the average district.';
COMMENT ON COLUMN mv_lct_summary_stats.valid_enrollment IS 'Students in districts with a valid value.';

CREATE MATERIALIZED VIEW mv_state_enrichment_progress AS
SELECT s.code                                                                    AS state_code,
       s.name                                                                    AS state_name,
       count(d.nces_id)                                                          AS total_districts,
       count(e.nces_id)                                                          AS enriched_districts,
       coalesce(sum(d.enrollment), 0)                                            AS total_enrollment,
       coalesce(sum(d.enrollment) FILTER (WHERE e.nces_id IS NOT NULL), 0)       AS enriched_enrollment,
       round(100.0 * count(e.nces_id) / nullif(count(d.nces_id), 0), 2)          AS district_coverage_pct,
       round(100.0 * coalesce(sum(d.enrollment) FILTER (WHERE e.nces_id IS NOT NULL), 0)
                   / nullif(sum(d.enrollment), 0), 2)                            AS enrollment_coverage_pct,
       max(e.latest_schedule_year)                                               AS latest_schedule_year
FROM states s
LEFT JOIN latest_districts d ON d.state_code = s.code
LEFT JOIN enriched_districts e ON e.nces_id = d.nces_id
GROUP BY s.code, s.name;
CREATE UNIQUE INDEX mv_state_enrichment_progress_key ON mv_state_enrichment_progress (state_code);
COMMENT ON MATERIALIZED VIEW mv_state_enrichment_progress IS 'Bell-schedule coverage per jurisdiction, by districts and by enrollment, over each LEA''s newest NCES year.';
COMMENT ON COLUMN mv_state_enrichment_progress.state_code IS 'Jurisdiction code.';
COMMENT ON COLUMN mv_state_enrichment_progress.state_name IS 'Jurisdiction name.';
COMMENT ON COLUMN mv_state_enrichment_progress.total_districts IS 'Districts in the jurisdiction.';
COMMENT ON COLUMN mv_state_enrichment_progress.enriched_districts IS 'Districts with a collected bell schedule (statutory fallbacks excluded).';
COMMENT ON COLUMN mv_state_enrichment_progress.total_enrollment IS 'Students in all districts.';
COMMENT ON COLUMN mv_state_enrichment_progress.enriched_enrollment IS 'Students in enriched districts.';
COMMENT ON COLUMN mv_state_enrichment_progress.district_coverage_pct IS 'Enriched districts as a percentage of all, 2 decimals; NULL without districts.';
COMMENT ON COLUMN mv_state_enrichment_progress.enrollment_coverage_pct IS 'Students covered as a percentage of all students, 2 decimals; NULL without enrollment.';
COMMENT ON COLUMN mv_state_enrichment_progress.latest_schedule_year IS 'Newest school year of any collected schedule in the jurisdiction.';

CREATE MATERIALIZED VIEW mv_unenriched_districts AS
WITH ranked AS (
    SELECT d.nces_id, d.name, d.state_code, d.school_year, d.enrollment, d.is_shared_service,
           e.nces_id IS NOT NULL                                                      AS is_enriched,
           rank() OVER (PARTITION BY d.state_code ORDER BY d.enrollment DESC NULLS LAST) AS enrollment_rank_in_state
    FROM latest_districts d
    LEFT JOIN enriched_districts e ON e.nces_id = d.nces_id
)
SELECT nces_id,
       name AS district_name,
       state_code,
       school_year,
       enrollment,
       enrollment_rank_in_state,
       row_number() OVER (PARTITION BY state_code ORDER BY enrollment DESC, nces_id) AS candidate_rank
FROM ranked
WHERE NOT is_enriched AND enrollment > 0 AND NOT is_shared_service;
CREATE UNIQUE INDEX mv_unenriched_districts_key ON mv_unenriched_districts (nces_id);
CREATE INDEX mv_unenriched_districts_candidates_idx ON mv_unenriched_districts (state_code, candidate_rank);
COMMENT ON MATERIALIZED VIEW mv_unenriched_districts IS 'Districts with students and no collected bell schedule, ranked per state: the enrichment candidates.';
COMMENT ON COLUMN mv_unenriched_districts.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN mv_unenriched_districts.district_name IS 'District name in its newest NCES year.';
COMMENT ON COLUMN mv_unenriched_districts.state_code IS 'Reporting jurisdiction.';
COMMENT ON COLUMN mv_unenriched_districts.school_year IS 'Newest NCES year of the district.';
COMMENT ON COLUMN mv_unenriched_districts.enrollment IS 'Students in that year.';
COMMENT ON COLUMN mv_unenriched_districts.enrollment_rank_in_state IS 'Rank by enrollment among all districts of the state, enriched or not; stable as enrichment proceeds.';
COMMENT ON COLUMN mv_unenriched_districts.candidate_rank IS 'Position in the state''s enrichment queue: rank by enrollment among unenriched districts, ties by nces_id.';

CREATE TABLE materialized_view_refreshes (
    view_name    varchar(64) PRIMARY KEY,
    refreshed_at timestamptz NOT NULL,
    duration_ms  integer     NOT NULL CONSTRAINT materialized_view_refreshes_duration_non_negative CHECK (duration_ms >= 0)
);
COMMENT ON TABLE materialized_view_refreshes IS 'When each materialized view was last refreshed, so readers can tell how fresh a figure is.';
COMMENT ON COLUMN materialized_view_refreshes.view_name IS 'Materialized view name.';
COMMENT ON COLUMN materialized_view_refreshes.refreshed_at IS 'When its last refresh finished.';
COMMENT ON COLUMN materialized_view_refreshes.duration_ms IS 'How long that refresh took, in milliseconds.';

CREATE FUNCTION refresh_materialized_views() RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
BEGIN
    FOREACH refreshed_view IN ARRAY ARRAY['mv_districts_with_lct', 'mv_lct_summary_stats',
                                          'mv_state_enrichment_progress', 'mv_unenriched_districts'] LOOP
        started := clock_timestamp();
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', refreshed_view);
        took_ms := round(extract(epoch FROM clock_timestamp() - started) * 1000);
        INSERT INTO materialized_view_refreshes (view_name, refreshed_at, duration_ms)
        VALUES (refreshed_view, clock_timestamp(), took_ms)
        ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION refresh_materialized_views() IS 'Refreshes all four materialized views CONCURRENTLY (readers keep the old contents meanwhile) and records when.';
