-- Review of low-confidence schedules, and the evidence behind a schedule (the page or document it was read from).

ALTER TABLE bell_schedules
    ADD COLUMN review_status varchar(12) NOT NULL DEFAULT 'unreviewed'
        CONSTRAINT bell_schedules_review_status_known CHECK (review_status IN ('unreviewed', 'approved', 'corrected')),
    ADD COLUMN reviewed_by   varchar(200),
    ADD COLUMN reviewed_at   timestamptz,
    ADD CONSTRAINT bell_schedules_review_has_reviewer CHECK (
        (review_status = 'unreviewed') = (reviewed_by IS NULL AND reviewed_at IS NULL));
CREATE INDEX bell_schedules_review_queue_idx ON bell_schedules (updated_at) WHERE review_status = 'unreviewed';
COMMENT ON COLUMN bell_schedules.review_status IS 'unreviewed, approved (a reviewer confirmed it as it is) or corrected (a reviewer changed it); the decision and any correction are in data_lineage.';
COMMENT ON COLUMN bell_schedules.reviewed_by IS 'Reviewer who approved or corrected the schedule.';
COMMENT ON COLUMN bell_schedules.reviewed_at IS 'When the schedule was reviewed.';

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
SELECT track_lineage('bell_schedule_evidence', 'bell_schedule_id', 'sha256');
