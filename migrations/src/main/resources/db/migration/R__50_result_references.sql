-- The references of lct_calculations: what its foreign keys would do, checked or applied once per statement instead of
-- once per row (five row-level keys cost ~430 ms per full run). SQLSTATE 23503, constraint lct_calculations_references.
-- The actions that write (delete, unlink, rekey results) run as the owner, as a foreign key's actions do: the user
-- who deletes a bell schedule needs no right on the results (SECURITY DEFINER, fixed search_path).
-- Edited in place (see migrations/README.md).
--
-- Concurrency, as real foreign keys do it (docs/adr/0039-result-references-lock-what-they-check.md):
--   * the check locks every row it finds FOR KEY SHARE and holds the locks until the run commits. A delete or key
--     change of such a row waits for the run; one that came first makes the run's lock wait for it, and if it commits
--     the lock finds the row gone (READ COMMITTED) or fails with 40001 (REPEATABLE READ), and the check refuses.
--     The districts, which a full run names by the thousand, are the exception under READ COMMITTED: one lock for all
--     of them, which the checks share and a district's delete or key change takes alone before it acts, then a count
--     (docs/adr/0051-district-references-share-one-lock.md);
--   * the referenced side's triggers act on lct_calculations in statements of their own, which under READ COMMITTED
--     take a fresh snapshot: started after their DELETE or UPDATE got its row, so after any run holding that row
--     committed, they see its rows. Under REPEATABLE READ they would not (real keys use a cross-check snapshot there,
--     which PL/pgSQL cannot), so they refuse to run at that level.

-- The references of lct_calculations, checked in two passes over the statement's rows (the few distinct catalogue
-- values, runs and bell schedules; the districts) instead of one foreign-key lookup per row.
-- As the owner, as a foreign key's check is: locking a row FOR KEY SHARE takes UPDATE rights on its table, which the
-- runtime role writing results has not (and needs not) on bell schedules, districts or the catalogues.
-- A lock returns only the rows that still exist once it has waited for a concurrent delete or key change (READ
-- COMMITTED re-checks them), so when every statement locks as many rows as the results name, every reference holds;
-- otherwise a check in a statement of its own (its snapshot sees what the locks waited for) names the broken one.
CREATE OR REPLACE FUNCTION lct_calculations_check_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    broken text;
    v_runs bigint[];
    v_scopes text[];
    v_levels text[];
    v_sources text[];
    v_schedules bigint[];
    v_all_found boolean;
