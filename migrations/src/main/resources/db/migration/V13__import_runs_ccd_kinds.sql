-- Import runs of the NCES CCD long files: grade-level membership (052) and staff by category (059).
ALTER TABLE import_runs DROP CONSTRAINT import_runs_kind_known;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_kind_known
    CHECK (kind IN ('districts', 'state-requirements', 'bell-schedules', 'enrollment-by-grade', 'staff-counts'));
COMMENT ON COLUMN import_runs.kind IS 'What the file holds: districts, state-requirements, bell-schedules, enrollment-by-grade (NCES CCD 052) or staff-counts (NCES CCD 059).';
