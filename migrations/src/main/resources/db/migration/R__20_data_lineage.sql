-- Data lineage: the functions that write data_lineage (V3) and the triggers that attach them to every tracked
-- table. The list of tracked tables is here, once; the calculation's test checks that every table a run reads is
-- on it. Edited in place (see migrations/README.md).

-- Transaction-local, so a context can never leak into the next transaction on a pooled connection.
CREATE OR REPLACE FUNCTION set_change_context(actor text, reason text, source text, correlation_id text) RETURNS void
LANGUAGE sql AS $$
    SELECT set_config('lct.actor', coalesce(actor, ''), true),
           set_config('lct.reason', coalesce(reason, ''), true),
           set_config('lct.source', coalesce(source, ''), true),
           set_config('lct.correlation_id', coalesce(correlation_id, ''), true);
$$;
COMMENT ON FUNCTION set_change_context(text, text, text, text) IS 'Describes the changes of the current transaction for data_lineage: actor, reason, source and correlation id.';

-- Who and why, for the current transaction: set_change_context(), else the database user.
CREATE OR REPLACE FUNCTION current_change_context(OUT actor text, OUT reason text, OUT source text, OUT correlation_id text)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('lct.actor', true), ''), 'db:' || session_user),
           nullif(current_setting('lct.reason', true), ''),
           nullif(current_setting('lct.source', true), ''),
           nullif(current_setting('lct.correlation_id', true), '');
$$;
COMMENT ON FUNCTION current_change_context() IS 'The change context of the current transaction as data_lineage records it.';

-- Inserts and deletes are recorded per statement from the transition table, in one set-based INSERT: a bulk
-- import of 17,842 districts then costs a fraction of what a row trigger would. Trigger arguments name the
-- natural-key columns of the table, in order.
CREATE OR REPLACE FUNCTION record_lineage_of_statement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    key_expression text;
BEGIN
    SELECT string_agg(format('changed.%I', key_column), ', ' ORDER BY position)
      INTO key_expression
      FROM unnest(TG_ARGV) WITH ORDINALITY AS key_columns(key_column, position);
    EXECUTE format(
        'INSERT INTO data_lineage (entity, entity_key, action, before_values, after_values, actor, reason, source, correlation_id)
         SELECT %L, concat_ws(''/'', %s), %L, %s, %s, context.actor, context.reason, context.source, context.correlation_id
           FROM %I AS changed CROSS JOIN current_change_context() AS context',
        TG_TABLE_NAME, key_expression, lower(TG_OP),
        CASE TG_OP WHEN 'DELETE' THEN 'to_jsonb(changed)' ELSE 'NULL' END,
        CASE TG_OP WHEN 'INSERT' THEN 'to_jsonb(changed)' ELSE 'NULL' END,
        CASE TG_OP WHEN 'INSERT' THEN 'inserted_rows' ELSE 'deleted_rows' END);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION record_lineage_of_statement() IS 'AFTER INSERT/DELETE statement trigger: appends every inserted or deleted row to data_lineage; the arguments name the natural-key columns.';

-- Updates are recorded per row, where the old and new versions of a row are paired exactly (even when the
-- update changes the key), and an update that changes nothing is left out.
CREATE OR REPLACE FUNCTION record_lineage_of_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    before_row jsonb := to_jsonb(OLD);
    after_row  jsonb := to_jsonb(NEW);
    changed    text[];
BEGIN
    SELECT coalesce(array_agg(after_col.key ORDER BY after_col.key), '{}')
      INTO changed
      FROM jsonb_each(after_row) AS after_col
      JOIN jsonb_each(before_row) AS before_col USING (key)
     WHERE after_col.value IS DISTINCT FROM before_col.value
       AND after_col.key NOT IN ('created_at', 'updated_at', 'version');
    IF cardinality(changed) > 0 THEN
        INSERT INTO data_lineage (entity, entity_key, action, before_values, after_values, changed_columns,
                                  actor, reason, source, correlation_id)
        SELECT TG_TABLE_NAME,
               (SELECT string_agg(after_row ->> key_column, '/' ORDER BY position)
                  FROM unnest(TG_ARGV) WITH ORDINALITY AS key_columns(key_column, position)),
               'update', before_row, after_row, changed,
               context.actor, context.reason, context.source, context.correlation_id
          FROM current_change_context() AS context;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION record_lineage_of_update() IS 'AFTER UPDATE row trigger: appends the row''s before and after values to data_lineage unless nothing changed; the arguments name the natural-key columns.';

-- Attaches the three lineage triggers to a table (again, harmlessly); key_columns is its natural key, in order.
CREATE OR REPLACE FUNCTION track_lineage(table_name regclass, VARIADIC key_columns text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    relation text := (SELECT relname FROM pg_class WHERE oid = table_name);
    arguments text := (SELECT string_agg(quote_literal(key_column), ', ') FROM unnest(key_columns) AS key_column);
BEGIN
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS inserted_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION record_lineage_of_statement(%s)', relation || '_lineage_insert', table_name, arguments);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS deleted_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION record_lineage_of_statement(%s)', relation || '_lineage_delete', table_name, arguments);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE ON %s
                    FOR EACH ROW EXECUTE FUNCTION record_lineage_of_update(%s)', relation || '_lineage_update', table_name, arguments);
END $$;
COMMENT ON FUNCTION track_lineage(regclass, text[]) IS 'Migration helper: records every future change of the table in data_lineage, keyed by the given natural-key columns.';

-- The inputs, and the evidence behind schedules.
SELECT track_lineage('states', 'code');
SELECT track_lineage('districts', 'nces_id', 'school_year');
SELECT track_lineage('enrollment_by_grade', 'nces_id', 'school_year', 'grade');
SELECT track_lineage('staff_counts', 'nces_id', 'school_year', 'category');
SELECT track_lineage('state_requirements', 'state_code', 'grade_level', 'valid_from_year');
SELECT track_lineage('bell_schedules', 'nces_id', 'school_year', 'grade_level');
SELECT track_lineage('bell_schedule_evidence', 'bell_schedule_id', 'sha256');
-- The catalogues that results are computed from or named by: a change of one is a change an incremental run must
-- see (calculation_input_tables says which districts it affects).
SELECT track_lineage('grades', 'code');
SELECT track_lineage('school_levels', 'code');
SELECT track_lineage('staff_categories', 'code');
SELECT track_lineage('staff_scopes', 'code');
SELECT track_lineage('staff_scope_members', 'staff_scope', 'category');
SELECT track_lineage('staff_scope_hierarchy_checks', 'label');
SELECT track_lineage('collection_methods', 'code');
SELECT track_lineage('confidence_levels', 'code');
SELECT track_lineage('minutes_sources', 'code');
SELECT track_lineage('qa_flags', 'code');
SELECT track_lineage('calculation_input_tables', 'table_name');

CREATE OR REPLACE FUNCTION refuse_lineage_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'data_lineage is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'data_lineage_append_only', TABLE = 'data_lineage';
END $$;
COMMENT ON FUNCTION refuse_lineage_change() IS 'BEFORE UPDATE/DELETE/TRUNCATE trigger on data_lineage: refuses the statement.';
CREATE OR REPLACE TRIGGER data_lineage_append_only BEFORE UPDATE OR DELETE ON data_lineage
    FOR EACH ROW EXECUTE FUNCTION refuse_lineage_change();
CREATE OR REPLACE TRIGGER data_lineage_no_truncate BEFORE TRUNCATE ON data_lineage
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_lineage_change();
