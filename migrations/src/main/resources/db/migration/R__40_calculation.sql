-- The LCT calculation as set-based SQL: district fingerprints, the QA partials per state and the summary statistics
-- of a year, the run itself and the rebuild of what runs keep. One call of lct_calculate() computes every requested
-- scope for every district of a school year (or, incrementally, for the districts whose inputs changed) in one
-- statement, with minutes provenance, validity and flags. Decisions: docs/methodology.md (the numbers in comments
-- refer to its 18 points).
-- Edited in place (see migrations/README.md).

-- The calculation's version: a digest of every function of the schema, as the catalogue holds them. Any change of a
-- function counts as a change of method, so nobody has to remember to bump a version when the calculation changes.
CREATE OR REPLACE FUNCTION lct_methodology_version() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(string_agg(pg_get_functiondef(p.oid), E'\n' ORDER BY p.oid::regprocedure::text),
                                    'UTF8')), 'hex')
    FROM pg_proc p
    WHERE p.pronamespace = (SELECT pronamespace FROM pg_proc WHERE oid = 'lct_methodology_version'::regproc)
      AND p.prokind IN ('f', 'p')
$$;
COMMENT ON FUNCTION lct_methodology_version() IS 'SHA-256 (hex) over the definitions of every function of the schema: changes whenever the calculation''s SQL does.';

-- Everything a run's results depend on beyond the districts' own inputs, as one digest that every fingerprint
-- includes: the methodology version, the options, and the definitions of the requested scopes.
CREATE OR REPLACE FUNCTION lct_run_parameters(p_version text, p_school_year text, p_scopes text[],
                                              p_reference_g1 boolean, p_default_minutes integer) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(format('%s|%s|%s|%s|%s', p_version, p_school_year, p_reference_g1, p_default_minutes,
               (SELECT string_agg(format('%s:%s:%s:%s', s.code, s.enrollment_basis, s.nested_rank,
                                         (SELECT string_agg(m.category, ',' ORDER BY m.category)
                                          FROM staff_scope_members m WHERE m.staff_scope = s.code)),
                                  ',' ORDER BY s.code)
                FROM staff_scopes s WHERE s.code = ANY (p_scopes))), 'UTF8')), 'hex')
$$;
COMMENT ON FUNCTION lct_run_parameters(text, text, text[], boolean, integer) IS 'Digest of what every district''s results depend on besides its own inputs: methodology version, school year, options and the requested scopes'' definitions (enrollment basis, nesting, member categories).';

-- Each district's fingerprint, with the catalogue values its rows depend on (how a schedule's method and confidence
-- rank, which level a grade belongs to); a run asks for some districts' or all of them.
-- format() renders NULL as '' in a fixed position, so "missing" and "empty" never collide across fields.
CREATE OR REPLACE FUNCTION lct_district_fingerprints(p_school_year text, p_parameters text, p_districts text[])
RETURNS TABLE (nces_id text, fingerprint bytea)
LANGUAGE sql STABLE AS $$
    WITH staff AS (
        SELECT s.nces_id, string_agg(s.category || '=' || s.fte, ',' ORDER BY s.category) AS v
        FROM staff_counts s
        WHERE s.school_year = p_school_year AND (p_districts IS NULL OR s.nces_id = ANY (p_districts))
        GROUP BY s.nces_id
    ), enrollment AS (
        SELECT e.nces_id, string_agg(format('%s:%s:%s=%s', e.grade, g.school_level, g.is_k12, e.students), ','
                                     ORDER BY e.grade) AS v
        FROM enrollment_by_grade e
        JOIN grades g ON g.code = e.grade
        WHERE e.school_year = p_school_year AND (p_districts IS NULL OR e.nces_id = ANY (p_districts))
        GROUP BY e.nces_id
    ), bells AS (
        SELECT b.nces_id, string_agg(format('%s:%s:%s:%s:%s:%s:%s:%s', b.id, b.school_year, b.grade_level,
                                            b.instructional_minutes, b.confidence, c.rank, b.method,
                                            m.counts_as_enriched), ',' ORDER BY b.id) AS v
        FROM bell_schedules b
        JOIN collection_methods m ON m.code = b.method
        JOIN confidence_levels c ON c.code = b.confidence
        WHERE p_districts IS NULL OR b.nces_id = ANY (p_districts)
        GROUP BY b.nces_id
    ), requirements AS (
        SELECT r.state_code, string_agg(format('%s:%s:%s', r.grade_level, r.valid_from_year, r.daily_minutes), ','
                                        ORDER BY r.grade_level, r.valid_from_year) AS v
        FROM state_requirements r GROUP BY r.state_code
    )
    SELECT d.nces_id::text,
           sha256(convert_to(format('%s|%s|%s|%s|%s|%s|%s|%s|%s', p_parameters, d.state_code, d.enrollment,
                                    d.instructional_staff_fte, d.is_shared_service, s.v, e.v, b.v, r.v), 'UTF8'))
    FROM districts d
    LEFT JOIN staff s ON s.nces_id = d.nces_id
    LEFT JOIN enrollment e ON e.nces_id = d.nces_id
    LEFT JOIN bells b ON b.nces_id = d.nces_id
    LEFT JOIN requirements r ON r.state_code = d.state_code
    WHERE d.school_year = p_school_year AND (p_districts IS NULL OR d.nces_id = ANY (p_districts))
$$;
COMMENT ON FUNCTION lct_district_fingerprints(text, text, text[]) IS 'SHA-256 fingerprint of each district''s inputs (district row, staff counts, grade enrollment with the grades'' levels, bell schedules with their method''s and confidence''s catalogue values, its state''s requirements) and the run parameters (lct_run_parameters); p_districts NULL for every district of the year.';

-- Recomputes the partials of the given states (NULL: all) of a year from lct_current.
CREATE OR REPLACE FUNCTION refresh_lct_qa(p_school_year text, p_states text[]) RETURNS void
LANGUAGE plpgsql
-- planned for the states at hand: an index lookup for a few, a scan for all
SET plan_cache_mode = force_custom_plan
SET jit = off
AS $$
DECLARE
    -- the column's type, so the state index applies
    v_states char(2)[] := p_states;
