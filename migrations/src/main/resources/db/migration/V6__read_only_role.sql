-- lct_reader: the read-only group role of district-service (and of analysts' SQL clients). It may read every
-- table, view and materialized view of the schema, including flyway_schema_history (Flyway's validate-at-start
-- needs only that), and nothing else: no INSERT, UPDATE, DELETE, TRUNCATE or DDL. It is NOLOGIN; the service
-- logs in as a user that is a member of it (CREATE ROLE district_service LOGIN PASSWORD '…' IN ROLE lct_reader).
--
-- Roles belong to the cluster, not the database, so the role is created only when missing, and only when the
-- migrating user may create roles. On a managed server where it may not, a DBA runs, once, before migrating:
--     CREATE ROLE lct_reader NOLOGIN;
-- and this migration then grants to it. If the role is still missing, the grants are skipped with a notice and
-- the DBA runs the GRANT and ALTER DEFAULT PRIVILEGES statements below by hand.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lct_reader')
       AND EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
        BEGIN
            CREATE ROLE lct_reader NOLOGIN;
        EXCEPTION WHEN duplicate_object THEN
            NULL; -- created meanwhile by a migration of another database on the same server
        END;
    END IF;

    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lct_reader') THEN
        RAISE NOTICE 'role lct_reader is missing and % may not create roles: no read-only grants made', current_user;
        RETURN;
    END IF;

    EXECUTE format('GRANT CONNECT ON DATABASE %I TO lct_reader', current_database());
    GRANT USAGE ON SCHEMA public TO lct_reader;
    -- Tables, views and materialized views alike (GRANT ... ON ALL TABLES covers all three).
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO lct_reader;
    -- Objects the migrating user creates later (next migrations) are readable too, without another grant.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO lct_reader;
END $$;
