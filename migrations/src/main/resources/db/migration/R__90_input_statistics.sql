-- Fresh planner statistics for the inputs an import has just written. The calculation's statements are planned with
-- the tables' statistics, and a school year imported since the last ANALYZE looks empty to the planner (estimated at
-- one row): it chose nested loops over the whole year, and the first run after a national import took minutes
-- instead of seconds, until autovacuum happened to analyse the tables. An import calls this at its end, in its own
-- transaction, so the statistics count its rows and commit (or roll back) with them. Only a table's owner may
-- ANALYZE it and the services do not own the schema: SECURITY DEFINER with a fixed search_path, for the input tables
-- only, callable by lct_enrichment_writer only. Edited in place (see migrations/README.md).
CREATE OR REPLACE FUNCTION analyze_imported_inputs(p_tables text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    input_table text;
BEGIN
    FOREACH input_table IN ARRAY p_tables LOOP
        IF input_table IS NULL OR input_table NOT IN ('districts', 'leas', 'state_requirements', 'bell_schedules',
                                                      'enrollment_by_grade', 'staff_counts') THEN
            RAISE EXCEPTION 'not an imported input table: %', input_table USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('ANALYZE %I', input_table);
    END LOOP;
END $$;
COMMENT ON FUNCTION analyze_imported_inputs(text[]) IS 'ANALYZEs the named input tables (districts, leas, state_requirements, bell_schedules, enrollment_by_grade, staff_counts) as their owner; what an import calls at its end, so the next run is planned with its rows counted.';

REVOKE EXECUTE ON FUNCTION analyze_imported_inputs(text[]) FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'lct_enrichment_writer') THEN
        GRANT EXECUTE ON FUNCTION analyze_imported_inputs(text[]) TO lct_enrichment_writer;
    ELSE
        RAISE NOTICE 'role lct_enrichment_writer is missing: nobody but the owner may analyse the inputs (V7)';
    END IF;
END $$;
