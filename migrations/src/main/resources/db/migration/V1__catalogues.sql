-- Catalogues every other table leans on: value domains, jurisdictions and the controlled vocabularies.
-- Vocabularies are lookup tables (not CHECK lists) so that one catalogue serves the database, the API
-- metadata endpoint and the importers, and legacy spellings map onto it in one place (the *_aliases tables).

-- Value domains: one definition of each format and plausibility range, used by every column that holds it.
-- They sit on text, not varchar(n), so that a value of the wrong length is refused by the named format rule.
CREATE DOMAIN nces_lea_id AS text
    CONSTRAINT nces_lea_id_format CHECK (VALUE ~ '^[0-9]{7}$');
COMMENT ON DOMAIN nces_lea_id IS 'NCES local education agency id: exactly 7 digits, zero-padded (0622710); the first two digits are the state FIPS code.';

-- CASE keeps the integer casts away from strings that do not match the pattern.
CREATE DOMAIN school_year AS text
    CONSTRAINT school_year_format CHECK (
        CASE WHEN VALUE ~ '^(19|20)[0-9]{2}-[0-9]{2}$'
             THEN substr(VALUE, 6, 2)::int = (substr(VALUE, 1, 4)::int + 1) % 100
             ELSE false END);
COMMENT ON DOMAIN school_year IS 'School year as YYYY-YY where YY is the year after YYYY (2023-24).';

-- The one plausibility range for daily instructional minutes (bell schedules, state requirements, results).
-- 120..480 is the reference data's own validation range (2 to 8 hours); atypical values inside it are flagged by QA, not refused.
CREATE DOMAIN instructional_minutes AS integer
    CONSTRAINT instructional_minutes_plausible CHECK (VALUE BETWEEN 120 AND 480);
COMMENT ON DOMAIN instructional_minutes IS 'Daily instructional minutes, refused outside 120..480 (2 to 8 hours a day).';

CREATE DOMAIN sha256_hex AS char(64)
    CONSTRAINT sha256_hex_format CHECK (VALUE ~ '^[0-9a-f]{64}$');
COMMENT ON DOMAIN sha256_hex IS 'SHA-256 digest as 64 lower-case hex characters.';

