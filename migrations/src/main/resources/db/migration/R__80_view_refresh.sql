-- Refreshing the materialized views CONCURRENTLY (readers keep the old contents meanwhile), recording when.
-- Only a view's owner may refresh it, and the services do not own the schema: the three refresh_*_views()
-- functions run as their owner (SECURITY DEFINER, a fixed search_path) and only lct_calculation_writer may call
-- them. The materialized views are the two coverage views; the statistics over results are written by each run
-- (lct_summary_stats, refresh_lct_summary() in R__40_calculation.sql). Edited in place (see migrations/README.md).

-- One refresh loop for every caller below.
CREATE OR REPLACE FUNCTION refresh_views(p_views text[]) RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
BEGIN
    FOREACH refreshed_view IN ARRAY p_views LOOP
        started := clock_timestamp();
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', refreshed_view);
        took_ms := round(extract(epoch FROM clock_timestamp() - started) * 1000);
        INSERT INTO materialized_view_refreshes (view_name, refreshed_at, duration_ms)
        VALUES (refreshed_view, clock_timestamp(), took_ms)
        ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION refresh_views(text[]) IS 'Refreshes the named materialized views CONCURRENTLY (readers keep the old contents meanwhile) and records when.';

-- The previous release's calculation-service calls this after every run: a run now writes its year's statistics
-- itself (lct_summary_stats), so no view over results is left to refresh. Same signature, no rows, nothing recorded.
CREATE OR REPLACE FUNCTION refresh_result_views() RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT NULL::text, NULL::integer WHERE false
$$;
COMMENT ON FUNCTION refresh_result_views() IS 'Refreshes nothing and returns no rows: the statistics over calculation results are written by each run (lct_summary_stats). Kept for the previous release''s calculation-service, which calls it after every run.';

CREATE OR REPLACE FUNCTION refresh_coverage_views() RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT * FROM refresh_views(ARRAY['mv_state_enrichment_progress', 'mv_unenriched_districts'])
$$;
COMMENT ON FUNCTION refresh_coverage_views() IS 'Refreshes CONCURRENTLY the bell-schedule coverage views (mv_state_enrichment_progress, mv_unenriched_districts) and records when.';

CREATE OR REPLACE FUNCTION refresh_materialized_views() RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT * FROM refresh_coverage_views()
$$;
COMMENT ON FUNCTION refresh_materialized_views() IS 'Refreshes every materialized view (the two coverage views) CONCURRENTLY and records when.';

-- Nobody else calls these: refresh_views() refreshes whatever it is given, the others as the owner.
REVOKE EXECUTE ON FUNCTION refresh_views(text[]), refresh_result_views(), refresh_coverage_views(),
    refresh_materialized_views() FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'lct_calculation_writer') THEN
        GRANT EXECUTE ON FUNCTION refresh_result_views(), refresh_coverage_views(), refresh_materialized_views()
            TO lct_calculation_writer;
    ELSE
        RAISE NOTICE 'role lct_calculation_writer is missing: nobody but the owner may refresh the views (V7)';
    END IF;
END $$;
