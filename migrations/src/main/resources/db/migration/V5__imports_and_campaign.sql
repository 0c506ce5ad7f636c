-- Every import the enrichment-service is asked to do, accepted or not: which file (by SHA-256), who sent it,
-- and what it did. An accepted import writes its run in the same transaction as its rows; a rejected or failed
-- one writes only its run, with the problems found, after its rows were rolled back.

CREATE TABLE import_runs (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           varchar(32)  NOT NULL CONSTRAINT import_runs_kind_known
                   CHECK (kind IN ('districts', 'state-requirements', 'bell-schedules', 'enrollment-by-grade', 'staff-counts')),
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
COMMENT ON COLUMN import_runs.kind IS 'What the file holds: districts, state-requirements, bell-schedules, enrollment-by-grade (NCES CCD 052) or staff-counts (NCES CCD 059).';
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

-- The enrichment campaign: people (and scrapers) collect bell schedules from district websites, largest districts
-- first. Each collection attempt is recorded with its outcome, so failures back off, and districts that keep
-- failing leave the queue with a reason instead of being retried forever.

CREATE TABLE enrichment_attempts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nces_id       nces_lea_id  NOT NULL REFERENCES leas ON UPDATE CASCADE,
    outcome       varchar(12)  NOT NULL CONSTRAINT enrichment_attempts_outcome_known
                  CHECK (outcome IN ('success', 'no_data', 'blocked', 'error')),
    attempted_by  varchar(200) NOT NULL,
    attempted_at  timestamptz  NOT NULL DEFAULT now(),
    retry_count   integer      NOT NULL CONSTRAINT enrichment_attempts_retry_count_non_negative CHECK (retry_count >= 0),
    next_retry_at timestamptz,
    priority      integer      NOT NULL DEFAULT 0,
    source_url    varchar(2000) CONSTRAINT enrichment_attempts_source_url_http CHECK (source_url ~ '^https?://'),
    detail        text,
    CONSTRAINT enrichment_attempts_retry_only_after_failure CHECK (outcome <> 'success' OR next_retry_at IS NULL)
);
CREATE INDEX enrichment_attempts_district_idx ON enrichment_attempts (nces_id, attempted_at DESC, id DESC);
COMMENT ON TABLE enrichment_attempts IS 'One attempt to collect a district''s bell schedule, with its outcome and when to try again.';
COMMENT ON COLUMN enrichment_attempts.id IS 'Attempt id.';
COMMENT ON COLUMN enrichment_attempts.nces_id IS 'NCES LEA id of the district.';
COMMENT ON COLUMN enrichment_attempts.outcome IS 'success (a schedule was found), no_data (the website has none), blocked (the website refused access) or error (the attempt failed).';
COMMENT ON COLUMN enrichment_attempts.attempted_by IS 'Principal that made the attempt.';
COMMENT ON COLUMN enrichment_attempts.attempted_at IS 'When the attempt was made.';
COMMENT ON COLUMN enrichment_attempts.retry_count IS 'Failed attempts for the district since its last success, this one included; 0 for a success.';
COMMENT ON COLUMN enrichment_attempts.next_retry_at IS 'Earliest time to try the district again (exponential backoff); NULL after a success or when the district left the queue.';
COMMENT ON COLUMN enrichment_attempts.priority IS 'Priority given with the attempt; higher comes first in the queue.';
COMMENT ON COLUMN enrichment_attempts.source_url IS 'Page the attempt looked at.';
COMMENT ON COLUMN enrichment_attempts.detail IS 'What happened, in the collector''s words (error message, what was missing).';

-- The evidence behind a schedule: the page or document it was read from (review of schedules: bell_schedules).
-- Documents are stored once by content hash, however many schedules cite them.
CREATE TABLE evidence_documents (
    sha256       sha256_hex   PRIMARY KEY,
    content_type varchar(100) NOT NULL CONSTRAINT evidence_documents_content_type_allowed
                 CHECK (content_type IN ('text/html', 'text/plain', 'application/pdf', 'image/png', 'image/jpeg',
                                         'image/gif', 'image/webp')),
    size_bytes   integer      NOT NULL CONSTRAINT evidence_documents_size_positive CHECK (size_bytes > 0),
    content      bytea        NOT NULL,
    stored_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT evidence_documents_size_matches CHECK (octet_length(content) = size_bytes)
);
COMMENT ON TABLE evidence_documents IS 'Source documents (HTML, PDF, images) that bell schedules were read from, stored once per content hash.';
COMMENT ON COLUMN evidence_documents.sha256 IS 'SHA-256 of the content: the document''s identity.';
COMMENT ON COLUMN evidence_documents.content_type IS 'Media type of the content.';
COMMENT ON COLUMN evidence_documents.size_bytes IS 'Size of the content in bytes.';
COMMENT ON COLUMN evidence_documents.content IS 'The document itself.';
COMMENT ON COLUMN evidence_documents.stored_at IS 'When the content was first stored.';

CREATE TABLE bell_schedule_evidence (
    bell_schedule_id bigint       NOT NULL REFERENCES bell_schedules ON DELETE CASCADE,
    sha256           sha256_hex   NOT NULL REFERENCES evidence_documents,
    file_name        varchar(255),
    attached_by      varchar(200) NOT NULL,
    attached_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (bell_schedule_id, sha256)
);
CREATE INDEX bell_schedule_evidence_document_idx ON bell_schedule_evidence (sha256);
COMMENT ON TABLE bell_schedule_evidence IS 'Which evidence documents support which bell schedule.';
COMMENT ON COLUMN bell_schedule_evidence.bell_schedule_id IS 'The schedule.';
COMMENT ON COLUMN bell_schedule_evidence.sha256 IS 'The document (evidence_documents.sha256).';
COMMENT ON COLUMN bell_schedule_evidence.file_name IS 'File name as uploaded.';
COMMENT ON COLUMN bell_schedule_evidence.attached_by IS 'Principal that attached the document.';
COMMENT ON COLUMN bell_schedule_evidence.attached_at IS 'When it was attached.';
