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

-- The newest attempt per district: what the queue and the campaign read.
CREATE VIEW latest_enrichment_attempts AS
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
