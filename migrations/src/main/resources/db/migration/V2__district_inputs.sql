-- The inputs an LCT value is computed from: districts per school year, their grade-level enrollment and staff,
-- state instructional-time requirements, and bell schedules collected from district websites.
--
-- How several years coexist: an LEA (leas) is one row for ever; everything NCES publishes per year (districts,
-- enrollment_by_grade, staff_counts) is keyed by (nces_id, school_year), so loading 2024-25 adds rows and never
-- overwrites 2023-24. Bell schedules belong to the LEA and carry their own school year, because they are
-- collected for a later year than the newest NCES release.

CREATE TABLE leas (
    nces_id       nces_lea_id PRIMARY KEY,
    registered_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE leas IS 'Every local education agency (district) ever loaded, one row per NCES id whatever the year; the identity bell schedules hang on.';
COMMENT ON COLUMN leas.nces_id IS 'NCES LEA id, 7 digits zero-padded. Re-keying it cascades to every table that references it.';
COMMENT ON COLUMN leas.registered_at IS 'When the first district row with this id was loaded.';

CREATE TABLE districts (
    nces_id                 nces_lea_id   NOT NULL REFERENCES leas ON UPDATE CASCADE,
    school_year             school_year   NOT NULL,
    name                    varchar(255)  NOT NULL CONSTRAINT districts_name_not_blank CHECK (btrim(name) <> ''),
    state_code              char(2)       NOT NULL REFERENCES states,
    state_fips              char(2)       NOT NULL GENERATED ALWAYS AS (left(nces_id, 2)) STORED,
    enrollment              integer       CONSTRAINT districts_enrollment_non_negative CHECK (enrollment >= 0),
    instructional_staff_fte numeric(10,2) CONSTRAINT districts_staff_non_negative CHECK (instructional_staff_fte >= 0),
    is_shared_service       boolean       NOT NULL DEFAULT false,
    source                  varchar(64)   NOT NULL,
    created_at              timestamptz   NOT NULL DEFAULT now(),
    updated_at              timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (nces_id, school_year),
    CONSTRAINT districts_state_matches_nces_id FOREIGN KEY (state_code, state_fips) REFERENCES states (code, fips)
);
CREATE INDEX districts_state_year_idx ON districts (state_code, school_year);
CREATE INDEX districts_year_enrollment_idx ON districts (school_year, enrollment DESC NULLS LAST);
COMMENT ON TABLE districts IS 'A school district (NCES LEA) as NCES reported it for one school year; one row per (nces_id, school_year).';
COMMENT ON COLUMN districts.nces_id IS 'NCES LEA id, 7 digits zero-padded (0622710).';
COMMENT ON COLUMN districts.school_year IS 'NCES data year (2023-24).';
COMMENT ON COLUMN districts.name IS 'District name as NCES reports it.';
COMMENT ON COLUMN districts.state_code IS 'Two-letter code of the reporting jurisdiction (states.code).';
COMMENT ON COLUMN districts.state_fips IS 'First two digits of nces_id; must be the FIPS code of state_code (checked by foreign key).';
COMMENT ON COLUMN districts.enrollment IS 'October membership headcount, pre-K included (NCES education unit total); NULL when not reported.';
COMMENT ON COLUMN districts.instructional_staff_fte IS 'Teachers, full-time equivalent, pre-K and ungraded included (NCES derived total); NULL when not reported.';
COMMENT ON COLUMN districts.is_shared_service IS 'True for service agencies without students of their own (career-technical centres, cooperatives), which LCT excludes.';
COMMENT ON COLUMN districts.source IS 'Where the row came from (nces_ccd).';
COMMENT ON COLUMN districts.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN districts.updated_at IS 'When the row last changed.';

CREATE TABLE enrollment_by_grade (
    nces_id     nces_lea_id NOT NULL,
    school_year school_year NOT NULL,
    grade       varchar(2)  NOT NULL REFERENCES grades,
    students    integer     NOT NULL CONSTRAINT enrollment_by_grade_students_non_negative CHECK (students >= 0),
    source      varchar(64) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (nces_id, school_year, grade),
    FOREIGN KEY (nces_id, school_year) REFERENCES districts ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX enrollment_by_grade_year_idx ON enrollment_by_grade (school_year);
COMMENT ON TABLE enrollment_by_grade IS 'October membership by grade (NCES CCD membership file 052), one row per district, year and grade.';
COMMENT ON COLUMN enrollment_by_grade.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN enrollment_by_grade.school_year IS 'Data year; with nces_id it names a districts row.';
COMMENT ON COLUMN enrollment_by_grade.grade IS 'NCES grade code (grades.code): PK, KG, 01..13, UG, AE.';
COMMENT ON COLUMN enrollment_by_grade.students IS 'Headcount of students in the grade.';
COMMENT ON COLUMN enrollment_by_grade.source IS 'Where the figure came from (nces_ccd, or a state education agency).';
COMMENT ON COLUMN enrollment_by_grade.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN enrollment_by_grade.updated_at IS 'When the row last changed.';

CREATE TABLE staff_counts (
    nces_id     nces_lea_id   NOT NULL,
    school_year school_year   NOT NULL,
    category    varchar(40)   NOT NULL REFERENCES staff_categories,
    fte         numeric(10,2) NOT NULL CONSTRAINT staff_counts_fte_non_negative CHECK (fte >= 0),
    source      varchar(64)   NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (nces_id, school_year, category),
    FOREIGN KEY (nces_id, school_year) REFERENCES districts ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX staff_counts_year_idx ON staff_counts (school_year);
COMMENT ON TABLE staff_counts IS 'Staff FTE by NCES CCD category (LEA staff file 059), one row per district, year and category; feeds the staff scopes.';
COMMENT ON COLUMN staff_counts.nces_id IS 'NCES LEA id.';
COMMENT ON COLUMN staff_counts.school_year IS 'Data year; with nces_id it names a districts row.';
COMMENT ON COLUMN staff_counts.category IS 'Staff category (staff_categories.code).';
COMMENT ON COLUMN staff_counts.fte IS 'Full-time equivalent staff in the category.';
COMMENT ON COLUMN staff_counts.source IS 'Where the figure came from (nces_ccd, or a state education agency).';
COMMENT ON COLUMN staff_counts.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN staff_counts.updated_at IS 'When the row last changed.';

CREATE TABLE state_requirements (
    state_code      char(2)               NOT NULL REFERENCES states,
    grade_level     varchar(16)           NOT NULL REFERENCES school_levels,
    valid_from_year school_year           NOT NULL,
    daily_minutes   instructional_minutes NOT NULL,
    annual_hours    numeric(6,1)          CONSTRAINT state_requirements_annual_hours_plausible CHECK (annual_hours BETWEEN 100 AND 2000),
    annual_days     smallint              CONSTRAINT state_requirements_annual_days_plausible CHECK (annual_days BETWEEN 100 AND 250),
    time_counted    varchar(400),
    source_citation varchar(400)          NOT NULL CONSTRAINT state_requirements_citation_not_blank CHECK (btrim(source_citation) <> ''),
    source_url      varchar(2000)         CONSTRAINT state_requirements_source_url_http CHECK (source_url ~ '^https?://'),
    notes           text,
    created_at      timestamptz           NOT NULL DEFAULT now(),
    updated_at      timestamptz           NOT NULL DEFAULT now(),
    PRIMARY KEY (state_code, grade_level, valid_from_year)
);
COMMENT ON TABLE state_requirements IS 'Statutory minimum daily instructional time per state and school level; a row holds from valid_from_year until a later row for the same state and level.';
COMMENT ON COLUMN state_requirements.state_code IS 'Jurisdiction (states.code).';
COMMENT ON COLUMN state_requirements.grade_level IS 'School level the minimum applies to (school_levels.code).';
COMMENT ON COLUMN state_requirements.valid_from_year IS 'First school year the requirement applies to.';
COMMENT ON COLUMN state_requirements.daily_minutes IS 'Minimum instructional minutes per day; annual requirements are converted with the state''s day count, else 180 days.';
COMMENT ON COLUMN state_requirements.annual_hours IS 'Annual instructional hours where the state sets them.';
COMMENT ON COLUMN state_requirements.annual_days IS 'Annual instructional days where the state sets them.';
COMMENT ON COLUMN state_requirements.time_counted IS 'The state''s own words on what counts as instructional time, e.g. whether lunch and recess are included.';
COMMENT ON COLUMN state_requirements.source_citation IS 'Statute or regulation cited (AL Code).';
COMMENT ON COLUMN state_requirements.source_url IS 'Where the requirement was read.';
COMMENT ON COLUMN state_requirements.notes IS 'Free-text notes, such as how an annual figure was converted.';
COMMENT ON COLUMN state_requirements.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN state_requirements.updated_at IS 'When the row last changed.';

CREATE TABLE bell_schedules (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nces_id               nces_lea_id           NOT NULL REFERENCES leas ON UPDATE CASCADE,
    school_year           school_year           NOT NULL,
    grade_level           varchar(16)           NOT NULL REFERENCES school_levels,
    instructional_minutes instructional_minutes NOT NULL,
    start_time            time,
    end_time              time,
    lunch_minutes         smallint    CONSTRAINT bell_schedules_lunch_minutes_range CHECK (lunch_minutes BETWEEN 0 AND 120),
    passing_minutes       smallint    CONSTRAINT bell_schedules_passing_minutes_range CHECK (passing_minutes BETWEEN 0 AND 120),
    recess_minutes        smallint    CONSTRAINT bell_schedules_recess_minutes_range CHECK (recess_minutes BETWEEN 0 AND 120),
    method                varchar(32) NOT NULL REFERENCES collection_methods,
    confidence            varchar(8)  NOT NULL REFERENCES confidence_levels,
    source_urls           text[]      NOT NULL DEFAULT '{}',
    source_description    text,
    schools_sampled       text[]      NOT NULL DEFAULT '{}',
    notes                 text,
    version               integer     NOT NULL DEFAULT 0,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    review_status         varchar(12) NOT NULL DEFAULT 'unreviewed'
                          CONSTRAINT bell_schedules_review_status_known CHECK (review_status IN ('unreviewed', 'approved', 'corrected')),
    reviewed_by           varchar(200),
    reviewed_at           timestamptz,
    CONSTRAINT bell_schedules_one_per_level UNIQUE (nces_id, school_year, grade_level),
    CONSTRAINT bell_schedules_start_before_end CHECK (start_time < end_time),
    -- only judged for a well-ordered day, so reversed times are reported by the rule above alone
    CONSTRAINT bell_schedules_minutes_fit_the_day
        CHECK (start_time >= end_time OR instructional_minutes <= extract(epoch FROM end_time - start_time) / 60),
    -- Evidence is what makes a schedule worth more than the statute; only the statutory fallback may lack it.
    CONSTRAINT bell_schedules_source_required
        CHECK (method = 'statutory_fallback' OR cardinality(source_urls) > 0 OR coalesce(btrim(source_description), '') <> ''),
    CONSTRAINT bell_schedules_review_has_reviewer CHECK (
        (review_status = 'unreviewed') = (reviewed_by IS NULL AND reviewed_at IS NULL))
);
CREATE INDEX bell_schedules_level_lookup_idx ON bell_schedules (nces_id, grade_level, school_year DESC);
-- the review queue: unreviewed schedules, oldest change first
CREATE INDEX bell_schedules_review_queue_idx ON bell_schedules (updated_at) WHERE review_status = 'unreviewed';
COMMENT ON TABLE bell_schedules IS 'Daily instructional time collected from a district''s real bell schedule, one row per district, school year and school level.';
COMMENT ON COLUMN bell_schedules.id IS 'Surrogate id used in the write API.';
COMMENT ON COLUMN bell_schedules.nces_id IS 'NCES LEA id (leas.nces_id).';
COMMENT ON COLUMN bell_schedules.school_year IS 'School year the schedule is for (2024-25).';
COMMENT ON COLUMN bell_schedules.grade_level IS 'School level: elementary, middle or high (school_levels.code).';
COMMENT ON COLUMN bell_schedules.instructional_minutes IS 'Instructional minutes per day: the span from start to end less lunch, passing and non-instructional time.';
COMMENT ON COLUMN bell_schedules.start_time IS 'Start of the school day, local time.';
COMMENT ON COLUMN bell_schedules.end_time IS 'End of the school day, local time.';
COMMENT ON COLUMN bell_schedules.lunch_minutes IS 'Lunch period length in minutes.';
COMMENT ON COLUMN bell_schedules.passing_minutes IS 'Total passing time between periods in minutes.';
COMMENT ON COLUMN bell_schedules.recess_minutes IS 'Recess length in minutes.';
COMMENT ON COLUMN bell_schedules.method IS 'How the minutes were obtained (collection_methods.code).';
COMMENT ON COLUMN bell_schedules.confidence IS 'How far the minutes can be trusted (confidence_levels.code).';
COMMENT ON COLUMN bell_schedules.source_urls IS 'Links to the evidence (schedule pages or documents).';
COMMENT ON COLUMN bell_schedules.source_description IS 'The evidence in words (which schools, which document).';
COMMENT ON COLUMN bell_schedules.schools_sampled IS 'Schools whose schedules the figure was derived from.';
COMMENT ON COLUMN bell_schedules.notes IS 'Collector''s notes, e.g. how varying days were averaged.';
COMMENT ON COLUMN bell_schedules.version IS 'Optimistic-locking version, bumped by every update (the write API''s ETag).';
COMMENT ON COLUMN bell_schedules.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN bell_schedules.updated_at IS 'When the row last changed.';
COMMENT ON COLUMN bell_schedules.review_status IS 'unreviewed, approved (a reviewer confirmed it as it is) or corrected (a reviewer changed it); the decision and any correction are in data_lineage.';
COMMENT ON COLUMN bell_schedules.reviewed_by IS 'Reviewer who approved or corrected the schedule.';
COMMENT ON COLUMN bell_schedules.reviewed_at IS 'When the schedule was reviewed.';
