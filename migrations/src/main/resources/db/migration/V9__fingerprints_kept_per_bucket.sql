-- The fingerprints of the current results are kept in their bucket's row, as the bytes its digest is taken over,
-- rather than one row per district: a full run writes a row per bucket (about 56) instead of one per district with
-- its index entry, and an incremental run reads and rewrites only its suspects' buckets, as it did for the digests.
-- lct_current_fingerprints is no longer read or written; it is emptied here and dropped by a later release (the
-- functions of the previous release, which a run may still call until the repeatable migrations replace them,
-- write to it).

ALTER TABLE lct_current_input_buckets ADD COLUMN entries bytea NOT NULL DEFAULT ''::bytea;
-- read a bucket at a time and whole; its fingerprints are random bytes, which compression cannot shrink
ALTER TABLE lct_current_input_buckets ALTER COLUMN entries SET STORAGE EXTERNAL;
COMMENT ON TABLE lct_current_input_buckets IS 'Per bucket of districts (the first two digits of the NCES id, the state''s FIPS code): the input fingerprints of its districts in lct_current and their SHA-256 digest, kept by the runs; an incremental run compares and rehashes the buckets of its suspects, and the input hash is taken over the digests.';
COMMENT ON COLUMN lct_current_input_buckets.entries IS 'For each district of the bucket in NCES-id order, its 7-digit NCES id (7 bytes) followed by its input fingerprint (32 bytes, lct_calculations.input_fingerprint); empty in rows written before it was kept here.';
COMMENT ON COLUMN lct_current_input_buckets.digest IS 'SHA-256 of entries.';

UPDATE lct_current_input_buckets b
SET entries = f.entries
FROM (SELECT school_year, left(nces_id, 2) AS bucket,
             string_agg(convert_to(nces_id, 'UTF8') || fingerprint, ''::bytea ORDER BY nces_id) AS entries
      FROM lct_current_fingerprints
      GROUP BY school_year, left(nces_id, 2)) AS f
WHERE b.school_year = f.school_year AND b.bucket = f.bucket;

DELETE FROM lct_current_fingerprints;
COMMENT ON TABLE lct_current_fingerprints IS 'No longer used: the fingerprints are kept per bucket in lct_current_input_buckets.entries. Dropped by a later release.';
COMMENT ON TABLE lct_current_runs IS 'The run whose results lct_current, lct_current_input_buckets and the QA partials hold for each school year.';
