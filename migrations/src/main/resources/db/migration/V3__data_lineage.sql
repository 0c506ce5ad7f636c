-- Data lineage: who changed what, from what, to what, and why.
-- Row triggers on every writable table write the trail in the same transaction as the change, so no writer can
-- skip it: not a service, not an importer, not someone at a psql prompt. The services describe the change
-- (actor, reason, source, correlation id) with set_change_context() in the same transaction; without it the
-- trail names the database user. The triggers, and the list of tracked tables, are in R__20_data_lineage.sql.

CREATE TABLE data_lineage (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity          varchar(64)  NOT NULL,
    entity_key      varchar(200) NOT NULL,
    action          varchar(8)   NOT NULL CONSTRAINT data_lineage_action_known CHECK (action IN ('insert', 'update', 'delete')),
    before_values   jsonb,
    after_values    jsonb,
    changed_columns text[]       NOT NULL DEFAULT '{}',
    actor           varchar(200) NOT NULL,
    reason          text,
    source          text,
    correlation_id  varchar(200),
    transaction_id  xid8         NOT NULL DEFAULT pg_current_xact_id(),
    recorded_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT data_lineage_values_match_action CHECK (
        CASE action
            WHEN 'insert' THEN before_values IS NULL AND after_values IS NOT NULL
            WHEN 'update' THEN before_values IS NOT NULL AND after_values IS NOT NULL
            WHEN 'delete' THEN before_values IS NOT NULL AND after_values IS NULL
        END)
);
CREATE INDEX data_lineage_entity_idx ON data_lineage (entity, entity_key, recorded_at);
-- BRIN: the table is append-only and time-ordered, so a tiny range index answers "changed since" queries.
CREATE INDEX data_lineage_recorded_at_idx ON data_lineage USING brin (recorded_at);
CREATE INDEX data_lineage_correlation_idx ON data_lineage (correlation_id) WHERE correlation_id IS NOT NULL;
-- "any input change by a transaction the previous run could not see?" is one probe: what lets an incremental run
-- with nothing to do stop at once
CREATE INDEX data_lineage_transaction_idx ON data_lineage (transaction_id);
COMMENT ON TABLE data_lineage IS 'Append-only trail of every change to the input tables, with before and after values; written by triggers in the changing transaction.';
COMMENT ON COLUMN data_lineage.id IS 'Sequence number of the entry.';
COMMENT ON COLUMN data_lineage.entity IS 'Table changed (districts, bell_schedules, ...).';
COMMENT ON COLUMN data_lineage.entity_key IS 'Natural key of the changed row, parts joined with / (0622710/2024-25/high).';
COMMENT ON COLUMN data_lineage.action IS 'insert, update or delete.';
COMMENT ON COLUMN data_lineage.before_values IS 'The whole row before the change; NULL for inserts.';
COMMENT ON COLUMN data_lineage.after_values IS 'The whole row after the change; NULL for deletes.';
COMMENT ON COLUMN data_lineage.changed_columns IS 'Columns whose values an update changed (bookkeeping columns excluded); empty for inserts and deletes.';
COMMENT ON COLUMN data_lineage.actor IS 'Who made the change: the authenticated principal, an importer, or db:<user> for direct SQL.';
COMMENT ON COLUMN data_lineage.reason IS 'Why, as the actor gave it.';
COMMENT ON COLUMN data_lineage.source IS 'Where the new values came from (file name and hash, URL, API endpoint).';
COMMENT ON COLUMN data_lineage.correlation_id IS 'Request or import-run id that ties the entries of one operation together.';
COMMENT ON COLUMN data_lineage.transaction_id IS 'Database transaction that made the change; entries of one transaction share it.';
COMMENT ON COLUMN data_lineage.recorded_at IS 'Transaction time of the change.';
