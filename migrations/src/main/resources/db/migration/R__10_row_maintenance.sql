-- Row maintenance: trigger functions that keep bookkeeping columns honest for every writer, services, importers and
-- direct SQL alike, and the triggers that attach them. Edited in place (see migrations/README.md).

-- Keeps updated_at honest for every writer, including direct SQL.
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;
COMMENT ON FUNCTION touch_updated_at() IS 'BEFORE UPDATE trigger: sets updated_at to the transaction time.';
CREATE OR REPLACE TRIGGER states_touch_updated_at BEFORE UPDATE ON states FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE OR REPLACE TRIGGER districts_touch_updated_at BEFORE UPDATE ON districts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE OR REPLACE TRIGGER enrollment_by_grade_touch_updated_at BEFORE UPDATE ON enrollment_by_grade FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE OR REPLACE TRIGGER staff_counts_touch_updated_at BEFORE UPDATE ON staff_counts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE OR REPLACE TRIGGER state_requirements_touch_updated_at BEFORE UPDATE ON state_requirements FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE OR REPLACE TRIGGER bell_schedules_touch_updated_at BEFORE UPDATE ON bell_schedules FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Hibernate's optimistic locking bumps version itself; this makes direct SQL edits bump it too, so a client
-- holding an old ETag is refused whoever changed the row.
CREATE OR REPLACE FUNCTION bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION bump_row_version() IS 'BEFORE UPDATE trigger: version = previous version + 1, whoever updates.';
CREATE OR REPLACE TRIGGER bell_schedules_bump_version BEFORE UPDATE ON bell_schedules FOR EACH ROW EXECUTE FUNCTION bump_row_version();

-- Registers the LEA of every new district row, so loaders (and direct SQL) need no second statement.
CREATE OR REPLACE FUNCTION register_lea() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO leas (nces_id) VALUES (NEW.nces_id) ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION register_lea() IS 'BEFORE INSERT trigger on districts: adds the LEA to leas when it is new.';
CREATE OR REPLACE TRIGGER districts_register_lea BEFORE INSERT ON districts FOR EACH ROW EXECUTE FUNCTION register_lea();
