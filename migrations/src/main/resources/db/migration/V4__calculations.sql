-- Calculation runs and their results. Decisions and measurements: docs/methodology.md ("Storage of results",
-- "Incremental runs and QA partials").
--
-- A run's results are written once, by the run that computed them: a full run writes every row and starts a chain
-- (base_run_id = its own id); an incremental run writes the rows of the districts whose inputs changed and marks the
-- rows they replace as superseded by it (lct_run_rows() reads a run's results back). Beside the runs' rows the
-- current results are kept ready to read (lct_current), with what an incremental run compares (one input
-- fingerprint per district, digests per bucket of districts) and the QA aggregates per state, all written by the run
-- in its own transaction. The functions that do all this are in R__40_calculation.sql.

CREATE TABLE calculation_runs (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mode                      varchar(12) NOT NULL CONSTRAINT calculation_runs_mode_known CHECK (mode IN ('full', 'incremental')),
    status                    varchar(12) NOT NULL DEFAULT 'queued'
                              CONSTRAINT calculation_runs_status_known CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    school_year               school_year NOT NULL,
    triggered_by              varchar(12) NOT NULL CONSTRAINT calculation_runs_trigger_known CHECK (triggered_by IN ('api', 'schedule', 'cli')),
    requested_by              varchar(200) NOT NULL,
    requested_at              timestamptz NOT NULL DEFAULT now(),
    started_at                timestamptz,
    finished_at               timestamptz,
    input_hash                sha256_hex,
    previous_run_id           bigint REFERENCES calculation_runs,
    parameters                jsonb       NOT NULL DEFAULT '{}'
                              CONSTRAINT calculation_runs_parameters_object CHECK (jsonb_typeof(parameters) = 'object'),
    qa_summary                jsonb,
    districts_calculated      integer     CONSTRAINT calculation_runs_calculated_non_negative CHECK (districts_calculated >= 0),
    districts_carried_forward integer     CONSTRAINT calculation_runs_carried_non_negative CHECK (districts_carried_forward >= 0),
    result_rows               integer     CONSTRAINT calculation_runs_rows_non_negative CHECK (result_rows >= 0),
    error_message             text,
    no_changes                boolean     NOT NULL DEFAULT false,
    lineage_xmin              xid8,
    compute_ms                integer     CONSTRAINT calculation_runs_compute_ms_non_negative CHECK (compute_ms >= 0),
    refresh_ms                integer     CONSTRAINT calculation_runs_refresh_ms_non_negative CHECK (refresh_ms >= 0),
    base_run_id               bigint      REFERENCES calculation_runs,
    methodology_version       sha256_hex,
    CONSTRAINT calculation_runs_not_its_own_previous CHECK (previous_run_id <> id),
    CONSTRAINT calculation_runs_finished_after_started CHECK (finished_at >= started_at),
    CONSTRAINT calculation_runs_status_consistent CHECK (
        CASE status
            WHEN 'queued' THEN started_at IS NULL AND finished_at IS NULL
            WHEN 'running' THEN started_at IS NOT NULL AND finished_at IS NULL
            WHEN 'succeeded' THEN finished_at IS NOT NULL AND input_hash IS NOT NULL AND error_message IS NULL
            WHEN 'failed' THEN finished_at IS NOT NULL AND error_message IS NOT NULL
        END)
);
-- At most one run queued or running at a time, whichever replica asked: the backstop behind the advisory lock.
CREATE UNIQUE INDEX calculation_runs_one_active ON calculation_runs ((true)) WHERE status IN ('queued', 'running');
CREATE INDEX calculation_runs_year_finished_idx ON calculation_runs (school_year, finished_at DESC) WHERE status = 'succeeded';
COMMENT ON TABLE calculation_runs IS 'One LCT calculation run: what was asked, when it ran, what it read (input hash) and what it produced.';
COMMENT ON COLUMN calculation_runs.id IS 'Run id.';
COMMENT ON COLUMN calculation_runs.mode IS 'full recalculates every district; incremental recalculates districts whose inputs changed and carries the rest forward.';
COMMENT ON COLUMN calculation_runs.status IS 'queued, running, succeeded or failed.';
COMMENT ON COLUMN calculation_runs.school_year IS 'The NCES data year calculated.';
COMMENT ON COLUMN calculation_runs.triggered_by IS 'What started the run: api, schedule or cli.';
COMMENT ON COLUMN calculation_runs.requested_by IS 'Principal that asked for the run (user, or the scheduler).';
COMMENT ON COLUMN calculation_runs.requested_at IS 'When the run was requested.';
COMMENT ON COLUMN calculation_runs.started_at IS 'When calculation began.';
COMMENT ON COLUMN calculation_runs.finished_at IS 'When the run succeeded or failed.';
COMMENT ON COLUMN calculation_runs.input_hash IS 'SHA-256 over every input the results depend on; equal hashes mean equal inputs.';
COMMENT ON COLUMN calculation_runs.previous_run_id IS 'The successful run an incremental run started from.';
COMMENT ON COLUMN calculation_runs.parameters IS 'Run options as given (scopes, compatibility mode, thresholds), a JSON object.';
COMMENT ON COLUMN calculation_runs.qa_summary IS 'QA report of the run: validity, safeguard flags, hierarchy checks, outliers, coverage, statistics.';
COMMENT ON COLUMN calculation_runs.districts_calculated IS 'Districts whose values this run computed.';
COMMENT ON COLUMN calculation_runs.districts_carried_forward IS 'Districts whose rows an incremental run kept from earlier runs of its chain, unchanged and not rewritten.';
COMMENT ON COLUMN calculation_runs.result_rows IS 'Rows this run wrote to lct_calculations: all of them for a full run, those of the recalculated districts for an incremental one.';
COMMENT ON COLUMN calculation_runs.error_message IS 'Why a failed run failed.';
COMMENT ON COLUMN calculation_runs.no_changes IS 'True for an incremental run whose input hash equalled its previous run''s: it wrote no rows and the previous run''s results stay current.';
COMMENT ON COLUMN calculation_runs.lineage_xmin IS 'Oldest transaction the run could not see when it read its inputs: a data_lineage entry of this or a later transaction may be a change the run missed; none means nothing changed since.';
COMMENT ON COLUMN calculation_runs.compute_ms IS 'Milliseconds spent calculating and writing results and QA (the run''s transaction).';
COMMENT ON COLUMN calculation_runs.refresh_ms IS 'Milliseconds spent refreshing the materialized views after the run committed.';
COMMENT ON COLUMN calculation_runs.methodology_version IS 'SHA-256 of the definitions of the schema''s functions when the run calculated (lct_methodology_version()): runs with different versions may compute different results from the same inputs, so an incremental run after a change of version recalculates every district.';
COMMENT ON COLUMN calculation_runs.base_run_id IS 'The full run whose rows this run builds on (its own id for a full run; NULL reads as its own id): the run''s results are the rows of runs base_run_id..id not superseded by id or earlier.';

-- The references of lct_calculations are checked once per statement over the inserted rows, not by row-level foreign
-- keys (which cost ~430 ms per full run): R__50_result_references.sql.
CREATE TABLE lct_calculations (
    run_id                bigint                NOT NULL,
    nces_id               nces_lea_id           NOT NULL,
    school_year           school_year           NOT NULL,
    staff_scope           varchar(32)           NOT NULL,
    instructional_minutes instructional_minutes NOT NULL,
    minutes_source        varchar(20)           NOT NULL,
    minutes_grade_level   varchar(16),
    bell_schedule_id      bigint,
    staff_fte             numeric(10,2)         NOT NULL CONSTRAINT lct_calculations_staff_non_negative CHECK (staff_fte >= 0),
    enrollment            integer               NOT NULL CONSTRAINT lct_calculations_enrollment_non_negative CHECK (enrollment >= 0),
    lct_minutes           numeric(10,2)         CONSTRAINT lct_calculations_lct_non_negative CHECK (lct_minutes >= 0),
    is_valid              boolean               NOT NULL,
    qa_flags              text[]                NOT NULL DEFAULT '{}',
    minutes_tier          smallint              CONSTRAINT lct_calculations_minutes_tier_known CHECK (minutes_tier IN (1, 2, 3)),
    -- copied from school_year columns, which checked it; not the school_year domain, which refuses NULL
    minutes_school_year   varchar(7),
    enrollment_basis      varchar(24),
    lct_hours             double precision,
    student_teacher_ratio double precision,
    lct_category          varchar(24),
    -- raw 32 bytes: a hex domain's regex check per row costs more than the rest of the row
    input_fingerprint     bytea                 CONSTRAINT lct_calculations_fingerprint_sha256 CHECK (octet_length(input_fingerprint) = 32),
    superseded_by_run_id  bigint,
    PRIMARY KEY (run_id, nces_id, staff_scope),
    CONSTRAINT lct_calculations_bell_schedule_only_for_its_source
        CHECK (bell_schedule_id IS NULL OR minutes_source = 'bell_schedule')
);
CREATE INDEX lct_calculations_district_idx ON lct_calculations (nces_id, school_year);
CREATE INDEX lct_calculations_superseded_idx ON lct_calculations (superseded_by_run_id) WHERE superseded_by_run_id IS NOT NULL;
CREATE INDEX lct_calculations_bell_schedule_idx ON lct_calculations (bell_schedule_id) WHERE bell_schedule_id IS NOT NULL;
COMMENT ON TABLE lct_calculations IS 'LCT per run, district and staff scope: LCT = instructional_minutes x staff_fte / enrollment.';
COMMENT ON COLUMN lct_calculations.run_id IS 'The run that computed the row (later runs of its chain may use it unchanged).';
COMMENT ON COLUMN lct_calculations.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN lct_calculations.school_year IS 'NCES data year of the staff and enrollment used.';
COMMENT ON COLUMN lct_calculations.staff_scope IS 'Whose FTE is counted (staff_scopes.code).';
COMMENT ON COLUMN lct_calculations.instructional_minutes IS 'Daily instructional minutes used.';
COMMENT ON COLUMN lct_calculations.minutes_source IS 'Where the minutes came from (minutes_sources.code): bell_schedule, state_requirement or default.';
COMMENT ON COLUMN lct_calculations.minutes_grade_level IS 'School level of the bell schedule or requirement used; NULL for the default.';
COMMENT ON COLUMN lct_calculations.bell_schedule_id IS 'The bell schedule used, when minutes_source is bell_schedule (NULL if it was deleted since).';
COMMENT ON COLUMN lct_calculations.staff_fte IS 'Staff full-time equivalents counted for the scope.';
COMMENT ON COLUMN lct_calculations.enrollment IS 'Students dividing the staff, per the scope''s enrollment basis.';
COMMENT ON COLUMN lct_calculations.lct_minutes IS 'Learning Connection Time in minutes per student per day, 2 decimals; NULL when undefined (no enrollment).';
COMMENT ON COLUMN lct_calculations.is_valid IS 'Whether the row passes the validity rules of the methodology and enters statistics.';
COMMENT ON COLUMN lct_calculations.qa_flags IS 'Safeguard flags raised for the row (ERR_*, WARN_*), sorted.';
COMMENT ON COLUMN lct_calculations.minutes_tier IS '1: collected bell schedule at the preferred level with high or medium confidence; 2: collected schedule at another level or with low confidence; 3: state requirement or default.';
COMMENT ON COLUMN lct_calculations.minutes_school_year IS 'School year of the bell schedule or the state requirement (valid_from_year) used; NULL for the default.';
COMMENT ON COLUMN lct_calculations.enrollment_basis IS 'Which enrollment divides the staff (staff_scopes.enrollment_basis).';
COMMENT ON COLUMN lct_calculations.lct_hours IS 'LCT in hours, 2 decimals rounded half-even on the scaled double.';
COMMENT ON COLUMN lct_calculations.student_teacher_ratio IS 'Enrollment per staff FTE, 1 decimal; Infinity when staff is 0 and enrollment is not; NULL when both are 0.';
COMMENT ON COLUMN lct_calculations.lct_category IS 'LCT band: Unknown, Very Low (<15 min), Low (15-20 min), Moderate (20-25 min), High (25-30 min), Very High (>30 min); lower bounds inclusive.';
COMMENT ON COLUMN lct_calculations.input_fingerprint IS 'SHA-256 (32 bytes) over every input of the district the row depends on and the run parameters: what an incremental run compares.';
COMMENT ON COLUMN lct_calculations.superseded_by_run_id IS 'The incremental run that recalculated this district and scope after this row; NULL while the row is current in its chain.';

-- Which tables a run reads, and which districts a change of a row of each one can affect: an incremental run
-- fingerprints again the districts that data_lineage names through it. A tracked table missing here counts as
-- affecting every district, so forgetting a row costs speed, never correctness; tests check that every table the
-- calculation reads is tracked by lineage, fingerprinted and listed here.
CREATE TABLE calculation_input_tables (
    table_name varchar(64) PRIMARY KEY,
    affects    varchar(16) NOT NULL CONSTRAINT calculation_input_tables_affects_known
                           CHECK (affects IN ('district', 'state', 'every_district', 'no_district'))
);
COMMENT ON TABLE calculation_input_tables IS 'Lineage-tracked tables and the districts a change of one of their rows can affect, for the incremental run; a tracked table missing here affects every district.';
COMMENT ON COLUMN calculation_input_tables.table_name IS 'Table name as data_lineage.entity records it.';
COMMENT ON COLUMN calculation_input_tables.affects IS 'district: the district whose NCES id begins the row''s lineage key; state: every district of the state whose code begins it; every_district: all of them (catalogues the calculation reads); no_district: none (the calculation does not read the table).';
INSERT INTO calculation_input_tables (table_name, affects) VALUES
    ('districts', 'district'), ('enrollment_by_grade', 'district'), ('staff_counts', 'district'),
    ('bell_schedules', 'district'),
    ('states', 'state'), ('state_requirements', 'state'),
    ('grades', 'every_district'), ('staff_scopes', 'every_district'), ('staff_scope_members', 'every_district'),
    ('collection_methods', 'every_district'), ('confidence_levels', 'every_district'),
    -- vocabularies the results name but are not computed from
    ('school_levels', 'no_district'), ('staff_categories', 'no_district'), ('minutes_sources', 'no_district'),
    ('qa_flags', 'no_district'), ('staff_scope_hierarchy_checks', 'no_district'),
    ('bell_schedule_evidence', 'no_district'),
    -- this table itself: it decides how much an incremental run fingerprints, never what it computes
    ('calculation_input_tables', 'no_district');

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
    -- no foreign key: only lct_calculate() writes it, from rows it has just checked, and the delete triggers of
    -- R__50_result_references.sql keep it in step
    PRIMARY KEY (school_year, nces_id, staff_scope)
);
-- the read API's state lists and rankings
CREATE INDEX lct_current_state_idx ON lct_current (school_year, state_code, staff_scope);
-- the QA report's outliers are the few valid rows below 5 or above 200 minutes
CREATE INDEX lct_current_outliers_idx ON lct_current (school_year, staff_scope, lct_minutes)
    WHERE is_valid AND (lct_minutes < 5 OR lct_minutes > 200);
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

