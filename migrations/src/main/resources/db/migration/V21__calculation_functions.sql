-- calculation-service, part 2: the LCT calculation as set-based SQL. One call of lct_calculate() computes every
-- requested scope for every district of a school year (or, incrementally, for the districts whose inputs
-- changed) in one INSERT ... SELECT, with minutes provenance, validity, flags and percentiles.
-- Decisions: docs/methodology.md (the numbers in comments refer to its 18 points).

-- Point 18: Python's round(x, n), i.e. half-even on the exact binary value of the double. A cast to numeric keeps
-- only 15 significant digits and round(numeric) rounds ties away from zero, so both would miss. The double is
-- split into its exact integer mantissa and binary exponent (x = mantissa / 2^s), scaled by 10^n in integers,
-- and the remainder decides. lct_calculate() inlines the same arithmetic (a function call per row costs more than
-- the whole calculation); this function is the readable reference and the one other callers use.
CREATE FUNCTION round_half_even_exact(x double precision, places integer) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    bits     bigint;
    scaled   bigint;
    shift    integer;
    quotient bigint;
    rest     bigint;
    half     bigint;
BEGIN
    IF x IS NULL OR x <> x OR x IN ('Infinity', '-Infinity') THEN
        RETURN NULL;
    END IF;
    IF places NOT BETWEEN 0 AND 3 THEN
        RAISE EXCEPTION 'round_half_even_exact supports 0 to 3 decimals, not %', places;
    END IF;
    IF abs(x) < 1e-300 THEN
        RETURN round(0::numeric, places);
    END IF;
    bits := ('x' || encode(float8send(abs(x)), 'hex'))::bit(64)::bigint;
    scaled := ((bits & 4503599627370495) | 4503599627370496) * (10 ^ places)::bigint;
    shift := 1075 - ((bits >> 52) & 2047)::integer;
    IF shift >= 63 THEN
        quotient := 0;
    ELSIF shift <= 0 THEN
        RETURN round(sign(x)::numeric * ((bits & 4503599627370495) | 4503599627370496)::numeric
                     * power(2::numeric, -shift), places);
    ELSE
        quotient := scaled >> shift;
        rest := scaled & ((1::bigint << shift) - 1);
        half := 1::bigint << (shift - 1);
        IF rest > half OR (rest = half AND quotient & 1 = 1) THEN
            quotient := quotient + 1;
        END IF;
    END IF;
    RETURN round(sign(x)::numeric * quotient / (10 ^ places)::numeric, places);
END $$;
COMMENT ON FUNCTION round_half_even_exact(double precision, integer) IS 'Rounds a double to 0..3 decimals half-even on its exact binary value, as Python''s round() does (methodology point 18).';

-- numpy's median: the mean of the two middle values, (a + b) / 2 on float8. percentile_cont(0.5) computes
-- a + (b - a) * 0.5, which differs in the last bit often enough to flip a rounded state median.
CREATE FUNCTION median_of_sorted(sorted double precision[]) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (sorted[(cardinality(sorted) + 1) / 2] + sorted[cardinality(sorted) / 2 + 1]) / 2
$$;
COMMENT ON FUNCTION median_of_sorted(double precision[]) IS 'Median of an ascending array the way numpy computes it: the mean of the two middle values (NULL when empty).';

-- Point 16: G1's labels; lower bounds inclusive.
CREATE FUNCTION lct_category(lct numeric) RETURNS varchar
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN lct IS NULL OR lct = 0 THEN 'Unknown'
                WHEN lct < 15 THEN 'Very Low (<15 min)'
                WHEN lct < 20 THEN 'Low (15-20 min)'
                WHEN lct < 25 THEN 'Moderate (20-25 min)'
                WHEN lct < 30 THEN 'High (25-30 min)'
                ELSE 'Very High (>30 min)' END;
$$;
COMMENT ON FUNCTION lct_category(numeric) IS 'LCT band label (methodology point 16): Unknown for NULL or 0, then <15, <20, <25, <30, else Very High.';