BEGIN
    -- one pass for the references with few distinct values (a full run's rows name a handful)
    SELECT array_agg(DISTINCT x.run_id) FILTER (WHERE x.run_id IS NOT NULL),
           array_agg(DISTINCT x.staff_scope),
           array_agg(DISTINCT x.minutes_grade_level) FILTER (WHERE x.minutes_grade_level IS NOT NULL),
           array_agg(DISTINCT x.minutes_source),
           array_agg(DISTINCT x.bell_schedule_id) FILTER (WHERE x.bell_schedule_id IS NOT NULL)
    INTO v_runs, v_scopes, v_levels, v_sources, v_schedules
    FROM (SELECT r.referenced_run AS run_id, g.staff_scope, g.minutes_grade_level, g.minutes_source, g.bell_schedule_id
          FROM (SELECT n.run_id, n.superseded_by_run_id, n.staff_scope, n.minutes_grade_level, n.minutes_source,
                       n.bell_schedule_id
                FROM checked_rows n GROUP BY 1, 2, 3, 4, 5, 6) AS g
          CROSS JOIN LATERAL (VALUES (g.run_id), (g.superseded_by_run_id)) AS r (referenced_run)) AS x;

    -- lock, counting what the locks found
    SELECT count(*) = coalesce(cardinality(v_runs), 0) INTO v_all_found
    FROM (SELECT FROM calculation_runs r WHERE r.id = ANY (v_runs) FOR KEY SHARE) AS l;
    SELECT count(*) = coalesce(cardinality(v_scopes), 0) AND v_all_found INTO v_all_found
    FROM (SELECT FROM staff_scopes s WHERE s.code = ANY (v_scopes) FOR KEY SHARE) AS l;
    SELECT count(*) = coalesce(cardinality(v_levels), 0) AND v_all_found INTO v_all_found
    FROM (SELECT FROM school_levels sl WHERE sl.code = ANY (v_levels) FOR KEY SHARE) AS l;
    SELECT count(*) = coalesce(cardinality(v_sources), 0) AND v_all_found INTO v_all_found
    FROM (SELECT FROM minutes_sources ms WHERE ms.code = ANY (v_sources) FOR KEY SHARE) AS l;
    -- in id order, the order of a delete of several schedules by id: the two then queue rather than deadlock
    SELECT count(*) = coalesce(cardinality(v_schedules), 0) AND v_all_found INTO v_all_found
    FROM (SELECT FROM bell_schedules b WHERE b.id = ANY (v_schedules) ORDER BY b.id FOR KEY SHARE) AS l;
    IF current_setting('transaction_isolation') = 'read committed' THEN
        -- The districts: one lock for all of them rather than one per district row (a full run names every district
        -- of its year). Deleting a district or changing its key takes the same lock exclusively first
        -- (districts_wait_for_results), so it waits for this run to end, or this run waits for it and the count that
        -- follows, a statement of its own, sees what it did.
        PERFORM pg_advisory_xact_lock_shared(hashtextextended('lct_calculations_references/districts', 0));
        WITH keys AS MATERIALIZED (
            SELECT DISTINCT n.nces_id, n.school_year FROM checked_rows n
        )
        SELECT (SELECT count(*) FROM districts d JOIN keys k ON k.nces_id = d.nces_id AND k.school_year = d.school_year)
               = (SELECT count(*) FROM keys) AND v_all_found INTO v_all_found;
    ELSE
        -- a count could not see such a change under this isolation: lock each district row, as a foreign key does
        WITH keys AS MATERIALIZED (
            SELECT DISTINCT n.nces_id, n.school_year FROM checked_rows n
        ), locked AS (
            SELECT FROM districts d JOIN keys k ON k.nces_id = d.nces_id AND k.school_year = d.school_year
            FOR KEY SHARE OF d
        )
        SELECT (SELECT count(*) FROM locked) = (SELECT count(*) FROM keys) AND v_all_found INTO v_all_found;
    END IF;
    IF v_all_found THEN
        RETURN NULL;
    END IF;

    SELECT CASE WHEN r.id IS NULL THEN format('run %s does not exist', n.run_id)
                WHEN n.superseded_by_run_id IS NOT NULL AND sr.id IS NULL
                    THEN format('run %s (superseded_by_run_id) does not exist', n.superseded_by_run_id)
                WHEN s.code IS NULL THEN format('staff scope %s does not exist', n.staff_scope)
                WHEN n.minutes_grade_level IS NOT NULL AND l.code IS NULL
                    THEN format('school level %s does not exist', n.minutes_grade_level)
                WHEN n.bell_schedule_id IS NOT NULL AND b.id IS NULL
                    THEN format('bell schedule %s does not exist', n.bell_schedule_id)
                WHEN ms.code IS NULL THEN format('minutes source %s does not exist', n.minutes_source)
                ELSE format('district %s has no data for %s', n.nces_id, n.school_year) END
    INTO broken
    FROM checked_rows n
    LEFT JOIN calculation_runs r ON r.id = n.run_id
    LEFT JOIN calculation_runs sr ON sr.id = n.superseded_by_run_id
    LEFT JOIN staff_scopes s ON s.code = n.staff_scope
    LEFT JOIN school_levels l ON l.code = n.minutes_grade_level
    LEFT JOIN bell_schedules b ON b.id = n.bell_schedule_id
    LEFT JOIN minutes_sources ms ON ms.code = n.minutes_source
    LEFT JOIN districts d ON d.nces_id = n.nces_id AND d.school_year = n.school_year
    WHERE r.id IS NULL OR (n.superseded_by_run_id IS NOT NULL AND sr.id IS NULL) OR s.code IS NULL
       OR (n.minutes_grade_level IS NOT NULL AND l.code IS NULL) OR (n.bell_schedule_id IS NOT NULL AND b.id IS NULL)
       OR ms.code IS NULL OR d.nces_id IS NULL
    LIMIT 1;
    IF broken IS NOT NULL THEN
        RAISE EXCEPTION 'lct_calculations: %', broken USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = 'lct_calculations_references';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION lct_calculations_check_references() IS 'The foreign keys of lct_calculations, checked once per statement over its new rows (transition table checked_rows); locks the rows they point at FOR KEY SHARE until commit, as a foreign key does, and looks for the broken reference only when the locks found fewer rows than the results name.';

-- Called first by every trigger of the referenced side (see the top of this file).
CREATE OR REPLACE FUNCTION lct_results_require_read_committed(p_change text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION '% needs READ COMMITTED isolation, not %', p_change, current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Its calculation results are updated in the same transaction and must see runs that committed while it waited.';
    END IF;
END $$;
COMMENT ON FUNCTION lct_results_require_read_committed(text) IS 'Refuses a change of rows that calculation results point at outside READ COMMITTED, where the triggers acting on the results could miss the rows of a run that committed while the change waited for its locks.';
CREATE OR REPLACE TRIGGER lct_calculations_references_on_insert AFTER INSERT ON lct_calculations
    REFERENCING NEW TABLE AS checked_rows FOR EACH STATEMENT EXECUTE FUNCTION lct_calculations_check_references();
CREATE OR REPLACE TRIGGER lct_calculations_references_on_update AFTER UPDATE ON lct_calculations
    REFERENCING NEW TABLE AS checked_rows FOR EACH STATEMENT EXECUTE FUNCTION lct_calculations_check_references();

CREATE OR REPLACE FUNCTION calculation_runs_delete_results() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM lct_results_require_read_committed('deleting calculation runs');
    DELETE FROM lct_current c USING deleted_runs d WHERE c.run_id = d.id;
    DELETE FROM lct_current_runs c USING deleted_runs d WHERE c.school_year = d.school_year;
    DELETE FROM lct_summary_stats s USING deleted_runs d WHERE s.run_id = d.id;
    DELETE FROM lct_calculations c USING deleted_runs d WHERE c.run_id = d.id;
    UPDATE lct_calculations c SET superseded_by_run_id = NULL
    FROM deleted_runs d WHERE c.superseded_by_run_id = d.id;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION calculation_runs_delete_results() IS 'Deleting a run deletes the rows it computed (ON DELETE CASCADE, per statement), its current rows and summary statistics, and makes the rows it had superseded current again.';
CREATE OR REPLACE TRIGGER calculation_runs_delete_results AFTER DELETE ON calculation_runs
    REFERENCING OLD TABLE AS deleted_runs FOR EACH STATEMENT EXECUTE FUNCTION calculation_runs_delete_results();

CREATE OR REPLACE FUNCTION bell_schedules_unlink_results() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM lct_results_require_read_committed('deleting bell schedules');
    UPDATE lct_calculations c SET bell_schedule_id = NULL
    FROM deleted_schedules d WHERE c.bell_schedule_id = d.id;
    UPDATE lct_current c SET bell_schedule_id = NULL
    FROM deleted_schedules d WHERE c.bell_schedule_id = d.id;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION bell_schedules_unlink_results() IS 'Deleting a bell schedule keeps the results that used it, with bell_schedule_id NULL (ON DELETE SET NULL, per statement).';
CREATE OR REPLACE TRIGGER bell_schedules_unlink_results AFTER DELETE ON bell_schedules
    REFERENCING OLD TABLE AS deleted_schedules FOR EACH STATEMENT EXECUTE FUNCTION bell_schedules_unlink_results();

-- Before a district is deleted or its key changes: wait for the runs whose result-reference check holds the lock of
-- the districts shared (lct_calculations_check_references), and make the runs that check later wait for this change.
CREATE OR REPLACE FUNCTION districts_wait_for_results() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('lct_calculations_references/districts', 0));
    RETURN NEW;
END $$;
COMMENT ON FUNCTION districts_wait_for_results() IS 'Takes exclusively the lock that result-reference checks take shared, before a district is deleted or re-keyed: the change waits for runs that are writing results, and runs that check later wait for it.';
CREATE OR REPLACE TRIGGER districts_delete_waits_for_results BEFORE DELETE ON districts
    FOR EACH STATEMENT EXECUTE FUNCTION districts_wait_for_results();
CREATE OR REPLACE TRIGGER districts_rekey_waits_for_results BEFORE UPDATE OF nces_id, school_year ON districts
    FOR EACH ROW WHEN (OLD.nces_id IS DISTINCT FROM NEW.nces_id OR OLD.school_year IS DISTINCT FROM NEW.school_year)
    EXECUTE FUNCTION districts_wait_for_results();

CREATE OR REPLACE FUNCTION districts_keep_results() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    used record;
BEGIN
    PERFORM lct_results_require_read_committed('deleting districts');
    SELECT c.nces_id, c.school_year INTO used
    FROM lct_calculations c JOIN deleted_districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'district % (%) has calculation results; delete its runs first', used.nces_id, used.school_year
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'lct_calculations_references';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION districts_keep_results() IS 'A district year with calculation results cannot be deleted (ON DELETE RESTRICT, per statement).';
CREATE OR REPLACE TRIGGER districts_keep_results AFTER DELETE ON districts
    REFERENCING OLD TABLE AS deleted_districts FOR EACH STATEMENT EXECUTE FUNCTION districts_keep_results();

CREATE OR REPLACE FUNCTION districts_rekey_results() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM lct_results_require_read_committed('changing the key of a district');
    UPDATE lct_calculations SET nces_id = NEW.nces_id, school_year = NEW.school_year
    WHERE nces_id = OLD.nces_id AND school_year = OLD.school_year;
    UPDATE lct_current SET nces_id = NEW.nces_id, school_year = NEW.school_year
    WHERE nces_id = OLD.nces_id AND school_year = OLD.school_year;
    -- the kept fingerprints and bucket digests no longer match: the next run of either year fingerprints every district
    DELETE FROM lct_current_runs WHERE school_year IN (OLD.school_year, NEW.school_year);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION districts_rekey_results() IS 'A district''s results follow a change of its key (ON UPDATE CASCADE); key changes are rare, so per row.';
CREATE OR REPLACE TRIGGER districts_rekey_results AFTER UPDATE OF nces_id, school_year ON districts
    FOR EACH ROW WHEN (OLD.nces_id IS DISTINCT FROM NEW.nces_id OR OLD.school_year IS DISTINCT FROM NEW.school_year)
    EXECUTE FUNCTION districts_rekey_results();

-- Trigger functions, never called directly.
REVOKE EXECUTE ON FUNCTION calculation_runs_delete_results(), bell_schedules_unlink_results(),
    districts_rekey_results(), districts_wait_for_results() FROM PUBLIC;