CREATE TABLE states (
    code              char(2)     PRIMARY KEY CONSTRAINT states_code_format CHECK (code ~ '^[A-Z]{2}$'),
    name              varchar(64) NOT NULL CONSTRAINT states_name_unique UNIQUE,
    fips              char(2)     NOT NULL CONSTRAINT states_fips_unique UNIQUE
                                  CONSTRAINT states_fips_format CHECK (fips ~ '^[0-9]{2}$'),
    jurisdiction_type varchar(16) NOT NULL CONSTRAINT states_jurisdiction_type_known
                                  CHECK (jurisdiction_type IN ('state', 'federal_district', 'territory', 'bureau')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    -- target of the districts foreign key that ties an NCES id's FIPS prefix to its state
    CONSTRAINT states_code_fips_unique UNIQUE (code, fips)
);
COMMENT ON TABLE states IS 'Jurisdictions that report to NCES: the 50 states, DC, the five inhabited territories and the Bureau of Indian Education.';
COMMENT ON COLUMN states.code IS 'USPS two-letter code as NCES uses it (BI for the Bureau of Indian Education).';
COMMENT ON COLUMN states.name IS 'Full name.';
COMMENT ON COLUMN states.fips IS 'Two-digit FIPS code; the first two digits of every NCES LEA id in the jurisdiction.';
COMMENT ON COLUMN states.jurisdiction_type IS 'state, federal_district (DC), territory, or bureau (BIE).';
COMMENT ON COLUMN states.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN states.updated_at IS 'When the row last changed.';

INSERT INTO states (code, name, fips, jurisdiction_type) VALUES
    ('AL', 'Alabama', '01', 'state'), ('AK', 'Alaska', '02', 'state'), ('AZ', 'Arizona', '04', 'state'),
    ('AR', 'Arkansas', '05', 'state'), ('CA', 'California', '06', 'state'), ('CO', 'Colorado', '08', 'state'),
    ('CT', 'Connecticut', '09', 'state'), ('DE', 'Delaware', '10', 'state'), ('DC', 'District of Columbia', '11', 'federal_district'),
    ('FL', 'Florida', '12', 'state'), ('GA', 'Georgia', '13', 'state'), ('HI', 'Hawaii', '15', 'state'),
    ('ID', 'Idaho', '16', 'state'), ('IL', 'Illinois', '17', 'state'), ('IN', 'Indiana', '18', 'state'),
    ('IA', 'Iowa', '19', 'state'), ('KS', 'Kansas', '20', 'state'), ('KY', 'Kentucky', '21', 'state'),
    ('LA', 'Louisiana', '22', 'state'), ('ME', 'Maine', '23', 'state'), ('MD', 'Maryland', '24', 'state'),
    ('MA', 'Massachusetts', '25', 'state'), ('MI', 'Michigan', '26', 'state'), ('MN', 'Minnesota', '27', 'state'),
    ('MS', 'Mississippi', '28', 'state'), ('MO', 'Missouri', '29', 'state'), ('MT', 'Montana', '30', 'state'),
    ('NE', 'Nebraska', '31', 'state'), ('NV', 'Nevada', '32', 'state'), ('NH', 'New Hampshire', '33', 'state'),
    ('NJ', 'New Jersey', '34', 'state'), ('NM', 'New Mexico', '35', 'state'), ('NY', 'New York', '36', 'state'),
    ('NC', 'North Carolina', '37', 'state'), ('ND', 'North Dakota', '38', 'state'), ('OH', 'Ohio', '39', 'state'),
    ('OK', 'Oklahoma', '40', 'state'), ('OR', 'Oregon', '41', 'state'), ('PA', 'Pennsylvania', '42', 'state'),
    ('RI', 'Rhode Island', '44', 'state'), ('SC', 'South Carolina', '45', 'state'), ('SD', 'South Dakota', '46', 'state'),
    ('TN', 'Tennessee', '47', 'state'), ('TX', 'Texas', '48', 'state'), ('UT', 'Utah', '49', 'state'),
    ('VT', 'Vermont', '50', 'state'), ('VA', 'Virginia', '51', 'state'), ('WA', 'Washington', '53', 'state'),
    ('WV', 'West Virginia', '54', 'state'), ('WI', 'Wisconsin', '55', 'state'), ('WY', 'Wyoming', '56', 'state'),
    ('BI', 'Bureau of Indian Education', '59', 'bureau'),
    ('AS', 'American Samoa', '60', 'territory'), ('GU', 'Guam', '66', 'territory'),
    ('MP', 'Northern Mariana Islands', '69', 'territory'), ('PR', 'Puerto Rico', '72', 'territory'),
    ('VI', 'U.S. Virgin Islands', '78', 'territory');

CREATE TABLE school_levels (
    code          varchar(16) PRIMARY KEY,
    label         varchar(64) NOT NULL,
    lowest_grade  varchar(2)  NOT NULL,
    highest_grade varchar(2)  NOT NULL,
    sort_order    smallint    NOT NULL CONSTRAINT school_levels_sort_order_unique UNIQUE
);
COMMENT ON TABLE school_levels IS 'The three school levels that bell schedules and state requirements are given for.';
COMMENT ON COLUMN school_levels.code IS 'elementary, middle or high.';
COMMENT ON COLUMN school_levels.label IS 'Human-readable name.';
COMMENT ON COLUMN school_levels.lowest_grade IS 'Lowest grade of the level (grades.code).';
COMMENT ON COLUMN school_levels.highest_grade IS 'Highest grade of the level (grades.code).';
COMMENT ON COLUMN school_levels.sort_order IS 'Display order, youngest first.';
INSERT INTO school_levels (code, label, lowest_grade, highest_grade, sort_order) VALUES
    ('elementary', 'Elementary (K-5)', 'KG', '05', 1),
    ('middle', 'Middle (6-8)', '06', '08', 2),
    ('high', 'High (9-12)', '09', '12', 3);

CREATE TABLE grades (
    code         varchar(2)  PRIMARY KEY,
    label        varchar(32) NOT NULL,
    school_level varchar(16) REFERENCES school_levels,
    is_k12       boolean     NOT NULL,
    sort_order   smallint    NOT NULL CONSTRAINT grades_sort_order_unique UNIQUE
);
COMMENT ON TABLE grades IS 'NCES CCD grade codes used by enrollment_by_grade.';
COMMENT ON COLUMN grades.code IS 'NCES grade code: PK, KG, 01..13, UG (ungraded), AE (adult education).';
COMMENT ON COLUMN grades.label IS 'Human-readable name.';
COMMENT ON COLUMN grades.school_level IS 'School level the grade belongs to; NULL for pre-K, grade 13, ungraded and adult education.';
COMMENT ON COLUMN grades.is_k12 IS 'True for kindergarten through grade 12.';
COMMENT ON COLUMN grades.sort_order IS 'Display order.';
INSERT INTO grades (code, label, school_level, is_k12, sort_order) VALUES
    ('PK', 'Pre-kindergarten', NULL, false, 0), ('KG', 'Kindergarten', 'elementary', true, 1),
    ('01', 'Grade 1', 'elementary', true, 2), ('02', 'Grade 2', 'elementary', true, 3),
    ('03', 'Grade 3', 'elementary', true, 4), ('04', 'Grade 4', 'elementary', true, 5),
    ('05', 'Grade 5', 'elementary', true, 6), ('06', 'Grade 6', 'middle', true, 7),
    ('07', 'Grade 7', 'middle', true, 8), ('08', 'Grade 8', 'middle', true, 9),
    ('09', 'Grade 9', 'high', true, 10), ('10', 'Grade 10', 'high', true, 11),
    ('11', 'Grade 11', 'high', true, 12), ('12', 'Grade 12', 'high', true, 13),
    ('13', 'Grade 13', NULL, false, 14), ('UG', 'Ungraded', NULL, false, 15),
    ('AE', 'Adult education', NULL, false, 16);
ALTER TABLE school_levels
    ADD CONSTRAINT school_levels_lowest_grade_fkey FOREIGN KEY (lowest_grade) REFERENCES grades,
    ADD CONSTRAINT school_levels_highest_grade_fkey FOREIGN KEY (highest_grade) REFERENCES grades;

CREATE TABLE staff_categories (
    code        varchar(40)  PRIMARY KEY,
    nces_label  varchar(80)  NOT NULL CONSTRAINT staff_categories_nces_label_unique UNIQUE,
    staff_group varchar(24)  NOT NULL CONSTRAINT staff_categories_group_known
                             CHECK (staff_group IN ('teachers', 'instructional_support', 'student_support', 'administration', 'other', 'total')),
    is_subtotal boolean      NOT NULL,
    description varchar(400) NOT NULL
);
COMMENT ON TABLE staff_categories IS 'NCES CCD LEA staff categories (file 059) that staff_counts are reported in.';
COMMENT ON COLUMN staff_categories.code IS 'Stable snake_case code used in staff_counts.category.';
COMMENT ON COLUMN staff_categories.nces_label IS 'The STAFF value in the NCES CCD LEA staff file that the importer maps onto this code.';
COMMENT ON COLUMN staff_categories.staff_group IS 'teachers, instructional_support, student_support, administration, other, or total for NCES aggregates.';
COMMENT ON COLUMN staff_categories.is_subtotal IS 'True when NCES reports the category as a sum of other categories; summing it with its parts double-counts.';
COMMENT ON COLUMN staff_categories.description IS 'What the category counts.';
INSERT INTO staff_categories (code, nces_label, staff_group, is_subtotal, description) VALUES
    ('teachers_prek', 'Pre-kindergarten Teachers', 'teachers', false, 'Teachers of pre-kindergarten classes (FTE).'),
    ('teachers_kindergarten', 'Kindergarten Teachers', 'teachers', false, 'Teachers of kindergarten classes (FTE).'),
    ('teachers_elementary', 'Elementary Teachers', 'teachers', false, 'Teachers of grades 1-6 or 1-8 as the state reports them (FTE).'),
    ('teachers_secondary', 'Secondary Teachers', 'teachers', false, 'Teachers of grades 7-12 or 9-12 as the state reports them (FTE).'),
    ('teachers_ungraded', 'Ungraded Teachers', 'teachers', false, 'Teachers of ungraded classes (FTE).'),
    ('teachers_total', 'Teachers', 'total', true, 'All teachers, pre-K and ungraded included (FTE); the NCES derived total.'),
    ('paraprofessionals', 'Paraprofessionals/Instructional Aides', 'instructional_support', false, 'Instructional aides and paraprofessionals (FTE).'),
    ('instructional_coordinators', 'Instructional Coordinators and Supervisors to the Staff', 'instructional_support', false, 'Staff who supervise instruction and curriculum (FTE).'),
    ('librarians', 'Librarians/media specialists', 'instructional_support', false, 'Librarians and media specialists (FTE).'),
    ('library_support', 'Library/Media Support Staff', 'instructional_support', false, 'Library and media support staff (FTE).'),
    ('counselors_elementary', 'Elementary School Counselors', 'student_support', false, 'Guidance counselors in elementary schools (FTE).'),
    ('counselors_secondary', 'Secondary School Counselors', 'student_support', false, 'Guidance counselors in secondary schools (FTE).'),
    ('counselors_total', 'School Counselors', 'student_support', true, 'All school counselors (FTE).'),
    ('psychologists', 'School Psychologists', 'student_support', false, 'School psychologists (FTE).'),
    ('student_support_services', 'Student Support Services Staff (w/o Psychology)', 'student_support', false, 'Attendance, social work, health and other student support staff, psychologists excluded (FTE).'),
    ('lea_administrators', 'LEA Administrators', 'administration', false, 'District-level administrators (FTE).'),
    ('lea_admin_support', 'LEA Administrative Support Staff', 'administration', false, 'District-level administrative support staff (FTE).'),
    ('school_administrators', 'School Administrators', 'administration', false, 'Principals and assistant principals (FTE).'),
    ('school_admin_support', 'School Administrative Support Staff', 'administration', false, 'School-level administrative support staff (FTE).'),
    ('other_support_staff', 'All Other Support Staff', 'other', false, 'Support staff in no other category (FTE).');

CREATE TABLE staff_scopes (
    code             varchar(32)  PRIMARY KEY,
    label            varchar(64)  NOT NULL,
    enrollment_basis varchar(24)  NOT NULL CONSTRAINT staff_scopes_enrollment_basis_known
                                  CHECK (enrollment_basis IN ('k12', 'elementary', 'secondary', 'gened', 'sped_self_contained', 'total')),
    definition       varchar(600) NOT NULL,
    sort_order       smallint     NOT NULL CONSTRAINT staff_scopes_sort_order_unique UNIQUE,
    nested_rank      smallint     CONSTRAINT staff_scopes_nested_rank_unique UNIQUE
                                  CONSTRAINT staff_scopes_nested_rank_positive CHECK (nested_rank > 0)
);
COMMENT ON TABLE staff_scopes IS 'Staff scopes an LCT value can be computed for: whose FTE is counted and which students divide it (methodology section 2).';
COMMENT ON COLUMN staff_scopes.code IS 'Stable scope code used in results and in the API.';
COMMENT ON COLUMN staff_scopes.label IS 'Human-readable name.';
COMMENT ON COLUMN staff_scopes.enrollment_basis IS 'Which enrollment divides the staff: k12 (KG-12), elementary (K-5), secondary (6-12), gened, sped_self_contained, or total (the NCES education unit total, pre-K included).';
COMMENT ON COLUMN staff_scopes.definition IS 'Which staff are counted, in words.';
COMMENT ON COLUMN staff_scopes.sort_order IS 'Display order, narrowest first.';
COMMENT ON COLUMN staff_scopes.nested_rank IS 'Position in the chain of nested base scopes, each counting the staff of the one before and more (1 teachers_only .. 5 all); NULL outside the chain. The flags ERR_FLAT_STAFF and ERR_RATIO_CEILING compare a district''s staff along it.';
INSERT INTO staff_scopes (code, label, enrollment_basis, definition, sort_order, nested_rank) VALUES
    ('teachers_only', 'LCT-Teachers', 'k12', 'Kindergarten, elementary and secondary teachers; no pre-K, no ungraded.', 1, 1),
    ('teachers_elementary', 'LCT-Elementary', 'elementary', 'Kindergarten and elementary teachers over K-5 enrollment.', 2, NULL),
    ('teachers_secondary', 'LCT-Secondary', 'secondary', 'Secondary teachers over grades 6-12 enrollment.', 3, NULL),
    ('teachers_core', 'LCT-Core', 'k12', 'Teachers of the teachers_only scope plus ungraded teachers.', 4, 2),
    ('instructional', 'LCT-Instructional', 'k12', 'Core teachers plus instructional coordinators and paraprofessionals.', 5, 3),
    ('instructional_plus_support', 'LCT-Support', 'k12', 'Instructional staff plus counselors, psychologists and student support services.', 6, 4),
    ('all', 'LCT-All', 'k12', 'Every reported staff category except pre-K teachers and NCES subtotals.', 7, 5),
    ('teachers_gened', 'LCT-GenEd', 'gened', 'Estimated general-education teachers over general-education enrollment.', 8, NULL),
    ('core_sped', 'LCT-SPED Core', 'sped_self_contained', 'Estimated special-education teachers over self-contained special-education enrollment.', 9, NULL),
    ('instructional_sped', 'LCT-SPED Instructional', 'sped_self_contained', 'Estimated special-education teachers and paraprofessionals over self-contained special-education enrollment.', 10, NULL),
    -- the NCES derived totals: the only scope the districts file's own columns support, and the scope of the
    -- reference's published G1 dataset
    ('teachers_total', 'LCT-Teachers (NCES total)', 'total',
     'All teachers as NCES totals them, pre-K and ungraded included, over total enrollment (pre-K included): the districts file''s own columns and the scope of the reference''s published 2023-24 dataset.', 11, NULL);

CREATE TABLE staff_scope_members (
    staff_scope varchar(32) NOT NULL REFERENCES staff_scopes,
    category    varchar(40) NOT NULL REFERENCES staff_categories,
    PRIMARY KEY (staff_scope, category)
);
COMMENT ON TABLE staff_scope_members IS 'Which staff categories a scope sums (methodology section 2.2); the calculation reads it, so a scope''s definition lives in one place.';
COMMENT ON COLUMN staff_scope_members.staff_scope IS 'Staff scope (staff_scopes.code).';
COMMENT ON COLUMN staff_scope_members.category IS 'Staff category counted in the scope (staff_categories.code).';
INSERT INTO staff_scope_members (staff_scope, category)
SELECT scope, unnest(categories) FROM (VALUES
    ('teachers_only', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary']),
    ('teachers_elementary', ARRAY['teachers_kindergarten', 'teachers_elementary']),
    ('teachers_secondary', ARRAY['teachers_secondary']),
    ('teachers_core', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary', 'teachers_ungraded']),
    ('instructional', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary', 'teachers_ungraded',
                            'instructional_coordinators', 'paraprofessionals']),
    ('instructional_plus_support', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary', 'teachers_ungraded',
                            'instructional_coordinators', 'paraprofessionals',
                            'counselors_total', 'psychologists', 'student_support_services']),
    ('all', ARRAY['teachers_kindergarten', 'teachers_elementary', 'teachers_secondary', 'teachers_ungraded',
                  'instructional_coordinators', 'paraprofessionals', 'librarians', 'library_support',
                  'counselors_total', 'psychologists', 'student_support_services',
                  'lea_administrators', 'lea_admin_support', 'school_administrators', 'school_admin_support',
                  'other_support_staff']),
    ('teachers_total', ARRAY['teachers_total'])
) AS scopes(scope, categories);

-- The QA report's hierarchy checks (methodology 3.4): a wider scope counts more staff over the same or fewer students,
-- so its mean LCT should be higher.
CREATE TABLE staff_scope_hierarchy_checks (
    label        varchar(64) PRIMARY KEY,
    lower_scope  varchar(32) NOT NULL REFERENCES staff_scopes,
    higher_scope varchar(32) NOT NULL REFERENCES staff_scopes,
    sort_order   smallint    NOT NULL CONSTRAINT staff_scope_hierarchy_checks_sort_order_unique UNIQUE,
    CONSTRAINT staff_scope_hierarchy_checks_two_scopes CHECK (lower_scope <> higher_scope)
);
COMMENT ON TABLE staff_scope_hierarchy_checks IS 'Pairs of staff scopes whose mean LCT the QA report compares: the lower scope''s mean must be below the higher scope''s (methodology 3.4).';
COMMENT ON COLUMN staff_scope_hierarchy_checks.label IS 'Name of the check in the QA report (Teachers < Core).';
COMMENT ON COLUMN staff_scope_hierarchy_checks.lower_scope IS 'Scope expected to have the lower mean LCT (staff_scopes.code).';
COMMENT ON COLUMN staff_scope_hierarchy_checks.higher_scope IS 'Scope expected to have the higher mean LCT (staff_scopes.code).';
COMMENT ON COLUMN staff_scope_hierarchy_checks.sort_order IS 'Order in the QA report.';
INSERT INTO staff_scope_hierarchy_checks (label, lower_scope, higher_scope, sort_order) VALUES
    ('Secondary < Overall Teachers', 'teachers_secondary', 'teachers_only', 1),
    ('Teachers < Elementary', 'teachers_only', 'teachers_elementary', 2),
    ('Teachers < Core', 'teachers_only', 'teachers_core', 3),
    ('Core < Instructional', 'teachers_core', 'instructional', 4),
    ('Instructional < Support', 'instructional', 'instructional_plus_support', 5),
    ('Support < All', 'instructional_plus_support', 'all', 6);

-- Where a result's daily minutes came from, best first.
CREATE TABLE minutes_sources (
    code        varchar(20)  PRIMARY KEY,
    label       varchar(64)  NOT NULL,
    description varchar(400) NOT NULL,
    sort_order  smallint     NOT NULL CONSTRAINT minutes_sources_sort_order_unique UNIQUE
);
COMMENT ON TABLE minutes_sources IS 'Where the instructional minutes of a result came from: the one vocabulary for lct_calculations.minutes_source and the read API''s minutes_source filter.';
COMMENT ON COLUMN minutes_sources.code IS 'Code stored in lct_calculations.minutes_source.';
COMMENT ON COLUMN minutes_sources.label IS 'Human-readable name.';
COMMENT ON COLUMN minutes_sources.description IS 'What the source means.';
COMMENT ON COLUMN minutes_sources.sort_order IS 'Order of preference: the calculation takes the first source it has.';
INSERT INTO minutes_sources (code, label, description, sort_order) VALUES
    ('bell_schedule', 'Bell schedule', 'A bell schedule collected for the district (see bell_schedule_id).', 1),
    ('state_requirement', 'State statute', 'The state''s statutory minimum daily instructional time (state_requirements).', 2),
    ('default', 'Default', 'The platform default, used when neither a schedule nor a state requirement exists.', 3);

-- The safeguard flags a result row can carry (methodology point 9). The calculation raises them (R__40); this is
-- what they mean. A test checks that the two agree.
CREATE TABLE qa_flags (
    code        varchar(40)  PRIMARY KEY CONSTRAINT qa_flags_code_format CHECK (code ~ '^(ERR|WARN|INFO)_[A-Z0-9_]+$'),
    severity    varchar(8)   NOT NULL CONSTRAINT qa_flags_severity_known CHECK (severity IN ('error', 'warning', 'info')),
    description varchar(400) NOT NULL,
    CONSTRAINT qa_flags_severity_matches_code CHECK (split_part(code, '_', 1) = CASE severity WHEN 'error' THEN 'ERR'
                                                                                         WHEN 'warning' THEN 'WARN'
                                                                                         ELSE 'INFO' END)
);
COMMENT ON TABLE qa_flags IS 'Safeguard flags a result row can carry (lct_calculations.qa_flags), with their severity and meaning.';
COMMENT ON COLUMN qa_flags.code IS 'Flag code: ERR_* (error), WARN_* (warning) or INFO_* (information).';
COMMENT ON COLUMN qa_flags.severity IS 'error, warning or info, as the code''s prefix says.';
COMMENT ON COLUMN qa_flags.description IS 'What raised the flag, in words.';
INSERT INTO qa_flags (code, severity, description) VALUES
    ('ERR_FLAT_STAFF', 'error', 'All 5 base scopes have identical staff counts (incomplete reporting)'),
    ('ERR_IMPOSSIBLE_SSR', 'error', 'Staff-to-student ratio > 0.5 (more than 1 staff per 2 students)'),
    ('ERR_LCT_EXCEEDS_MINUTES', 'error', 'LCT above the day''s instructional minutes'),
    ('ERR_LCT_ZERO', 'error', 'LCT rounds to 0.00'),
    ('ERR_NO_ENROLLMENT', 'error', 'Enrollment is 0'),
    ('ERR_NO_STAFF', 'error', 'Staff is 0'),
    ('ERR_RATIO_CEILING', 'error', 'Teachers within 0.01 FTE of all staff (incomplete reporting)'),
    ('ERR_SHARED_SERVICE', 'error', 'Shared-service agency: shown, never counted'),
    ('ERR_STAFF_EXCEEDS_ENROLLMENT', 'error', 'More staff than students'),
    ('ERR_VOLATILE', 'error', 'K-12 or total enrollment < 50 (high statistical volatility)'),
    ('INFO_K12_FROM_TOTAL', 'info', 'K-12 enrollment taken from the district total (no grade enrollment)'),
    ('WARN_DEFAULT_MINUTES', 'warning', 'Minutes from the default: no bell schedule and no state requirement'),
    ('WARN_LCT_HIGH', 'warning', 'LCT > 120 minutes for a teachers scope'),
    ('WARN_LCT_LOW', 'warning', 'LCT < 5 minutes (very high enrollment relative to staff)'),
    ('WARN_MINUTES_ATYPICAL', 'warning', 'Minutes outside the typical range of their school level'),
    ('WARN_YEAR_GAP', 'warning', 'Bell schedule 2-3 years from the data year');

CREATE TABLE collection_methods (
    code               varchar(32)  PRIMARY KEY,
    label              varchar(64)  NOT NULL,
    counts_as_enriched boolean      NOT NULL,
    description        varchar(400) NOT NULL
);
COMMENT ON TABLE collection_methods IS 'How a bell schedule''s minutes were obtained: the one vocabulary for bell_schedules.method.';
COMMENT ON COLUMN collection_methods.code IS 'Method code stored in bell_schedules.method.';
COMMENT ON COLUMN collection_methods.label IS 'Human-readable name.';
COMMENT ON COLUMN collection_methods.counts_as_enriched IS 'True when a schedule collected this way counts as real district data; false for the statutory fallback.';
COMMENT ON COLUMN collection_methods.description IS 'What the method means.';
INSERT INTO collection_methods (code, label, counts_as_enriched, description) VALUES
    ('human_provided', 'Collected by a person', true, 'A person read the district''s published schedule and entered it.'),
    ('web_scraping', 'Web page', true, 'Read from a district or school web page.'),
    ('pdf_extraction', 'PDF document', true, 'Read from a published PDF such as a bell schedule or handbook.'),
    ('district_policy', 'District policy', true, 'Taken from board policy or a district-wide standard schedule.'),
    ('school_sample', 'Sample of schools', true, 'Derived from the schedules of a sample of the district''s schools.'),
    ('automated_enrichment', 'Automated pipeline', true, 'Produced by an automated enrichment pipeline without human review.'),
    ('statutory_fallback', 'State statutory minimum', false, 'No schedule was found; the state''s statutory minimum stands in. Not counted as enriched.');

CREATE TABLE collection_method_aliases (
    alias  varchar(48) PRIMARY KEY,
    method varchar(32) NOT NULL REFERENCES collection_methods
);
COMMENT ON TABLE collection_method_aliases IS 'Legacy and external method spellings and the catalogue method each one means; importers map through it.';
COMMENT ON COLUMN collection_method_aliases.alias IS 'The spelling found in an input file.';
COMMENT ON COLUMN collection_method_aliases.method IS 'The catalogue method it maps to.';
INSERT INTO collection_method_aliases (alias, method) VALUES
    ('manual_data_collection', 'human_provided'),
    ('web_search', 'web_scraping'), ('web_scrape_tier1', 'web_scraping'), ('web_scrape_tier2', 'web_scraping'),
    ('pdf_manual', 'pdf_extraction'), ('pdf_automated', 'pdf_extraction'),
    ('district_standardized_schedule', 'district_policy'),
    ('school_specific_schedules', 'school_sample'), ('school_hours_with_estimation', 'school_sample'),
    ('automated', 'automated_enrichment'),
    ('state_statutory', 'statutory_fallback'), ('fallback_statutory', 'statutory_fallback'),
    ('state_requirement_with_validation', 'statutory_fallback');

CREATE TABLE confidence_levels (
    code        varchar(8)   PRIMARY KEY,
    rank        smallint     NOT NULL CONSTRAINT confidence_levels_rank_unique UNIQUE,
    description varchar(400) NOT NULL
);
COMMENT ON TABLE confidence_levels IS 'How far a bell schedule''s minutes can be trusted: the one vocabulary for bell_schedules.confidence.';
COMMENT ON COLUMN confidence_levels.code IS 'high, medium or low.';
COMMENT ON COLUMN confidence_levels.rank IS 'Order for comparisons: higher is more trusted (never compare the codes as text).';
COMMENT ON COLUMN confidence_levels.description IS 'What the level means.';
INSERT INTO confidence_levels (code, rank, description) VALUES
    ('high', 3, 'Read directly from an official, current schedule for the level.'),
    ('medium', 2, 'Derived from partial or representative evidence (a sample of schools, an average of varying days).'),
    ('low', 1, 'Estimated or assumed; statutory fallbacks are low.');

CREATE TABLE confidence_level_aliases (
    alias      varchar(16) PRIMARY KEY,
    confidence varchar(8)  NOT NULL REFERENCES confidence_levels
);
COMMENT ON TABLE confidence_level_aliases IS 'Legacy confidence spellings and the catalogue level each one means.';
COMMENT ON COLUMN confidence_level_aliases.alias IS 'The spelling found in an input file.';
COMMENT ON COLUMN confidence_level_aliases.confidence IS 'The catalogue level it maps to.';
INSERT INTO confidence_level_aliases (alias, confidence) VALUES ('assumed', 'low'), ('statutory', 'low');
