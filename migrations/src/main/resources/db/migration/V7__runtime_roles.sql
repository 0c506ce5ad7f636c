-- The runtime roles of the two writing services: NOLOGIN group roles that own nothing, so the services cannot
-- alter, disable the triggers of or drop what the migration owner made, nor rewrite data_lineage. Each service
-- logs in as a user that is a member of its role (CREATE ROLE enrichment_service LOGIN PASSWORD '…' IN ROLE
-- lct_enrichment_writer), as district-service does with lct_reader (V6).
--   lct_enrichment_writer  enrichment-service: the inputs it imports and edits, bell schedules and their evidence,
--                          import runs and the collection campaign.
--   lct_calculation_writer calculation-service: runs, results and their bookkeeping; the materialized views only
--                          through the SECURITY DEFINER refresh functions of R__80_view_refresh.sql.
-- Both read through membership in lct_reader (every table and view, now and later). Writes are granted per
-- table, never by default privileges: a migration that adds a table grants its writes as this one does, and
-- RuntimeRolesTest fails for a table it has no decision for (migrations/README.md, rule 9). data_lineage gets
-- INSERT only: the lineage triggers run as the writing user.
--
-- As in V6, the roles are created only when missing and the migrating user may create roles. On a managed server
-- where it may not, a DBA runs, once, before migrating:
--     CREATE ROLE lct_enrichment_writer NOLOGIN IN ROLE lct_reader;
--     CREATE ROLE lct_calculation_writer NOLOGIN IN ROLE lct_reader;
-- and this migration then grants to them. If a role is still missing, its grants are skipped with a notice and the
-- DBA runs the statements below by hand.
DO $$
DECLARE
    writer text;
BEGIN
    -- Only the schema's owner may create objects in it (PostgreSQL 15 and later revoke this already; older
    -- databases and upgraded ones may still grant it to PUBLIC).
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;

    FOREACH writer IN ARRAY ARRAY['lct_enrichment_writer', 'lct_calculation_writer'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = writer)
           AND EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', writer);
            EXCEPTION WHEN duplicate_object THEN
                NULL; -- created meanwhile by a migration of another database on the same server
            END;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = writer) THEN
            RAISE NOTICE 'role % is missing and % may not create roles: no grants made to it', writer, current_user;
            CONTINUE;
        END IF;
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'lct_reader')
           AND NOT pg_has_role(writer, 'lct_reader', 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT lct_reader TO %I', writer);
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE NOTICE '% may not grant lct_reader to %: a DBA runs GRANT lct_reader TO %', current_user, writer, writer;
            END;
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), writer);
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', writer);
    END LOOP;

    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'lct_enrichment_writer') THEN
        -- Imports upsert (INSERT … ON CONFLICT DO UPDATE); the API edits and deletes bell schedules (their evidence
        -- links and results follow through foreign keys and the R__50 triggers, which run as the owner).
        GRANT INSERT, UPDATE ON districts, enrollment_by_grade, staff_counts, state_requirements, import_runs,
            enrichment_attempts TO lct_enrichment_writer;
        GRANT INSERT, UPDATE, DELETE ON bell_schedules TO lct_enrichment_writer;
        -- Content-addressed evidence is written once; a new district year registers its LEA (R__10 trigger).
        GRANT INSERT ON evidence_documents, bell_schedule_evidence, leas TO lct_enrichment_writer;
        GRANT INSERT ON data_lineage TO lct_enrichment_writer;
    END IF;

    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'lct_calculation_writer') THEN
        -- lct_calculate() runs as the caller and keeps its working sets in temporary tables.
        EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO lct_calculation_writer', current_database());
        -- A run is inserted, then updated as it goes; it supersedes the previous results of what it recalculates.
        GRANT INSERT, UPDATE ON calculation_runs, lct_calculations TO lct_calculation_writer;
        -- The current results, their fingerprints and QA aggregates are replaced (deleted and inserted) per run.
        GRANT INSERT, DELETE ON lct_current, lct_current_fingerprints, lct_current_input_buckets, lct_qa_scopes,
            lct_qa_states TO lct_calculation_writer;
        GRANT INSERT, UPDATE, DELETE ON lct_current_runs TO lct_calculation_writer;
    END IF;
END $$;
