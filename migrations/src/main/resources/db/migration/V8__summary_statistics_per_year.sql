-- The LCT statistics of each school year's current run, per geography and staff scope, as a table written per year
-- (docs/adr/0049-summary-statistics-written-per-year.md). Until now they were the materialized view
-- mv_lct_summary_stats, whose refresh after every run recomputed and compared every stored year. A run now writes its
-- own year's rows in its own transaction (refresh_lct_summary(), R__40_calculation.sql, called by lct_calculate()), so
-- the statistics of one year cost the same whatever the history. R__60_results.sql fills the table for the years
-- that already have results and keeps mv_lct_summary_stats, for the previous release's readers, as a plain view
-- over it.

CREATE TABLE lct_summary_stats (
    school_year             school_year NOT NULL,
    geography               char(2)     NOT NULL,
    staff_scope             varchar(32) NOT NULL,
    run_id                  bigint      NOT NULL,
    districts               bigint      NOT NULL,
    valid_districts         bigint      NOT NULL,
    mean_lct                numeric,
    median_lct              numeric,
    p10_lct                 numeric,
    p25_lct                 numeric,
    p75_lct                 numeric,
    p90_lct                 numeric,
    min_lct                 numeric,
    max_lct                 numeric,
    stddev_lct              numeric,
    enrollment_weighted_lct numeric,
    valid_enrollment        bigint      NOT NULL,
    computed_at             timestamptz NOT NULL,
    PRIMARY KEY (school_year, geography, staff_scope)
);
COMMENT ON TABLE lct_summary_stats IS 'LCT statistics of the current run per school year and staff scope, for the nation (geography US) and each state; statistics over valid rows. Computed from the QA partials (lct_qa_scopes) and written by the run of the year, in its transaction (refresh_lct_summary()).';
COMMENT ON COLUMN lct_summary_stats.school_year IS 'NCES data year.';
COMMENT ON COLUMN lct_summary_stats.geography IS 'US for the nation, else the state code.';
COMMENT ON COLUMN lct_summary_stats.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN lct_summary_stats.run_id IS 'The current run of the school year: the run whose results the statistics describe.';
COMMENT ON COLUMN lct_summary_stats.districts IS 'Districts with a result row.';
COMMENT ON COLUMN lct_summary_stats.valid_districts IS 'Districts whose value passes the validity rules.';
COMMENT ON COLUMN lct_summary_stats.mean_lct IS 'Mean LCT of the valid districts.';
COMMENT ON COLUMN lct_summary_stats.median_lct IS 'Median LCT of the valid districts.';
COMMENT ON COLUMN lct_summary_stats.p10_lct IS '10th percentile of LCT (valid districts).';
COMMENT ON COLUMN lct_summary_stats.p25_lct IS '25th percentile of LCT (valid districts).';
COMMENT ON COLUMN lct_summary_stats.p75_lct IS '75th percentile of LCT (valid districts).';
COMMENT ON COLUMN lct_summary_stats.p90_lct IS '90th percentile of LCT (valid districts).';
COMMENT ON COLUMN lct_summary_stats.min_lct IS 'Lowest valid LCT.';
COMMENT ON COLUMN lct_summary_stats.max_lct IS 'Highest valid LCT.';
COMMENT ON COLUMN lct_summary_stats.stddev_lct IS 'Sample standard deviation of valid LCT.';
COMMENT ON COLUMN lct_summary_stats.enrollment_weighted_lct IS 'LCT averaged over students rather than districts (valid districts).';
COMMENT ON COLUMN lct_summary_stats.valid_enrollment IS 'Students in the valid districts.';
COMMENT ON COLUMN lct_summary_stats.computed_at IS 'When the run (or a rebuild) wrote the year''s statistics.';

-- A run replaces its year's rows: it deletes and inserts them, as it does the QA partials. The enrichment writes
-- nothing here; readers read through lct_reader's default privileges (V6).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'lct_calculation_writer') THEN
        GRANT INSERT, DELETE ON lct_summary_stats TO lct_calculation_writer;
    ELSE
        RAISE NOTICE 'role lct_calculation_writer is missing: no grants on lct_summary_stats made to it (see V7)';
    END IF;
END $$;