BEGIN
    DELETE FROM lct_qa_scopes WHERE school_year = p_school_year AND (v_states IS NULL OR state_code = ANY (v_states));
    DELETE FROM lct_qa_states WHERE school_year = p_school_year AND (v_states IS NULL OR state_code = ANY (v_states));

    INSERT INTO lct_qa_scopes (school_year, state_code, staff_scope, row_count, valid_count, valid_lct, categories,
                               valid_lct_sum, valid_lct_squares, valid_enrollment, valid_lct_enrollment)
    WITH rows AS MATERIALIZED (
        SELECT c.state_code, c.staff_scope, c.lct_category, c.is_valid, c.lct_minutes, c.enrollment
        FROM lct_current c
        WHERE c.school_year = p_school_year AND (v_states IS NULL OR c.state_code = ANY (v_states))
    ), by_category AS (
        SELECT r.state_code, r.staff_scope,
               jsonb_object_agg(r.category, jsonb_build_object('rows', r.row_count, 'valid_rows', r.valid_count)) AS categories
        FROM (SELECT state_code, staff_scope, coalesce(lct_category, 'null') AS category, count(*) AS row_count,
                     count(*) FILTER (WHERE is_valid) AS valid_count
              FROM rows GROUP BY 1, 2, 3) r
        GROUP BY r.state_code, r.staff_scope
    )
    SELECT p_school_year, s.state_code, s.staff_scope, s.row_count, s.valid_count, s.valid_lct, k.categories,
           s.lct_sum, s.lct_squares, s.enrollment, s.lct_enrollment
    FROM (SELECT state_code, staff_scope, count(*) AS row_count, count(*) FILTER (WHERE is_valid) AS valid_count,
                 coalesce(array_agg(lct_minutes::float8 ORDER BY lct_minutes)
                              FILTER (WHERE is_valid AND lct_minutes IS NOT NULL), '{}') AS valid_lct,
                 coalesce(sum(lct_minutes) FILTER (WHERE is_valid), 0) AS lct_sum,
                 coalesce(sum(lct_minutes * lct_minutes) FILTER (WHERE is_valid), 0) AS lct_squares,
                 coalesce(sum(enrollment) FILTER (WHERE is_valid), 0) AS enrollment,
                 coalesce(sum(lct_minutes * enrollment) FILTER (WHERE is_valid), 0) AS lct_enrollment
          FROM rows GROUP BY 1, 2) s
    JOIN by_category k USING (state_code, staff_scope);

    INSERT INTO lct_qa_states (school_year, state_code, districts, districts_with_flags, flags, minutes_sources)
    WITH rows AS MATERIALIZED (
        SELECT c.state_code, c.nces_id, c.qa_flags, c.minutes_source, c.minutes_tier
        FROM lct_current c
        WHERE c.school_year = p_school_year AND (v_states IS NULL OR c.state_code = ANY (v_states))
    ), per_district AS (
        SELECT state_code, nces_id, bool_or(cardinality(qa_flags) > 0) AS flagged FROM rows GROUP BY 1, 2
    ), districts AS (
        SELECT state_code, count(*) AS districts, count(*) FILTER (WHERE flagged) AS flagged
        FROM per_district GROUP BY state_code
    ), flags AS (
        -- distinct districts by grouping (hashed) rather than count(DISTINCT) (a sort per group)
        SELECT state_code, jsonb_object_agg(flag, jsonb_build_object('rows', row_count, 'districts', districts)) AS flags
        FROM (SELECT state_code, flag, sum(row_count) AS row_count, count(*) AS districts
              FROM (SELECT r.state_code, f.flag, r.nces_id, count(*) AS row_count
                    FROM rows r CROSS JOIN LATERAL unnest(r.qa_flags) AS f (flag) GROUP BY 1, 2, 3) AS district_flags
              GROUP BY 1, 2) AS f
        GROUP BY state_code
    ), sources AS (
        SELECT state_code,
               jsonb_agg(jsonb_build_object('source', minutes_source, 'tier', minutes_tier, 'districts', districts)) AS sources
        FROM (SELECT state_code, minutes_source, minutes_tier, count(*) AS districts
              FROM (SELECT DISTINCT state_code, minutes_source, minutes_tier, nces_id FROM rows) AS district_sources
              GROUP BY 1, 2, 3) AS s
        GROUP BY state_code
    )
    SELECT p_school_year, d.state_code, d.districts, d.flagged, coalesce(f.flags, '{}'), s.sources
    FROM districts d
    LEFT JOIN flags f USING (state_code)
    JOIN sources s USING (state_code);
END $$;
COMMENT ON FUNCTION refresh_lct_qa(text, text[]) IS 'Recomputes lct_qa_scopes and lct_qa_states of a school year from lct_current, for the given states or (NULL) all of them; runs call it in their transaction.';