-- Point 2: which school level a row's minutes should come from. Levels where the district has no students (when
-- its grade enrollment is known) go last.
CREATE FUNCTION level_rank(profile text, level text, elementary_students bigint, middle_students bigint,
                           high_students bigint, has_grades boolean) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE profile WHEN 'high_first' THEN CASE level WHEN 'high' THEN 1 WHEN 'middle' THEN 2 ELSE 3 END
                        ELSE CASE level WHEN 'elementary' THEN 1 WHEN 'middle' THEN 2 ELSE 3 END END
         + CASE WHEN NOT has_grades THEN 0
                WHEN coalesce(CASE level WHEN 'elementary' THEN elementary_students
                                         WHEN 'middle' THEN middle_students
                                         ELSE high_students END, 0) > 0 THEN 0
                ELSE 10 END;
$$;
COMMENT ON FUNCTION level_rank(text, text, bigint, bigint, bigint, boolean) IS 'Preference of a school level for a district''s minutes (lower is better): the profile''s order, levels without students last (methodology point 2).';

CREATE FUNCTION preferred_level(profile text, elementary_students bigint, middle_students bigint,
                                high_students bigint, has_grades boolean) RETURNS varchar
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT level FROM unnest(ARRAY['elementary', 'middle', 'high']) AS level
    ORDER BY level_rank(profile, level, elementary_students, middle_students, high_students, has_grades)
    LIMIT 1;
$$;
COMMENT ON FUNCTION preferred_level(text, bigint, bigint, bigint, boolean) IS 'The school level a district''s minutes should come from under a preference profile (methodology point 2).';