-- What the current results were computed from.
-- plain text keys: the rows come from checked districts, and a domain check per row would cost a tenth of the writes
CREATE TABLE lct_current_fingerprints (
    school_year text        NOT NULL,
    nces_id     text        NOT NULL,
    fingerprint bytea       NOT NULL,
    PRIMARY KEY (school_year, nces_id)
);
COMMENT ON TABLE lct_current_fingerprints IS 'The input fingerprint of each district in lct_current, kept with it by the runs: what an incremental run compares and hashes instead of reading the previous run''s rows.';
COMMENT ON COLUMN lct_current_fingerprints.school_year IS 'NCES data year calculated.';
COMMENT ON COLUMN lct_current_fingerprints.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN lct_current_fingerprints.fingerprint IS 'SHA-256 of everything the district''s rows depend on (lct_calculations.input_fingerprint).';

-- The input hash digests the fingerprints in buckets: the districts whose NCES id starts with the same two digits.
CREATE TABLE lct_current_input_buckets (
    school_year text  NOT NULL,
    bucket      text  NOT NULL,
    digest      bytea NOT NULL,
    PRIMARY KEY (school_year, bucket)
);
COMMENT ON TABLE lct_current_input_buckets IS 'Per bucket of districts (the first two digits of the NCES id, the state''s FIPS code), the SHA-256 of their fingerprints in NCES-id order, kept with lct_current_fingerprints; the input hash is taken over these.';
COMMENT ON COLUMN lct_current_input_buckets.school_year IS 'NCES data year calculated.';
COMMENT ON COLUMN lct_current_input_buckets.bucket IS 'First two digits of the districts'' NCES ids.';
COMMENT ON COLUMN lct_current_input_buckets.digest IS 'SHA-256 over NCES id and fingerprint of each district of the bucket, in NCES-id order.';