-- The statistics of one year's current run, replacing the year's rows of lct_summary_stats: what lct_calculate()
-- calls for its own year, in the run's transaction, and rebuild_lct_current() for every year (here, beside the run
-- that calls it, so a migration never leaves a run calling a function not yet created). It reads only that
-- year's QA partials (a few rows per state and scope), so a run costs the same whatever the years stored.
CREATE OR REPLACE FUNCTION refresh_lct_summary(p_school_year text, p_run_id bigint DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_run_id bigint := p_run_id;
    v_computed_at timestamptz;
    v_rows integer;
BEGIN
    -- one writer of a year's rows at a time (a run, a rebuild, a migration): the second waits, then replaces them
    -- with what the first committed
    PERFORM pg_advisory_xact_lock(hashtextextended('lct_summary_stats/' || p_school_year, 0));
    v_computed_at := clock_timestamp();
    -- inside a run's transaction the run is not yet succeeded: it passes its own id, the run that wrote lct_current
    IF v_run_id IS NULL THEN
        SELECT l.run_id INTO v_run_id FROM latest_successful_runs l WHERE l.school_year = p_school_year;
    END IF;
    DELETE FROM lct_summary_stats WHERE school_year = p_school_year;
    IF v_run_id IS NULL THEN
        RETURN 0;  -- no current run: the year has no statistics
    END IF;

    INSERT INTO lct_summary_stats (school_year, geography, staff_scope, run_id, districts, valid_districts, mean_lct,
                                   median_lct, p10_lct, p25_lct, p75_lct, p90_lct, min_lct, max_lct, stddev_lct,
                                   enrollment_weighted_lct, valid_enrollment, computed_at)
    -- the nation's group merges the states' sorted values, once per scope. MATERIALIZED, and each state's list
    -- copied out of its stored (compressed) form once: every percentile reads a list several times
    WITH groups AS MATERIALIZED (
        SELECT q.state_code AS geography, q.staff_scope, q.row_count::bigint AS districts,
               q.valid_count::bigint AS valid_districts, q.valid_lct[1:cardinality(q.valid_lct)] AS sorted,
               q.valid_lct_sum AS lct_sum, q.valid_lct_squares AS lct_squares, q.valid_enrollment, q.valid_lct_enrollment
        FROM lct_qa_scopes q
        WHERE q.school_year = p_school_year
        UNION ALL
        SELECT 'US', q.staff_scope, sum(q.row_count), sum(q.valid_count),
               (SELECT coalesce(array_agg(v ORDER BY v), '{}') FROM lct_qa_scopes m CROSS JOIN LATERAL unnest(m.valid_lct) AS v
                WHERE m.school_year = p_school_year AND m.staff_scope = q.staff_scope),
               sum(q.valid_lct_sum), sum(q.valid_lct_squares), sum(q.valid_enrollment)::bigint, sum(q.valid_lct_enrollment)
        FROM lct_qa_scopes q
        WHERE q.school_year = p_school_year
        GROUP BY q.staff_scope
    )
    SELECT p_school_year,
           g.geography,
           g.staff_scope,
           v_run_id,
           g.districts,
           g.valid_districts,
           -- every statistic in minutes with two decimals, as the LCT values themselves (no float noise in answers)
           round(g.lct_sum / nullif(g.valid_districts, 0), 2),
           round(percentile_of_sorted(g.sorted, 0.5)::numeric, 2),
           round(percentile_of_sorted(g.sorted, 0.1)::numeric, 2),
           round(percentile_of_sorted(g.sorted, 0.25)::numeric, 2),
           round(percentile_of_sorted(g.sorted, 0.75)::numeric, 2),
           round(percentile_of_sorted(g.sorted, 0.9)::numeric, 2),
           round(g.sorted[1]::numeric, 2),
           round(g.sorted[cardinality(g.sorted)]::numeric, 2),
           round(stddev_from_sums(g.lct_sum, g.lct_squares, g.valid_districts), 2),
           round(g.valid_lct_enrollment / nullif(g.valid_enrollment, 0), 2),
           g.valid_enrollment,
           v_computed_at
    FROM groups g;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END $$;
COMMENT ON FUNCTION refresh_lct_summary(text, bigint) IS 'Replaces the rows of lct_summary_stats of one school year with the statistics of its QA partials (lct_qa_scopes), attributed to p_run_id or, when NULL, to the year''s current run (latest_successful_runs); none when the year has no current run. Returns the rows written.';

-- The run. Fingerprints the districts whose inputs may have changed (point 12), decides which to recompute, computes
-- them, supersedes their previous rows and keeps lct_current, its fingerprints (per bucket), the QA partials and the
-- year's statistics, all in the caller's transaction: the caller commits the rows together with the run's status, so
-- nobody ever sees half a run.
CREATE OR REPLACE FUNCTION lct_calculate(p_run_id bigint, p_school_year text, p_scopes text[], p_reference_g1 boolean,
                                         p_default_minutes integer, p_previous_run_id bigint, p_incremental boolean)
RETURNS TABLE (input_hash text, no_changes boolean, districts_calculated integer,
               districts_carried_forward integer, result_rows integer)
LANGUAGE plpgsql
-- the run sorts wide rows for its window functions; 4 MB would spill them to disk
SET work_mem = '64MB'
-- each statement planned for this run's districts: a few through indexes, all of them by scans
SET plan_cache_mode = force_custom_plan
-- its statements read at most a year's rows; compiling them cost more than it saved (300 ms for one misestimate)
SET jit = off
AS $$
DECLARE
    -- derived from the functions' definitions, never typed: a changed calculation cannot be mistaken for the old one
    v_version text := lct_methodology_version();
    v_parameters text := lct_run_parameters(v_version, p_school_year, p_scopes, p_reference_g1, p_default_minutes);
    -- the length of the chain of nested base scopes (staff_scopes.nested_rank)
    v_nested integer := (SELECT count(*) FROM staff_scopes WHERE nested_rank IS NOT NULL);
    v_previous_hash text;
    v_rows integer;
    -- the kept fingerprints are the previous run's (lct_current_runs); else every district counts as changed
    v_trusted boolean;
    -- an incremental run builds on its previous run's chain; without one, it calculates everything
    v_chain boolean;
    -- the districts an incremental run fingerprints; NULL: all of them
    v_suspects text[];
    -- the states whose QA partials the run recomputes; NULL: all of them
    v_states text[];
    -- the buckets of the input hash that the run rehashes (see lct_current_input_buckets)
    v_buckets text[];
    v_entries bytea;
BEGIN
    -- no index: a full run fills it with every district (an index would cost more to keep than it saves), an
    -- incremental run with a few, and the statements below join it by hash
    CREATE TEMP TABLE IF NOT EXISTS lct_run_inputs (
        nces_id     text    NOT NULL,
        fingerprint bytea   NOT NULL,
        changed     boolean NOT NULL
    ) ON COMMIT DELETE ROWS;
    -- the kept fingerprints the run compares with: those of its suspects' buckets, or of every bucket
    CREATE TEMP TABLE IF NOT EXISTS lct_run_kept (
        nces_id     text  NOT NULL,
        fingerprint bytea NOT NULL
    ) ON COMMIT DELETE ROWS;

    -- (a bucket without entries was written by a release that kept the fingerprints elsewhere)
    v_trusted := p_incremental AND EXISTS (SELECT 1 FROM lct_current_runs k
                                           WHERE k.school_year = p_school_year AND k.run_id = p_previous_run_id)
                 AND NOT EXISTS (SELECT 1 FROM lct_current_input_buckets b
                                 WHERE b.school_year = p_school_year AND length(b.entries) = 0);

    -- Every table the calculation reads records its changes in data_lineage (R__20_data_lineage.sql). So an incremental
    -- run with its previous run's parameters and methodology fingerprints only the districts that a transaction the
    -- previous run could not see touched, as calculation_input_tables maps them (a state's requirements touch all its
    -- districts; a catalogue, or a table it does not list, every district); the others keep their fingerprints in
    -- lct_current_input_buckets.
    IF v_trusted AND EXISTS (SELECT 1 FROM calculation_runs prev JOIN calculation_runs this ON this.id = p_run_id
                             WHERE prev.id = p_previous_run_id AND prev.lineage_xmin IS NOT NULL
                               AND this.parameters = prev.parameters AND prev.methodology_version = v_version)
       AND NOT EXISTS (SELECT 1 FROM calculation_runs prev
                       JOIN data_lineage l ON l.transaction_id >= prev.lineage_xmin
                       LEFT JOIN calculation_input_tables i ON i.table_name = l.entity
                       WHERE prev.id = p_previous_run_id AND coalesce(i.affects, 'every_district') = 'every_district') THEN
        -- per lineage row: its district, or every district of its state (an index lookup, not a join of all)
        SELECT coalesce(array_agg(DISTINCT s.suspect), '{}') INTO v_suspects
        FROM calculation_runs prev
        JOIN data_lineage l ON l.transaction_id >= prev.lineage_xmin
        JOIN calculation_input_tables i ON i.table_name = l.entity
        CROSS JOIN LATERAL (
            SELECT split_part(l.entity_key, '/', 1) AS suspect
            WHERE i.affects = 'district'
            UNION ALL
            SELECT d.nces_id FROM districts d
            WHERE i.affects = 'state'
              AND d.state_code = split_part(l.entity_key, '/', 1)::char(2) AND d.school_year = p_school_year
        ) AS s
        WHERE prev.id = p_previous_run_id AND s.suspect IS NOT NULL;
    END IF;

    LOOP
        -- the buckets of the input hash that the run rehashes: those of its suspects (see lct_current_input_buckets)
        v_buckets := coalesce((SELECT array_agg(DISTINCT left(s, 2)) FROM unnest(v_suspects) AS s), '{}');
        DELETE FROM lct_run_kept;
        IF v_trusted THEN
            -- one bucket at a time: its entries read once into a variable, then cut into 39-byte entries
            FOR v_entries IN SELECT b.entries FROM lct_current_input_buckets b
                             WHERE b.school_year = p_school_year AND (v_suspects IS NULL OR b.bucket = ANY (v_buckets))
            LOOP
                INSERT INTO lct_run_kept (nces_id, fingerprint)
                SELECT convert_from(substring(v_entries FROM i * 39 + 1 FOR 7), 'UTF8'),
                       substring(v_entries FROM i * 39 + 8 FOR 32)
                FROM generate_series(0, length(v_entries) / 39 - 1) AS i;
            END LOOP;
        END IF;
        DELETE FROM lct_run_inputs;
        INSERT INTO lct_run_inputs (nces_id, fingerprint, changed)
        SELECT f.nces_id, f.fingerprint, NOT v_trusted OR k.fingerprint IS DISTINCT FROM f.fingerprint
        FROM lct_district_fingerprints(p_school_year, v_parameters, v_suspects) f
        LEFT JOIN lct_run_kept k ON k.nces_id = f.nces_id;
        -- a suspect with results but no district any more: its rows cannot be carried, so fingerprint everything
        EXIT WHEN v_suspects IS NULL OR NOT EXISTS (
            SELECT 1 FROM lct_run_kept k
            WHERE k.nces_id = ANY (v_suspects) AND NOT EXISTS (SELECT 1 FROM lct_run_inputs f WHERE f.nces_id = k.nces_id));
        v_suspects := NULL;
    END LOOP;

    -- The input hash goes through one digest per bucket of districts (the first two digits of the NCES id, the
    -- state's FIPS code): a bucket without a suspect keeps its digest, so a few changed districts rehash a few
    -- buckets instead of every fingerprint of the year.
    CREATE TEMP TABLE IF NOT EXISTS lct_run_buckets (
        bucket  text  NOT NULL,
        entries bytea NOT NULL
    ) ON COMMIT DELETE ROWS;
    DELETE FROM lct_run_buckets;
    -- v_buckets is empty when the changes touched no input (say, evidence attached to a schedule): every digest is kept
    INSERT INTO lct_run_buckets (bucket, entries)
    SELECT left(h.nces_id, 2), string_agg(convert_to(h.nces_id, 'UTF8') || h.fingerprint, ''::bytea ORDER BY h.nces_id)
    FROM (SELECT f.nces_id, f.fingerprint FROM lct_run_inputs f
          UNION ALL
          -- the suspects' buckets also hold districts that were not suspected and kept their inputs
          SELECT k.nces_id, k.fingerprint FROM lct_run_kept k
          WHERE v_suspects IS NOT NULL AND NOT EXISTS (SELECT 1 FROM lct_run_inputs f WHERE f.nces_id = k.nces_id)) AS h
    GROUP BY left(h.nces_id, 2);
    SELECT encode(sha256(convert_to(v_parameters || '|', 'UTF8')
                         || string_agg(convert_to(b.bucket, 'UTF8') || b.digest, ''::bytea ORDER BY b.bucket)), 'hex')
    INTO input_hash
    FROM (SELECT r.bucket, sha256(r.entries) AS digest FROM lct_run_buckets r
          UNION ALL
          SELECT k.bucket, k.digest FROM lct_current_input_buckets k
          WHERE v_suspects IS NOT NULL AND k.school_year = p_school_year AND NOT k.bucket = ANY (v_buckets)) AS b;
    IF input_hash IS NULL THEN
        RAISE EXCEPTION 'no districts for school year %', p_school_year USING ERRCODE = 'no_data_found';
    END IF;

    IF p_incremental AND p_previous_run_id IS NOT NULL THEN
        SELECT r.input_hash INTO v_previous_hash FROM calculation_runs r WHERE r.id = p_previous_run_id;
        IF v_previous_hash = input_hash THEN
            UPDATE calculation_runs SET methodology_version = v_version WHERE id = p_run_id;
            no_changes := true;
            districts_calculated := 0;
            districts_carried_forward := 0;
            result_rows := 0;
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;

    -- a temporary table has no statistics until analysed; with them the steps below find the few changed districts
    -- through indexes instead of scanning every result row
    ANALYZE lct_run_inputs;

    -- Chaining needs something to keep (a district unchanged or not suspected) and nothing to drop (every district
    -- of the previous results still has inputs); otherwise the run calculates every district and starts a chain.
    -- (lct_run_kept holds the suspects' buckets; the other buckets hold only districts that were not suspected)
    v_chain := v_trusted
               AND (EXISTS (SELECT 1 FROM lct_run_inputs f WHERE NOT f.changed)
                    OR (v_suspects IS NOT NULL
                        AND (EXISTS (SELECT 1 FROM lct_run_kept k
                                     WHERE NOT EXISTS (SELECT 1 FROM lct_run_inputs f WHERE f.nces_id = k.nces_id))
                             OR EXISTS (SELECT 1 FROM lct_current_input_buckets b
                                        WHERE b.school_year = p_school_year AND NOT b.bucket = ANY (v_buckets)
                                          AND length(b.entries) > 0))))
               AND (v_suspects IS NOT NULL
                    OR NOT EXISTS (SELECT 1 FROM lct_run_kept k
                                   WHERE NOT EXISTS (SELECT 1 FROM lct_run_inputs f WHERE f.nces_id = k.nces_id)));
    IF NOT v_chain THEN
        IF v_suspects IS NOT NULL THEN
            -- a full calculation needs every district's fingerprint
            v_suspects := NULL;
            DELETE FROM lct_run_inputs;
            INSERT INTO lct_run_inputs (nces_id, fingerprint, changed)
            SELECT f.nces_id, f.fingerprint, true FROM lct_district_fingerprints(p_school_year, v_parameters, NULL) f;
            ANALYZE lct_run_inputs;
        ELSE
            UPDATE lct_run_inputs SET changed = true WHERE NOT changed;
        END IF;
    END IF;

    IF v_chain THEN
        -- the rows this run replaced stay in place for the runs that used them
        UPDATE lct_calculations c SET superseded_by_run_id = p_run_id
        FROM calculation_runs prev, lct_run_inputs f
        WHERE prev.id = p_previous_run_id AND f.changed AND c.nces_id = f.nces_id AND c.school_year = p_school_year
          AND c.run_id BETWEEN coalesce(prev.base_run_id, prev.id) AND prev.id AND c.superseded_by_run_id IS NULL;
        -- the states whose QA partials change: those of the replaced rows here, of the new rows below
        SELECT coalesce(array_agg(DISTINCT c.state_code::text), '{}') INTO v_states
        FROM lct_current c JOIN lct_run_inputs f ON f.changed AND c.nces_id = f.nces_id
        WHERE c.school_year = p_school_year;
    END IF;
    -- the read model follows in the same transaction: out with the rows this run replaces, in with its own below
    IF v_chain THEN
        -- the previous results' districts, less those recalculated, are carried forward
        SELECT (SELECT p.districts_calculated + p.districts_carried_forward FROM calculation_runs p
                WHERE p.id = p_previous_run_id) - count(*)
        INTO districts_carried_forward
        FROM lct_run_kept k JOIN lct_run_inputs f ON f.changed AND f.nces_id = k.nces_id;
        DELETE FROM lct_current c USING lct_run_inputs f
        WHERE c.school_year = p_school_year AND c.nces_id = f.nces_id AND f.changed;
    ELSE
        DELETE FROM lct_current c WHERE c.school_year = p_school_year;
    END IF;

    WITH changed AS (
        SELECT f.nces_id, f.fingerprint FROM lct_run_inputs f WHERE f.changed
    ), target AS (
        SELECT d.nces_id, d.school_year, d.state_code, d.enrollment, d.instructional_staff_fte, d.is_shared_service,
               c.fingerprint
        FROM districts d
        JOIN changed c ON c.nces_id = d.nces_id
        WHERE d.school_year = p_school_year
    ), grade_enrollment AS (
        -- point 7: k12 = KG..12; elementary = KG..05; secondary = 06..12
        SELECT e.nces_id,
               sum(e.students) FILTER (WHERE g.is_k12)                                AS k12,
               sum(e.students) FILTER (WHERE g.school_level = 'elementary')          AS elementary,
               sum(e.students) FILTER (WHERE g.school_level IN ('middle', 'high'))   AS secondary,
               sum(e.students) FILTER (WHERE g.school_level = 'middle')              AS middle,
               sum(e.students) FILTER (WHERE g.school_level = 'high')                AS high
        FROM enrollment_by_grade e
        JOIN grades g ON g.code = e.grade
        JOIN changed c ON c.nces_id = e.nces_id
        WHERE e.school_year = p_school_year AND NOT p_reference_g1
        GROUP BY e.nces_id
    ), profiles AS (
        SELECT profile FROM unnest(ARRAY['elementary_first', 'high_first']) AS profile
        WHERE profile = 'elementary_first' OR 'teachers_secondary' = ANY (p_scopes)
    ), district_profiles AS (
        SELECT t.nces_id, t.state_code, p.profile, ge.elementary, ge.middle, ge.high, ge.nces_id IS NOT NULL AS has_grades,
               preferred_level(p.profile, ge.elementary, ge.middle, ge.high, ge.nces_id IS NOT NULL) AS preferred
        FROM target t
        CROSS JOIN profiles p
        LEFT JOIN grade_enrollment ge ON ge.nces_id = t.nces_id
        WHERE NOT p_reference_g1
    ), bell_choice AS (
        -- points 2, 4, 11: collected schedules within 3 years, no COVID years; confident ones first, then the
        -- preferred level, then the newest year
        SELECT DISTINCT ON (dp.nces_id, dp.profile)
               dp.nces_id, dp.profile, b.id, b.grade_level, b.instructional_minutes, b.school_year,
               CASE WHEN conf.rank >= 2 AND b.grade_level = dp.preferred THEN 1 ELSE 2 END AS tier
        FROM district_profiles dp
        JOIN bell_schedules b ON b.nces_id = dp.nces_id
        JOIN collection_methods m ON m.code = b.method AND m.counts_as_enriched
        JOIN confidence_levels conf ON conf.code = b.confidence
        WHERE abs(school_year_start(b.school_year) - school_year_start(p_school_year)) <= 3
          AND b.school_year NOT IN ('2020-21', '2021-22')
        ORDER BY dp.nces_id, dp.profile, (conf.rank >= 2) DESC,
                 level_rank(dp.profile, b.grade_level, dp.elementary, dp.middle, dp.high, dp.has_grades),
                 b.school_year DESC, conf.rank DESC, b.id
    ), requirement_in_force AS (
        -- point 11: the newest requirement not later than the data year, else the earliest
        SELECT DISTINCT ON (r.state_code, r.grade_level) r.state_code, r.grade_level, r.daily_minutes, r.valid_from_year
        FROM state_requirements r
        ORDER BY r.state_code, r.grade_level, (r.valid_from_year <= p_school_year) DESC,
                 CASE WHEN r.valid_from_year <= p_school_year THEN r.valid_from_year END DESC, r.valid_from_year
    ), requirement_choice AS (
        -- per state, profile and preferred level: that level's requirement, else the next level in the profile
        SELECT DISTINCT ON (r.state_code, p.profile, start_level)
               r.state_code, p.profile, start_level, r.grade_level, r.daily_minutes, r.valid_from_year
        FROM requirement_in_force r
        CROSS JOIN profiles p
        CROSS JOIN unnest(ARRAY['elementary', 'middle', 'high']) AS start_level
        ORDER BY r.state_code, p.profile, start_level, (r.grade_level = start_level) DESC,
                 level_rank(p.profile, r.grade_level, NULL, NULL, NULL, false)
    ), minutes AS (
        SELECT dp.nces_id, dp.profile,
               coalesce(bc.instructional_minutes, rc.daily_minutes, p_default_minutes)              AS minutes,
               CASE WHEN bc.id IS NOT NULL THEN 'bell_schedule'
                    WHEN rc.daily_minutes IS NOT NULL THEN 'state_requirement' ELSE 'default' END   AS source,
               coalesce(bc.grade_level, rc.grade_level)                                            AS grade_level,
               bc.id                                                                                AS bell_schedule_id,
               coalesce(bc.tier, 3)                                                                 AS tier,
               coalesce(bc.school_year, rc.valid_from_year)                                         AS minutes_year
        FROM district_profiles dp
        LEFT JOIN bell_choice bc ON bc.nces_id = dp.nces_id AND bc.profile = dp.profile
        LEFT JOIN requirement_choice rc ON rc.state_code = dp.state_code AND rc.profile = dp.profile
                                       AND rc.start_level = dp.preferred
        UNION ALL
        -- point 1: G1 gave every district the default 360, because its lookup never matched
        SELECT t.nces_id, 'elementary_first', p_default_minutes, 'default', NULL, NULL, 3, NULL
        FROM target t
        WHERE p_reference_g1
    ), scope_staff AS (
        SELECT s.nces_id, m.staff_scope, sum(s.fte) AS fte
        FROM staff_counts s
        JOIN staff_scope_members m ON m.category = s.category
        JOIN changed c ON c.nces_id = s.nces_id
        WHERE s.school_year = p_school_year AND m.staff_scope = ANY (p_scopes) AND NOT p_reference_g1
        GROUP BY s.nces_id, m.staff_scope
    ), scope_rows AS (
        SELECT t.nces_id, t.school_year, t.state_code, t.fingerprint, sc.code AS staff_scope, sc.enrollment_basis,
               sc.nested_rank,
               CASE WHEN p_reference_g1 THEN coalesce(t.instructional_staff_fte, 0)
                    WHEN sc.enrollment_basis = 'total' THEN coalesce(ss.fte, t.instructional_staff_fte)
                    ELSE ss.fte END                                                        AS staff,
               CASE WHEN p_reference_g1 THEN coalesce(t.enrollment, 0)
                    ELSE CASE sc.enrollment_basis WHEN 'total' THEN t.enrollment
                                                  WHEN 'k12' THEN coalesce(ge.k12, t.enrollment)
                                                  WHEN 'elementary' THEN ge.elementary
                                                  WHEN 'secondary' THEN ge.secondary END END AS enrollment,
               sc.enrollment_basis = 'k12' AND ge.nces_id IS NULL                          AS k12_from_total,
               t.is_shared_service AND NOT p_reference_g1                                   AS shared_service,
               CASE WHEN sc.code = 'teachers_secondary' THEN 'high_first' ELSE 'elementary_first' END AS profile
        FROM target t
        JOIN staff_scopes sc ON sc.code = ANY (p_scopes)
        LEFT JOIN scope_staff ss ON ss.nces_id = t.nces_id AND ss.staff_scope = sc.code
        LEFT JOIN grade_enrollment ge ON ge.nces_id = t.nces_id
    ), computed AS MATERIALIZED (
        SELECT r.*, m.minutes, m.source, m.grade_level, m.bell_schedule_id, m.tier, m.minutes_year,
               -- point 18: float8, in the reference's order (minutes x staff, then / enrollment)
               CASE WHEN r.enrollment > 0
                    THEN m.minutes::double precision * r.staff::double precision / r.enrollment::double precision
               END AS raw_lct
        FROM scope_rows r
        JOIN minutes m ON m.nces_id = r.nces_id AND m.profile = r.profile
        WHERE r.staff IS NOT NULL AND r.enrollment IS NOT NULL
    ), split AS (
        -- round_half_even_exact(raw_lct, 2), inlined: raw = mantissa / 2^k exactly (k from the binary exponent,
        -- off by one at worst, which keeps the mantissa whole), so raw x 100 = mantissa x 25 / 2^(k-2)
        SELECT c.*, (c.raw_lct * power(2::double precision, e.k))::bigint * 25 AS scaled, e.k - 2 AS shift
        FROM computed c
        CROSS JOIN LATERAL (SELECT CASE WHEN c.raw_lct >= 0.001 AND c.raw_lct < 1e12
                                        THEN 54 - floor(ln(c.raw_lct) / ln(2::double precision))::integer END AS k) AS e
    ), rounded AS MATERIALIZED (
        SELECT s.*,
               CASE WHEN s.raw_lct IS NULL THEN CASE WHEN p_reference_g1 THEN 0.00 END
                    WHEN s.raw_lct < 0.001 THEN 0.00
                    WHEN s.raw_lct >= 1e12 THEN round(s.raw_lct::numeric, 2)
                    ELSE round(((s.scaled >> s.shift)
                                + CASE WHEN (s.scaled & ((1::bigint << s.shift) - 1)) > (1::bigint << (s.shift - 1)) THEN 1
                                       WHEN (s.scaled & ((1::bigint << s.shift) - 1)) < (1::bigint << (s.shift - 1)) THEN 0
                                       ELSE (s.scaled >> s.shift) & 1 END)::numeric / 100, 2)
               END AS lct
        FROM split s
    ), judged AS (
        SELECT c.*,
               CASE WHEN p_reference_g1
                    -- G1's four rules (methodology 3.1)
                    THEN c.enrollment > 0 AND c.staff > 0 AND c.lct <= c.minutes AND c.staff <= c.enrollment
                    -- point 5
                    -- point 17: shared-service agencies are shown, never counted
                    ELSE c.enrollment > 0 AND c.staff > 0 AND c.staff <= c.enrollment AND c.lct > 0 AND c.lct <= c.minutes
                         AND NOT c.shared_service
               END AS is_valid,
               -- the nested base scopes (staff_scopes.nested_rank), from the narrowest to the widest
               count(*) FILTER (WHERE c.nested_rank IS NOT NULL) OVER (PARTITION BY c.nces_id) AS base_scopes,
               min(c.staff) FILTER (WHERE c.nested_rank IS NOT NULL) OVER (PARTITION BY c.nces_id) AS base_min,
               max(c.staff) FILTER (WHERE c.nested_rank IS NOT NULL) OVER (PARTITION BY c.nces_id) AS base_max,
               max(c.staff) FILTER (WHERE c.nested_rank = 1) OVER (PARTITION BY c.nces_id) AS only_staff,
               max(c.staff) FILTER (WHERE c.nested_rank = v_nested) OVER (PARTITION BY c.nces_id) AS all_staff
        FROM rounded c
    ), fresh AS (
        SELECT j.nces_id, j.school_year, j.staff_scope, j.minutes, j.source, j.grade_level, j.bell_schedule_id, j.tier,
               j.minutes_year, j.staff, j.enrollment, j.enrollment_basis, j.lct,
               round((j.lct::double precision / 60) * 100) / 100                                   AS hours,
               CASE WHEN j.staff > 0 THEN round((j.enrollment::double precision / j.staff::double precision) * 10) / 10
                    WHEN j.enrollment > 0 THEN 'Infinity'::double precision END                    AS ratio,
               lct_category(j.lct)                                                                 AS category,
               j.is_valid,
               -- point 9; written in alphabetical order, so the array is sorted
               CASE WHEN p_reference_g1 THEN '{}'::text[] ELSE array_remove(ARRAY[
                   CASE WHEN j.base_scopes = v_nested AND j.base_min = j.base_max
                             AND j.nested_rank IS NOT NULL THEN 'ERR_FLAT_STAFF' END,
                   CASE WHEN j.enrollment > 0 AND j.staff::double precision / j.enrollment > 0.5 THEN 'ERR_IMPOSSIBLE_SSR' END,
                   CASE WHEN j.lct > j.minutes THEN 'ERR_LCT_EXCEEDS_MINUTES' END,
                   CASE WHEN j.lct = 0 AND j.staff > 0 AND j.enrollment > 0 THEN 'ERR_LCT_ZERO' END,
                   CASE WHEN j.enrollment = 0 THEN 'ERR_NO_ENROLLMENT' END,
                   CASE WHEN j.staff = 0 THEN 'ERR_NO_STAFF' END,
                   CASE WHEN j.base_scopes = v_nested AND j.only_staff > 0 AND j.all_staff > 0
                             AND abs(j.only_staff - j.all_staff) < 0.01
                             AND j.nested_rank IS NOT NULL THEN 'ERR_RATIO_CEILING' END,
                   CASE WHEN j.shared_service THEN 'ERR_SHARED_SERVICE' END,
                   CASE WHEN j.staff > j.enrollment THEN 'ERR_STAFF_EXCEEDS_ENROLLMENT' END,
                   CASE WHEN j.enrollment_basis IN ('k12', 'total') AND j.enrollment > 0 AND j.enrollment < 50
                        THEN 'ERR_VOLATILE' END,
                   CASE WHEN j.k12_from_total THEN 'INFO_K12_FROM_TOTAL' END,
                   CASE WHEN j.source = 'default' THEN 'WARN_DEFAULT_MINUTES' END,
                   CASE WHEN j.staff_scope IN ('teachers_only', 'teachers_total') AND j.lct > 120 THEN 'WARN_LCT_HIGH' END,
                   CASE WHEN j.lct > 0 AND j.lct < 5 THEN 'WARN_LCT_LOW' END,
                   -- point 15: the YAML's typical ranges per level
                   CASE WHEN j.source <> 'default' AND NOT (j.minutes BETWEEN
                             CASE j.grade_level WHEN 'elementary' THEN 240 ELSE 300 END AND
                             CASE j.grade_level WHEN 'elementary' THEN 360 WHEN 'middle' THEN 390 ELSE 420 END)
                        THEN 'WARN_MINUTES_ATYPICAL' END,
                   CASE WHEN j.source = 'bell_schedule'
                             AND abs(school_year_start(j.minutes_year) - school_year_start(p_school_year)) BETWEEN 2 AND 3
                        THEN 'WARN_YEAR_GAP' END
               ], NULL) END                                                                         AS flags,
               j.fingerprint, j.state_code
        FROM judged j
    ), final AS (
        -- point 5: one meaning of a flag, an ERR_ flag (severity error in qa_flags) makes the value invalid; the flags
        -- are sorted, so if there is one, it comes first
        SELECT f.*, f.is_valid AND coalesce(f.flags[1] NOT LIKE 'ERR\_%', true) AS valid
        FROM fresh f
    ), inserted AS (
        INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes, minutes_source,
                                      minutes_grade_level, bell_schedule_id, minutes_tier, minutes_school_year,
                                      staff_fte, enrollment, enrollment_basis, lct_minutes, lct_hours,
                                      student_teacher_ratio, lct_category, is_valid, qa_flags, input_fingerprint)
        SELECT p_run_id, f.nces_id, f.school_year, f.staff_scope, f.minutes, f.source, f.grade_level, f.bell_schedule_id,
               f.tier, f.minutes_year, f.staff, f.enrollment, f.enrollment_basis, f.lct, f.hours, f.ratio, f.category,
               f.valid, f.flags, f.fingerprint
        FROM final f
    )
    -- one statement writes both tables from the same computed rows: nothing is read back or joined again
    INSERT INTO lct_current
    SELECT f.school_year, f.nces_id, f.staff_scope, f.state_code, p_run_id, f.minutes, f.source, f.grade_level, f.tier,
           f.bell_schedule_id, f.staff, f.enrollment, f.lct, f.category, f.valid, f.flags
    FROM final f;
    GET DIAGNOSTICS v_rows = ROW_COUNT;

    DELETE FROM lct_current_input_buckets k
    WHERE k.school_year = p_school_year AND (v_suspects IS NULL OR k.bucket = ANY (v_buckets));
    INSERT INTO lct_current_input_buckets (school_year, bucket, digest, entries)
    SELECT p_school_year, r.bucket, sha256(r.entries), r.entries FROM lct_run_buckets r;
    INSERT INTO lct_current_runs (school_year, run_id) VALUES (p_school_year, p_run_id)
    ON CONFLICT (school_year) DO UPDATE SET run_id = excluded.run_id;

    IF v_chain THEN
        SELECT array_agg(DISTINCT s) INTO v_states
        FROM (SELECT unnest(v_states) AS s
              UNION ALL
              SELECT c.state_code FROM lct_current c JOIN lct_run_inputs f ON f.changed AND c.nces_id = f.nces_id
              WHERE c.school_year = p_school_year) AS affected;
        v_states := coalesce(v_states, '{}');
    END IF;
    PERFORM refresh_lct_qa(p_school_year, v_states);
    PERFORM refresh_lct_summary(p_school_year, p_run_id);

    UPDATE calculation_runs
    SET methodology_version = v_version,
        base_run_id = CASE WHEN v_chain THEN (SELECT coalesce(p.base_run_id, p.id) FROM calculation_runs p
                                             WHERE p.id = p_previous_run_id)
                           ELSE p_run_id END
    WHERE id = p_run_id;

    no_changes := false;
    result_rows := v_rows;
    SELECT count(*) INTO districts_calculated FROM lct_run_inputs f WHERE f.changed;
    -- every district of the year has rows (point 17), so a run's two counts add up to its districts
    districts_carried_forward := CASE WHEN v_chain THEN districts_carried_forward ELSE 0 END;
    RETURN NEXT;
END $$;
COMMENT ON FUNCTION lct_calculate(bigint, text, text[], boolean, integer, bigint, boolean) IS 'Computes a run''s results set-based into lct_calculations (every district, or incrementally those whose inputs changed since p_previous_run_id, superseding their rows), keeps lct_current, its fingerprints, the QA partials and the year''s summary statistics, sets the run''s base_run_id and returns its input hash and counts; the caller''s transaction commits them with the run status.';

-- Runs keep lct_current and its companions up to date; this rebuilds them from the runs (for an operator who changed
-- runs by hand).
CREATE OR REPLACE FUNCTION rebuild_lct_current() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_rows integer;
    v_year text;
BEGIN
    DELETE FROM lct_current;
    INSERT INTO lct_current
    SELECT c.school_year, c.nces_id, c.staff_scope, d.state_code, c.run_id, c.instructional_minutes, c.minutes_source,
           c.minutes_grade_level, c.minutes_tier, c.bell_schedule_id, c.staff_fte, c.enrollment, c.lct_minutes,
           c.lct_category, c.is_valid, c.qa_flags
    FROM latest_successful_runs l CROSS JOIN LATERAL lct_run_rows(l.run_id) c
    JOIN districts d ON d.nces_id = c.nces_id AND d.school_year = c.school_year;
    GET DIAGNOSTICS v_rows = ROW_COUNT;

    DELETE FROM lct_current_input_buckets;
    INSERT INTO lct_current_input_buckets (school_year, bucket, digest, entries)
    SELECT e.school_year, e.bucket, sha256(e.entries), e.entries
    FROM (SELECT f.school_year, left(f.nces_id, 2) AS bucket,
                 string_agg(convert_to(f.nces_id, 'UTF8') || f.fingerprint, ''::bytea ORDER BY f.nces_id) AS entries
          FROM (SELECT DISTINCT ON (c.school_year, c.nces_id) c.school_year::text, c.nces_id::text,
                       c.input_fingerprint AS fingerprint
                FROM latest_successful_runs l CROSS JOIN LATERAL lct_run_rows(l.run_id) c
                WHERE c.input_fingerprint IS NOT NULL
                ORDER BY c.school_year, c.nces_id) AS f
          GROUP BY f.school_year, left(f.nces_id, 2)) AS e;

    DELETE FROM lct_current_runs;
    INSERT INTO lct_current_runs (school_year, run_id) SELECT school_year, run_id FROM latest_successful_runs;

    DELETE FROM lct_qa_scopes;
    DELETE FROM lct_qa_states;
    DELETE FROM lct_summary_stats;
    FOR v_year IN SELECT school_year FROM latest_successful_runs LOOP
        PERFORM refresh_lct_qa(v_year, NULL);
        PERFORM refresh_lct_summary(v_year);
    END LOOP;
    RETURN v_rows;
END $$;
COMMENT ON FUNCTION rebuild_lct_current() IS 'Rebuilds lct_current, lct_current_input_buckets (digests and fingerprints), lct_current_runs, the QA partials and the summary statistics from the newest successful run of each school year and returns lct_current''s rows; runs keep them current themselves.';
