-- Bell-schedule coverage: each LEA's newest year, the enriched districts, the newest collection attempt, and the two
-- materialized views of the dashboard and the campaign (refreshed after imports and runs that changed something).
-- Edited in place (see migrations/README.md).

-- Dropped first (and created again below) because they depend on the plain views.
DROP MATERIALIZED VIEW IF EXISTS mv_state_enrichment_progress;
DROP MATERIALIZED VIEW IF EXISTS mv_unenriched_districts;

-- The newest NCES year of each LEA: what "the district" means when no year is asked for. One index probe per LEA
-- (the primary key read backwards), so its cost follows the number of LEAs, not the years stored; a DISTINCT ON
-- over districts read every year of every LEA. nces_id comes from leas, so a join on it reaches single LEAs.
CREATE OR REPLACE VIEW latest_districts AS
SELECT l.nces_id, d.school_year, d.name, d.state_code, d.enrollment, d.instructional_staff_fte, d.is_shared_service,
       d.source
FROM leas l
CROSS JOIN LATERAL (
    SELECT newest.school_year, newest.name, newest.state_code, newest.enrollment, newest.instructional_staff_fte,
           newest.is_shared_service, newest.source
    FROM districts newest
    WHERE newest.nces_id = l.nces_id
    ORDER BY newest.school_year DESC
    LIMIT 1
) AS d;
COMMENT ON VIEW latest_districts IS 'Each LEA''s newest districts row.';
COMMENT ON COLUMN latest_districts.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN latest_districts.school_year IS 'The newest NCES data year loaded for the LEA.';
COMMENT ON COLUMN latest_districts.name IS 'District name in that year.';
COMMENT ON COLUMN latest_districts.state_code IS 'Reporting jurisdiction.';
COMMENT ON COLUMN latest_districts.enrollment IS 'Enrollment in that year, pre-K included.';
COMMENT ON COLUMN latest_districts.instructional_staff_fte IS 'Teacher FTE in that year.';
COMMENT ON COLUMN latest_districts.is_shared_service IS 'Shared-service agency flag.';
COMMENT ON COLUMN latest_districts.source IS 'Where the row came from.';

-- Read models for the district-service. Each has a unique index on non-null plain columns so that
-- refresh_materialized_views() can refresh it CONCURRENTLY and readers are never blocked.
-- Nothing here names a year: views follow the newest NCES year per district and the newest successful run
-- per school year. Coverage is aggregated per district before it is summed, so no join fans out.

-- A district counts as enriched when it has a schedule collected from real evidence for any year: schedules
-- change little between years, and a district enriched for 2024-25 should not become a candidate again in 2025-26.
CREATE OR REPLACE VIEW enriched_districts AS
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

-- The newest attempt per district: what the queue and the campaign read.
CREATE OR REPLACE VIEW latest_enrichment_attempts AS
SELECT DISTINCT ON (nces_id) nces_id, id AS attempt_id, outcome, attempted_at, retry_count, next_retry_at, priority
FROM enrichment_attempts
ORDER BY nces_id, attempted_at DESC, id DESC;
COMMENT ON VIEW latest_enrichment_attempts IS 'The newest collection attempt of each district.';
COMMENT ON COLUMN latest_enrichment_attempts.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN latest_enrichment_attempts.attempt_id IS 'Id of the newest attempt.';
COMMENT ON COLUMN latest_enrichment_attempts.outcome IS 'Outcome of the newest attempt.';
COMMENT ON COLUMN latest_enrichment_attempts.attempted_at IS 'When the newest attempt was made.';
COMMENT ON COLUMN latest_enrichment_attempts.retry_count IS 'Failed attempts since the last success.';
COMMENT ON COLUMN latest_enrichment_attempts.next_retry_at IS 'Earliest time to try again.';
COMMENT ON COLUMN latest_enrichment_attempts.priority IS 'Priority of the newest attempt.';

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
