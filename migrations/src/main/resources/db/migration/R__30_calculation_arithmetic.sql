-- The calculation's arithmetic: exact rounding, the statistics of sorted arrays, LCT bands, the preference of school
-- levels and school-year helpers. Small pure functions that lct_calculate() (R__40) and the views use; the numbers
-- in comments refer to the 18 points of docs/methodology.md. Edited in place (see migrations/README.md).

-- Point 18: Python's round(x, n), i.e. half-even on the exact binary value of the double. A cast to numeric keeps
-- only 15 significant digits and round(numeric) rounds ties away from zero, so both would miss. The double is
-- split into its exact integer mantissa and binary exponent (x = mantissa / 2^s), scaled by 10^n in integers,
-- and the remainder decides. lct_calculate() inlines the same arithmetic (a function call per row costs more than
-- the whole calculation); this function is the readable reference and the one other callers use.

-- Point 18: Python's round(x, n), i.e. half-even on the exact binary value of the double. A cast to numeric keeps
-- only 15 significant digits and round(numeric) rounds ties away from zero, so both would miss. The double is
-- split into its exact integer mantissa and binary exponent (x = mantissa / 2^s), scaled by 10^n in integers,
-- and the remainder decides. lct_calculate() inlines the same arithmetic (a function call per row costs more than
-- the whole calculation); this function is the readable reference and the one other callers use.
CREATE OR REPLACE FUNCTION round_half_even_exact(x double precision, places integer) RETURNS numeric
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
CREATE OR REPLACE FUNCTION median_of_sorted(sorted double precision[]) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (sorted[(cardinality(sorted) + 1) / 2] + sorted[cardinality(sorted) / 2 + 1]) / 2
$$;
COMMENT ON FUNCTION median_of_sorted(double precision[]) IS 'Median of an ascending array the way numpy computes it: the mean of the two middle values (NULL when empty).';

-- percentile_cont()'s interpolation over an ascending array (NULL when empty), for merged per-state lists.
CREATE OR REPLACE FUNCTION percentile_of_sorted(sorted double precision[], fraction double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sorted[1 + floor(fraction * (cardinality(sorted) - 1))::integer]
           + (sorted[1 + ceil(fraction * (cardinality(sorted) - 1))::integer]
              - sorted[1 + floor(fraction * (cardinality(sorted) - 1))::integer])
             * (fraction * (cardinality(sorted) - 1) - floor(fraction * (cardinality(sorted) - 1)))
$$;
COMMENT ON FUNCTION percentile_of_sorted(double precision[], double precision) IS 'The fraction-th percentile of an ascending array, interpolated as percentile_cont() does; NULL when the array is empty.';

-- The sample standard deviation from exact sums, as stddev_samp() gives it over the values (NULL below two values).
CREATE OR REPLACE FUNCTION stddev_from_sums(total numeric, squares numeric, n bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN n > 1 THEN sqrt((squares - total * total / n) / (n - 1)) END
$$;
COMMENT ON FUNCTION stddev_from_sums(numeric, numeric, bigint) IS 'Sample standard deviation of n values from their exact sum and sum of squares; NULL when n < 2.';

-- Point 16: G1's labels; lower bounds inclusive.
CREATE OR REPLACE FUNCTION lct_category(lct numeric) RETURNS varchar
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
CREATE OR REPLACE FUNCTION level_rank(profile text, level text, elementary_students bigint, middle_students bigint,
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

-- preferred_level() as one expression, so the planner inlines it (as a query with ORDER BY ... LIMIT it ran once per
-- district and cost a sixth of a full run). Same order as level_rank(): the profile's levels, first with students.
CREATE OR REPLACE FUNCTION preferred_level(profile text, elementary_students bigint, middle_students bigint,
                                           high_students bigint, has_grades boolean) RETURNS varchar
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN profile = 'high_first' THEN
                    CASE WHEN NOT has_grades OR coalesce(high_students, 0) > 0 THEN 'high'
                         WHEN coalesce(middle_students, 0) > 0 THEN 'middle'
                         WHEN coalesce(elementary_students, 0) > 0 THEN 'elementary'
                         ELSE 'high' END
                ELSE
                    CASE WHEN NOT has_grades OR coalesce(elementary_students, 0) > 0 THEN 'elementary'
                         WHEN coalesce(middle_students, 0) > 0 THEN 'middle'
                         WHEN coalesce(high_students, 0) > 0 THEN 'high'
                         ELSE 'elementary' END
           END
$$;
COMMENT ON FUNCTION preferred_level(text, bigint, bigint, bigint, boolean) IS 'The school level a district''s minutes should come from under a preference profile (methodology point 2).';

CREATE OR REPLACE FUNCTION school_year_start(year text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT substr(year, 1, 4)::integer $$;
COMMENT ON FUNCTION school_year_start(text) IS 'First calendar year of a school year (2023 for 2023-24).';
