-- Calculation runs and their results. Results are keyed by run, so every run keeps its own complete set and
-- "the current LCT" is simply the newest successful run (see latest_successful_runs); nothing is overwritten.

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
COMMENT ON COLUMN calculation_runs.districts_carried_forward IS 'Districts whose values an incremental run copied unchanged from previous_run_id.';
COMMENT ON COLUMN calculation_runs.result_rows IS 'Rows written to lct_calculations.';
COMMENT ON COLUMN calculation_runs.error_message IS 'Why a failed run failed.';

CREATE TABLE lct_calculations (
    run_id                bigint                NOT NULL REFERENCES calculation_runs ON DELETE CASCADE,
    nces_id               nces_lea_id           NOT NULL,
    school_year           school_year           NOT NULL,
    staff_scope           varchar(32)           NOT NULL REFERENCES staff_scopes,
    instructional_minutes instructional_minutes NOT NULL,
    minutes_source        varchar(20)           NOT NULL
                          CONSTRAINT lct_calculations_minutes_source_known CHECK (minutes_source IN ('bell_schedule', 'state_requirement', 'default')),
    minutes_grade_level   varchar(16)           REFERENCES school_levels,
    bell_schedule_id      bigint                REFERENCES bell_schedules ON DELETE SET NULL,
    staff_fte             numeric(10,2)         NOT NULL CONSTRAINT lct_calculations_staff_non_negative CHECK (staff_fte >= 0),
    enrollment            integer               NOT NULL CONSTRAINT lct_calculations_enrollment_non_negative CHECK (enrollment >= 0),
    lct_minutes           numeric(10,2)         CONSTRAINT lct_calculations_lct_non_negative CHECK (lct_minutes >= 0),
    is_valid              boolean               NOT NULL,
    qa_flags              text[]                NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, nces_id, staff_scope),
    FOREIGN KEY (nces_id, school_year) REFERENCES districts ON UPDATE CASCADE,
    CONSTRAINT lct_calculations_bell_schedule_only_for_its_source
        CHECK (bell_schedule_id IS NULL OR minutes_source = 'bell_schedule')
);
CREATE INDEX lct_calculations_run_scope_idx ON lct_calculations (run_id, staff_scope);
CREATE INDEX lct_calculations_district_idx ON lct_calculations (nces_id, school_year);
COMMENT ON TABLE lct_calculations IS 'LCT per run, district and staff scope: LCT = instructional_minutes x staff_fte / enrollment.';
COMMENT ON COLUMN lct_calculations.run_id IS 'The run that produced the row.';
COMMENT ON COLUMN lct_calculations.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN lct_calculations.school_year IS 'NCES data year of the staff and enrollment used.';
COMMENT ON COLUMN lct_calculations.staff_scope IS 'Whose FTE is counted (staff_scopes.code).';
COMMENT ON COLUMN lct_calculations.instructional_minutes IS 'Daily instructional minutes used.';
COMMENT ON COLUMN lct_calculations.minutes_source IS 'Where the minutes came from: bell_schedule, state_requirement or default.';
COMMENT ON COLUMN lct_calculations.minutes_grade_level IS 'School level of the bell schedule or requirement used; NULL for the default.';
COMMENT ON COLUMN lct_calculations.bell_schedule_id IS 'The bell schedule used, when minutes_source is bell_schedule (NULL if it was deleted since).';
COMMENT ON COLUMN lct_calculations.staff_fte IS 'Staff full-time equivalents counted for the scope.';
COMMENT ON COLUMN lct_calculations.enrollment IS 'Students dividing the staff, per the scope''s enrollment basis.';
COMMENT ON COLUMN lct_calculations.lct_minutes IS 'Learning Connection Time in minutes per student per day, 2 decimals; NULL when undefined (no enrollment).';
COMMENT ON COLUMN lct_calculations.is_valid IS 'Whether the row passes the validity rules of the methodology and enters statistics.';
COMMENT ON COLUMN lct_calculations.qa_flags IS 'Safeguard flags raised for the row (ERR_*, WARN_*), sorted.';

-- The run whose results are current for each school year.
CREATE VIEW latest_successful_runs AS
SELECT DISTINCT ON (school_year) id AS run_id, school_year, finished_at
FROM calculation_runs
WHERE status = 'succeeded'
ORDER BY school_year, finished_at DESC, id DESC;
COMMENT ON VIEW latest_successful_runs IS 'The newest successful run of each school year: its results are the current LCT.';
COMMENT ON COLUMN latest_successful_runs.run_id IS 'calculation_runs.id of the run.';
COMMENT ON COLUMN latest_successful_runs.school_year IS 'School year calculated.';
COMMENT ON COLUMN latest_successful_runs.finished_at IS 'When the run finished.';