-- Which run lct_current and its companions reflect: a run trusts the kept fingerprints only when they are its
-- previous run's. Deleting a run of the year drops the mark, so the next run recomputes every fingerprint.
CREATE TABLE lct_current_runs (
    school_year school_year PRIMARY KEY,
    run_id      bigint      NOT NULL
);
COMMENT ON TABLE lct_current_runs IS 'The run whose results lct_current, lct_current_fingerprints and the QA partials hold for each school year.';
COMMENT ON COLUMN lct_current_runs.school_year IS 'NCES data year.';
COMMENT ON COLUMN lct_current_runs.run_id IS 'The newest run that wrote results for the year.';


-- Every QA figure is a sum over states, or a statistic of the valid values, which merge from sorted per-state lists.
-- Counting districts needs no merge either: a district belongs to one state.
CREATE TABLE lct_qa_scopes (
    school_year school_year        NOT NULL,
    state_code  char(2)            NOT NULL,
    staff_scope varchar(32)        NOT NULL,
    row_count   integer            NOT NULL,
    valid_count integer            NOT NULL,
    valid_lct   double precision[] NOT NULL,
    categories  jsonb              NOT NULL,
    valid_lct_sum        numeric   NOT NULL,
    valid_lct_squares    numeric   NOT NULL,
    valid_enrollment     bigint    NOT NULL,
    valid_lct_enrollment numeric   NOT NULL,
    PRIMARY KEY (school_year, state_code, staff_scope)
);
COMMENT ON TABLE lct_qa_scopes IS 'QA aggregates of the current results per school year, state and staff scope, kept with lct_current; the run''s QA report merges them.';
COMMENT ON COLUMN lct_qa_scopes.school_year IS 'NCES data year calculated.';
COMMENT ON COLUMN lct_qa_scopes.state_code IS 'State of the districts.';
COMMENT ON COLUMN lct_qa_scopes.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN lct_qa_scopes.row_count IS 'Result rows.';
COMMENT ON COLUMN lct_qa_scopes.valid_count IS 'Result rows that pass the validity rules.';
COMMENT ON COLUMN lct_qa_scopes.valid_lct IS 'The valid rows'' LCT values as float8 (methodology point 18), ascending; empty when none.';
COMMENT ON COLUMN lct_qa_scopes.categories IS 'Per LCT category: {"rows": n, "valid_rows": m}.';
COMMENT ON COLUMN lct_qa_scopes.valid_lct_sum IS 'Sum of the valid rows'' LCT, exact (numeric), for means that do not depend on the order of addition.';
COMMENT ON COLUMN lct_qa_scopes.valid_lct_squares IS 'Sum of the squares of the valid rows'' LCT, exact, for the standard deviation.';
COMMENT ON COLUMN lct_qa_scopes.valid_enrollment IS 'Students of the valid rows.';
COMMENT ON COLUMN lct_qa_scopes.valid_lct_enrollment IS 'Sum of LCT x students over the valid rows, for the enrollment-weighted LCT.';

