-- calculation-service, part 1: scope membership as data, the flat all-teachers scope, the result columns a run
-- reports (minutes provenance, hours, ratio, percentile, category, input fingerprint) and run bookkeeping.
-- Decisions: docs/methodology.md.

-- The NCES derived totals (all teachers over all students, pre-K included on both sides) are the only scope the
-- flat districts columns support, and the scope of the reference's published G1 dataset.
ALTER TABLE staff_scopes DROP CONSTRAINT staff_scopes_enrollment_basis_known;
ALTER TABLE staff_scopes ADD CONSTRAINT staff_scopes_enrollment_basis_known
    CHECK (enrollment_basis IN ('k12', 'elementary', 'secondary', 'gened', 'sped_self_contained', 'total'));
COMMENT ON COLUMN staff_scopes.enrollment_basis IS 'Which enrollment divides the staff: k12 (KG-12), elementary (K-5), secondary (6-12), gened, sped_self_contained, or total (the NCES education unit total, pre-K included).';
INSERT INTO staff_scopes (code, label, enrollment_basis, definition, sort_order) VALUES
    ('teachers_total', 'LCT-Teachers (NCES total)', 'total',
     'All teachers as NCES totals them, pre-K and ungraded included, over total enrollment (pre-K included): the districts file''s own columns and the scope of the reference''s published 2023-24 dataset.', 11);

CREATE TABLE staff_scope_members (
    staff_scope varchar(32) NOT NULL REFERENCES staff_scopes,
    category    varchar(40) NOT NULL REFERENCES staff_categories,
    PRIMARY KEY (staff_scope, category)
);
COMMENT ON TABLE staff_scope_members IS 'Which staff categories a scope sums (methodology section 2.2); the calculation reads it, so a scope''s definition lives in one place.';
COMMENT ON COLUMN staff_scope_members.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN staff_scope_members.category IS 'Staff category counted in the scope (staff_categories.code).';
INSERT INTO staff_scope_members (staff_scope, category)
SELECT scope, unnest(categories) FROM (VALUES
    ('teachers_only', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary']),
    ('teachers_elementary', ARRAY['teachers_kindergarten', 'teachers_elementary']),
    ('teachers_secondary', ARRAY['teachers_secondary']),
    ('teachers_core', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary', 'teachers_ungraded']),
    ('instructional', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary', 'teachers_ungraded',
                            'instructional_coordinators', 'paraprofessionals']),
    ('instructional_plus_support', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary', 'teachers_ungraded',
                            'instructional_coordinators', 'paraprofessionals',
                            'counselors_total', 'psychologists', 'student_support_services']),
    ('all', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary', 'teachers_ungraded',
                  'instructional_coordinators', 'paraprofessionals', 'librarians', 'library_support',
                  'counselors_total', 'psychologists', 'student_support_services',
                  'lea_administrators', 'lea_admin_support', 'school_administrators', 'school_admin_support',
                  'other_support_staff']),
    ('teachers_total', ARRAY['teachers_total'])
) AS scopes(scope, categories);

ALTER TABLE lct_calculations
    ADD COLUMN minutes_tier          smallint CONSTRAINT lct_calculations_minutes_tier_known CHECK (minutes_tier IN (1, 2, 3)),
    -- copied from school_year columns, which checked it; not the school_year domain, which refuses NULL
    ADD COLUMN minutes_school_year   varchar(7),
    ADD COLUMN enrollment_basis      varchar(24),
    ADD COLUMN lct_hours             double precision,
    ADD COLUMN student_teacher_ratio double precision,
    ADD COLUMN lct_percentile        double precision CONSTRAINT lct_calculations_percentile_range CHECK (lct_percentile BETWEEN 0 AND 100),
    ADD COLUMN lct_category          varchar(24),
    -- raw 32 bytes: a hex domain's regex check per row costs more than the rest of the row
    ADD COLUMN input_fingerprint     bytea CONSTRAINT lct_calculations_fingerprint_sha256 CHECK (octet_length(input_fingerprint) = 32);
COMMENT ON COLUMN lct_calculations.minutes_tier IS '1: collected bell schedule at the preferred level with high or medium confidence; 2: collected schedule at another level or with low confidence; 3: state requirement or default.';
COMMENT ON COLUMN lct_calculations.minutes_school_year IS 'School year of the bell schedule or the state requirement (valid_from_year) used; NULL for the default.';
COMMENT ON COLUMN lct_calculations.enrollment_basis IS 'Which enrollment divides the staff (staff_scopes.enrollment_basis).';
COMMENT ON COLUMN lct_calculations.lct_hours IS 'LCT in hours, 2 decimals rounded half-even on the scaled double.';
COMMENT ON COLUMN lct_calculations.student_teacher_ratio IS 'Enrollment per staff FTE, 1 decimal; Infinity when staff is 0 and enrollment is not; NULL when both are 0.';
COMMENT ON COLUMN lct_calculations.lct_percentile IS 'Percent rank of the LCT within the run and scope (ties averaged), 1 decimal; NULL for rows outside the ranked population.';
COMMENT ON COLUMN lct_calculations.lct_category IS 'LCT band: Unknown, Very Low (<15 min), Low (15-20 min), Moderate (20-25 min), High (25-30 min), Very High (>30 min); lower bounds inclusive.';
COMMENT ON COLUMN lct_calculations.input_fingerprint IS 'SHA-256 (32 bytes) over every input of the district the row depends on and the run parameters: what an incremental run compares.';

ALTER TABLE calculation_runs
    ADD COLUMN no_changes  boolean NOT NULL DEFAULT false,
    ADD COLUMN lineage_xmin xid8,
    ADD COLUMN compute_ms  integer CONSTRAINT calculation_runs_compute_ms_non_negative CHECK (compute_ms >= 0),
    ADD COLUMN refresh_ms  integer CONSTRAINT calculation_runs_refresh_ms_non_negative CHECK (refresh_ms >= 0);
COMMENT ON COLUMN calculation_runs.no_changes IS 'True for an incremental run whose input hash equalled its previous run''s: it wrote no rows and the previous run''s results stay current.';
COMMENT ON COLUMN calculation_runs.lineage_xmin IS 'Oldest transaction the run could not see when it read its inputs: a data_lineage entry of this or a later transaction may be a change the run missed; none means nothing changed since.';
COMMENT ON COLUMN calculation_runs.compute_ms IS 'Milliseconds spent calculating and writing results and QA (the run''s transaction).';
COMMENT ON COLUMN calculation_runs.refresh_ms IS 'Milliseconds spent refreshing the materialized views after the run committed.';

-- A run that found no changes wrote no rows, so it cannot be the current one: its previous run stays current.
CREATE OR REPLACE VIEW latest_successful_runs AS
SELECT DISTINCT ON (school_year) id AS run_id, school_year, finished_at
FROM calculation_runs
WHERE status = 'succeeded' AND NOT no_changes
ORDER BY school_year, finished_at DESC, id DESC;
COMMENT ON VIEW latest_successful_runs IS 'The newest successful run of each school year that wrote results (runs that found no changes are skipped): its results are the current LCT.';

-- What lets an incremental run with nothing to do stop at once: "any input change by a transaction the previous run
-- could not see?" is one index probe (data_lineage is written by the input tables' triggers).
CREATE INDEX data_lineage_transaction_idx ON data_lineage (transaction_id);