CREATE FUNCTION school_year_start(year text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT substr(year, 1, 4)::integer $$;
COMMENT ON FUNCTION school_year_start(text) IS 'First calendar year of a school year (2023 for 2023-24).';

-- The run. Fingerprints every district of the year (point 12), decides which to recompute, computes them and
-- copies the others from the previous run, all in the caller's transaction: the caller commits the rows together
-- with the run's status, so nobody ever sees half a run.
CREATE FUNCTION lct_calculate(p_run_id bigint, p_school_year text, p_scopes text[], p_reference_g1 boolean,
                              p_default_minutes integer, p_previous_run_id bigint, p_incremental boolean)
RETURNS TABLE (input_hash text, no_changes boolean, districts_calculated integer,
               districts_carried_forward integer, result_rows integer)
LANGUAGE plpgsql
-- the run sorts wide rows for its window functions; 4 MB would spill them to disk
SET work_mem = '64MB'
AS $$
DECLARE
    v_parameters text := format('lct-v1|%s|%s|%s|%s', p_school_year,
                                (SELECT string_agg(s, ',' ORDER BY s) FROM unnest(p_scopes) AS s),
                                p_reference_g1, p_default_minutes);
    v_previous_hash text;
    v_rows integer;
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS lct_run_fingerprints (
        nces_id     text PRIMARY KEY,
        fingerprint bytea   NOT NULL,
        changed     boolean NOT NULL
    ) ON COMMIT DELETE ROWS;
    DELETE FROM lct_run_fingerprints;

    -- format() renders NULL as '' in a fixed position, so "missing" and "empty" never collide across fields.
    INSERT INTO lct_run_fingerprints (nces_id, fingerprint, changed)
    WITH staff AS (
        SELECT nces_id, string_agg(category || '=' || fte, ',' ORDER BY category) AS v
        FROM staff_counts WHERE school_year = p_school_year GROUP BY nces_id
    ), enrollment AS (
        SELECT nces_id, string_agg(grade || '=' || students, ',' ORDER BY grade) AS v
        FROM enrollment_by_grade WHERE school_year = p_school_year GROUP BY nces_id
    ), bells AS (
        SELECT nces_id, string_agg(format('%s:%s:%s:%s:%s:%s', id, school_year, grade_level, instructional_minutes,
                                          confidence, method), ',' ORDER BY id) AS v
        FROM bell_schedules GROUP BY nces_id
    ), requirements AS (
        SELECT state_code, string_agg(format('%s:%s:%s', grade_level, valid_from_year, daily_minutes), ','
                                      ORDER BY grade_level, valid_from_year) AS v
        FROM state_requirements GROUP BY state_code
    ), fingerprints AS (
        SELECT d.nces_id,
               sha256(convert_to(format('%s|%s|%s|%s|%s|%s|%s|%s|%s', v_parameters, d.state_code, d.enrollment,
                                        d.instructional_staff_fte, d.is_shared_service, s.v, e.v, b.v, r.v),
                                 'UTF8')) AS fingerprint
        FROM districts d
        LEFT JOIN staff s ON s.nces_id = d.nces_id
        LEFT JOIN enrollment e ON e.nces_id = d.nces_id
        LEFT JOIN bells b ON b.nces_id = d.nces_id
        LEFT JOIN requirements r ON r.state_code = d.state_code
        WHERE d.school_year = p_school_year
    ), previous AS (
        SELECT DISTINCT ON (c.nces_id) c.nces_id, c.input_fingerprint
        FROM lct_calculations c
        WHERE c.run_id = p_previous_run_id
        ORDER BY c.nces_id
    )
    SELECT f.nces_id, f.fingerprint,
           NOT p_incremental OR p.input_fingerprint IS DISTINCT FROM f.fingerprint
    FROM fingerprints f
    LEFT JOIN previous p ON p.nces_id = f.nces_id;

    SELECT encode(sha256(convert_to(v_parameters || '|', 'UTF8')
                         || string_agg(convert_to(f.nces_id, 'UTF8') || f.fingerprint, ''::bytea ORDER BY f.nces_id)), 'hex')
    INTO input_hash
    FROM lct_run_fingerprints f;
    IF input_hash IS NULL THEN
        RAISE EXCEPTION 'no districts for school year %', p_school_year USING ERRCODE = 'no_data_found';
    END IF;

    IF p_incremental AND p_previous_run_id IS NOT NULL THEN
        SELECT r.input_hash INTO v_previous_hash FROM calculation_runs r WHERE r.id = p_previous_run_id;
        IF v_previous_hash = input_hash THEN
            no_changes := true;
            districts_calculated := 0;
            districts_carried_forward := 0;
            result_rows := 0;
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;

    INSERT INTO lct_calculations (run_id, nces_id, school_year, staff_scope, instructional_minutes, minutes_source,
                                  minutes_grade_level, bell_schedule_id, minutes_tier, minutes_school_year, staff_fte,
                                  enrollment, enrollment_basis, lct_minutes, lct_hours, student_teacher_ratio,
                                  lct_percentile, lct_category, is_valid, qa_flags, input_fingerprint)
    WITH changed AS (
        SELECT f.nces_id, f.fingerprint FROM lct_run_fingerprints f WHERE f.changed
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
        SELECT t.nces_id, t.school_year, t.fingerprint, sc.code AS staff_scope, sc.enrollment_basis,
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
               count(*) FILTER (WHERE c.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                        'instructional_plus_support', 'all'))
                   OVER (PARTITION BY c.nces_id) AS base_scopes,
               min(c.staff) FILTER (WHERE c.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                            'instructional_plus_support', 'all'))
                   OVER (PARTITION BY c.nces_id) AS base_min,
               max(c.staff) FILTER (WHERE c.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                            'instructional_plus_support', 'all'))
                   OVER (PARTITION BY c.nces_id) AS base_max,
               max(c.staff) FILTER (WHERE c.staff_scope = 'teachers_only') OVER (PARTITION BY c.nces_id) AS only_staff,
               max(c.staff) FILTER (WHERE c.staff_scope = 'all') OVER (PARTITION BY c.nces_id) AS all_staff
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
                   CASE WHEN j.base_scopes = 5 AND j.base_min = j.base_max
                             AND j.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                   'instructional_plus_support', 'all') THEN 'ERR_FLAT_STAFF' END,
                   CASE WHEN j.enrollment > 0 AND j.staff::double precision / j.enrollment > 0.5 THEN 'ERR_IMPOSSIBLE_SSR' END,
                   CASE WHEN j.lct > j.minutes THEN 'ERR_LCT_EXCEEDS_MINUTES' END,
                   CASE WHEN j.lct = 0 AND j.staff > 0 AND j.enrollment > 0 THEN 'ERR_LCT_ZERO' END,
                   CASE WHEN j.enrollment = 0 THEN 'ERR_NO_ENROLLMENT' END,
                   CASE WHEN j.staff = 0 THEN 'ERR_NO_STAFF' END,
                   CASE WHEN j.base_scopes = 5 AND j.only_staff > 0 AND j.all_staff > 0
                             AND abs(j.only_staff - j.all_staff) < 0.01
                             AND j.staff_scope IN ('teachers_only', 'teachers_core', 'instructional',
                                                   'instructional_plus_support', 'all') THEN 'ERR_RATIO_CEILING' END,
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
               j.fingerprint
        FROM judged j
    ), carried AS (
        SELECT c.nces_id, c.school_year, c.staff_scope, c.instructional_minutes::integer, c.minutes_source, c.minutes_grade_level,
               c.bell_schedule_id, c.minutes_tier::integer, c.minutes_school_year::text, c.staff_fte, c.enrollment,
               c.enrollment_basis, c.lct_minutes, c.lct_hours, c.student_teacher_ratio, c.lct_category, c.is_valid,
               c.qa_flags, c.input_fingerprint
        FROM lct_calculations c
        JOIN lct_run_fingerprints f ON f.nces_id = c.nces_id AND NOT f.changed
        WHERE c.run_id = p_previous_run_id AND c.staff_scope = ANY (p_scopes)
    ), all_rows AS (
        SELECT f.nces_id, f.school_year, f.staff_scope, f.minutes, f.source, f.grade_level, f.bell_schedule_id, f.tier,
               f.minutes_year, f.staff, f.enrollment, f.enrollment_basis, f.lct, f.hours, f.ratio, f.category,
               f.is_valid, f.flags, f.fingerprint
        FROM fresh f
        UNION ALL
        SELECT * FROM carried
    ), ranked AS (
        -- point 16: G1 ranks every row with a value; the default mode ranks the valid rows of each scope
        SELECT a.*,
               CASE WHEN p_reference_g1 THEN a.lct IS NOT NULL ELSE coalesce(a.is_valid, false) END AS in_population
        FROM all_rows a
    )
    SELECT p_run_id, r.nces_id, r.school_year, r.staff_scope, r.minutes, r.source, r.grade_level, r.bell_schedule_id,
           r.tier, r.minutes_year, r.staff, r.enrollment, r.enrollment_basis, r.lct, r.hours, r.ratio,
           CASE WHEN r.in_population THEN
               round((((rank() OVER by_value + (count(*) OVER ties - 1) / 2.0)::double precision
                       / (count(*) OVER population)::double precision) * 100) * 10) / 10 END,
           r.category, r.is_valid, r.flags, r.fingerprint
    FROM ranked r
    WINDOW by_value AS (PARTITION BY r.staff_scope, r.in_population ORDER BY r.lct),
           ties AS (PARTITION BY r.staff_scope, r.in_population, r.lct),
           population AS (PARTITION BY r.staff_scope, r.in_population);
    GET DIAGNOSTICS v_rows = ROW_COUNT;

    no_changes := false;
    result_rows := v_rows;
    -- a district's fingerprint is stored on its rows, so every district of the year has rows (point 17)
    SELECT count(*) FILTER (WHERE f.changed), count(*) FILTER (WHERE NOT f.changed)
    INTO districts_calculated, districts_carried_forward
    FROM lct_run_fingerprints f;
    RETURN NEXT;
END $$;
COMMENT ON FUNCTION lct_calculate(bigint, text, text[], boolean, integer, bigint, boolean) IS 'Computes a run''s results set-based into lct_calculations (full, or incremental against p_previous_run_id) and returns its input hash and counts; the caller''s transaction commits them with the run status.';

-- After a run only the views over results change; the coverage views follow bell schedules and districts, which a
-- run does not touch, so refreshing them too would double the refresh for nothing.
CREATE FUNCTION refresh_result_views() RETURNS TABLE (refreshed_view text, took_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
BEGIN
    FOREACH refreshed_view IN ARRAY ARRAY['mv_districts_with_lct', 'mv_lct_summary_stats'] LOOP
        started := clock_timestamp();
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', refreshed_view);
        took_ms := round(extract(epoch FROM clock_timestamp() - started) * 1000);
        INSERT INTO materialized_view_refreshes (view_name, refreshed_at, duration_ms)
        VALUES (refreshed_view, clock_timestamp(), took_ms)
        ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms;
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION refresh_result_views() IS 'Refreshes CONCURRENTLY the two materialized views over calculation results (mv_districts_with_lct, mv_lct_summary_stats) and records when; what a run calls after it commits.';