CREATE TABLE lct_qa_states (
    school_year          school_year NOT NULL,
    state_code           char(2)     NOT NULL,
    districts            integer     NOT NULL,
    districts_with_flags integer     NOT NULL,
    flags                jsonb       NOT NULL,
    minutes_sources      jsonb       NOT NULL,
    PRIMARY KEY (school_year, state_code)
);
COMMENT ON TABLE lct_qa_states IS 'QA counts of districts of the current results per school year and state, kept with lct_current.';
COMMENT ON COLUMN lct_qa_states.school_year IS 'NCES data year calculated.';
COMMENT ON COLUMN lct_qa_states.state_code IS 'State of the districts.';
COMMENT ON COLUMN lct_qa_states.districts IS 'Districts with result rows.';
COMMENT ON COLUMN lct_qa_states.districts_with_flags IS 'Districts with a flag on any of their rows.';
COMMENT ON COLUMN lct_qa_states.flags IS 'Per safeguard flag: {"rows": rows carrying it, "districts": districts with a row carrying it}.';
COMMENT ON COLUMN lct_qa_states.minutes_sources IS 'Per minutes source and tier: [{"source", "tier", "districts"}].';


CREATE TABLE materialized_view_refreshes (
    view_name    varchar(64) PRIMARY KEY,
    refreshed_at timestamptz NOT NULL,
    duration_ms  integer     NOT NULL CONSTRAINT materialized_view_refreshes_duration_non_negative CHECK (duration_ms >= 0)
);
COMMENT ON TABLE materialized_view_refreshes IS 'When each materialized view was last refreshed, so readers can tell how fresh a figure is.';
COMMENT ON COLUMN materialized_view_refreshes.view_name IS 'Materialized view name.';
COMMENT ON COLUMN materialized_view_refreshes.refreshed_at IS 'When its last refresh finished.';
COMMENT ON COLUMN materialized_view_refreshes.duration_ms IS 'How long that refresh took, in milliseconds.';
