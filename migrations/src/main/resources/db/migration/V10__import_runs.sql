-- Every import the enrichment-service is asked to do, accepted or not: which file (by SHA-256), who sent it,
-- and what it did. An accepted import writes its run in the same transaction as its rows; a rejected or failed
-- one writes only its run, with the problems found, after its rows were rolled back.

CREATE TABLE import_runs (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           varchar(32)  NOT NULL CONSTRAINT import_runs_kind_known
                   CHECK (kind IN ('districts', 'state-requirements', 'bell-schedules')),
    format         varchar(8)   NOT NULL CONSTRAINT import_runs_format_known CHECK (format IN ('csv', 'yaml', 'json')),
    file_name      varchar(255),
    file_sha256    sha256_hex   NOT NULL,
    file_bytes     bigint       NOT NULL CONSTRAINT import_runs_file_bytes_non_negative CHECK (file_bytes >= 0),
    dry_run        boolean      NOT NULL,
    status         varchar(12)  NOT NULL CONSTRAINT import_runs_status_known
                   CHECK (status IN ('succeeded', 'validated', 'rejected', 'failed')),
    requested_by   varchar(200) NOT NULL,
    correlation_id varchar(200),
    started_at     timestamptz  NOT NULL,
    finished_at    timestamptz  NOT NULL,
    rows_read      integer      CONSTRAINT import_runs_rows_non_negative CHECK (rows_read >= 0),
    inserted       integer      CONSTRAINT import_runs_inserted_non_negative CHECK (inserted >= 0),
    updated        integer      CONSTRAINT import_runs_updated_non_negative CHECK (updated >= 0),
    unchanged      integer      CONSTRAINT import_runs_unchanged_non_negative CHECK (unchanged >= 0),
    rejected       integer      NOT NULL DEFAULT 0 CONSTRAINT import_runs_rejected_non_negative CHECK (rejected >= 0),
    problems       jsonb        NOT NULL DEFAULT '[]' CONSTRAINT import_runs_problems_array CHECK (jsonb_typeof(problems) = 'array'),
    warnings       jsonb        NOT NULL DEFAULT '[]' CONSTRAINT import_runs_warnings_array CHECK (jsonb_typeof(warnings) = 'array'),
    CONSTRAINT import_runs_finished_after_started CHECK (finished_at >= started_at),
    CONSTRAINT import_runs_dry_run_writes_nothing CHECK (NOT dry_run OR status <> 'succeeded'),
    CONSTRAINT import_runs_counts_when_accepted CHECK (
        status NOT IN ('succeeded', 'validated')
        OR (rows_read = inserted + updated + unchanged AND rejected = 0))
);
CREATE INDEX import_runs_kind_started_idx ON import_runs (kind, started_at DESC);
CREATE INDEX import_runs_file_idx ON import_runs (file_sha256);
COMMENT ON TABLE import_runs IS 'One import request (file upload or command line): the file by SHA-256, who sent it and what it did; rejected and dry runs included.';
COMMENT ON COLUMN import_runs.id IS 'Import run id.';
COMMENT ON COLUMN import_runs.kind IS 'What the file holds: districts, state-requirements or bell-schedules.';
COMMENT ON COLUMN import_runs.format IS 'How the file was read: csv, yaml or json.';
COMMENT ON COLUMN import_runs.file_name IS 'File name as uploaded, if any.';
COMMENT ON COLUMN import_runs.file_sha256 IS 'SHA-256 of the file''s bytes: the same hash means the same file.';
COMMENT ON COLUMN import_runs.file_bytes IS 'Size of the file in bytes.';
COMMENT ON COLUMN import_runs.dry_run IS 'True when the file was only validated and counted, and nothing was written.';
COMMENT ON COLUMN import_runs.status IS 'succeeded (written), validated (a dry run that passed), rejected (the file broke a rule; nothing written) or failed (the server failed; nothing written).';
COMMENT ON COLUMN import_runs.requested_by IS 'Principal that sent the file.';
COMMENT ON COLUMN import_runs.correlation_id IS 'Request id; the lineage entries of the import carry the same id.';
COMMENT ON COLUMN import_runs.started_at IS 'When the import began.';
COMMENT ON COLUMN import_runs.finished_at IS 'When the import ended.';
COMMENT ON COLUMN import_runs.rows_read IS 'Records in the file (rows, or schedules per grade level); NULL when the file could not be read.';
COMMENT ON COLUMN import_runs.inserted IS 'Records that were (or in a dry run would be) new.';
COMMENT ON COLUMN import_runs.updated IS 'Records that differed from the stored values and were (or would be) updated.';
COMMENT ON COLUMN import_runs.unchanged IS 'Records identical to the stored values; a repeated import has only these.';
COMMENT ON COLUMN import_runs.rejected IS 'Problems that rejected the file (0 for accepted files).';
COMMENT ON COLUMN import_runs.problems IS 'The problems that rejected the file, each with line (or field path), field, rule and message; the first 200.';
COMMENT ON COLUMN import_runs.warnings IS 'Notes on an accepted file, such as id corrections applied.';
