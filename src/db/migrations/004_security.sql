-- 004: security and privacy. Login throttling, idle sessions, single sign-on identities, refused reads in the audit
-- log, an append-only audit log, health information on the case, and room for anonymised citizens (retention).

-- Failed logins, counted per user name and per address (app/auth.ts). Kept briefly; the retention run deletes old rows.
CREATE TABLE login_failure (
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  address   text NOT NULL,
  at        timestamptz NOT NULL
);
CREATE INDEX login_failure_user_idx ON login_failure (username, at);
CREATE INDEX login_failure_address_idx ON login_failure (address, at);

-- Sessions end after an idle period as well as at their absolute expiry.
ALTER TABLE user_session ADD COLUMN last_seen_at timestamptz;
UPDATE user_session SET last_seen_at = created_at;
ALTER TABLE user_session ALTER COLUMN last_seen_at SET NOT NULL;

-- Users who log in through the municipality's identity provider (OpenID Connect) have no password here.
ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE app_user ADD COLUMN external_issuer text, ADD COLUMN external_subject text;
CREATE UNIQUE INDEX app_user_external_idx ON app_user (external_issuer, external_subject) WHERE external_subject IS NOT NULL;

-- A refused request for a citizen's data is audited as well as the reads and writes that were let through.
ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_operation_check;
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_operation_check CHECK (operation IN ('read', 'write', 'refused'));
CREATE INDEX audit_entry_user_idx ON audit_entry (user_id, id);
CREATE INDEX audit_entry_at_idx ON audit_entry (at);

-- The audit log is append-only. No row may change; rows may only go when the retention run expires them
-- (it names the cut-off in retur.audit_expiry_before, and the cut-off must be at least a year old).
-- In production the app's database role also lacks UPDATE, DELETE and TRUNCATE on the table (README).
CREATE FUNCTION audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff text := current_setting('retur.audit_expiry_before', true);
BEGIN
  IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <> '' THEN
    IF OLD.at < cutoff::timestamptz AND cutoff::timestamptz <= now() - interval '1 year' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = '42501';
END $$;
CREATE FUNCTION audit_entry_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only: TRUNCATE refused' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_guard();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_no_truncate();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM PUBLIC;

-- Health information (special category, GDPR art. 9): only the case's own team's caseworkers see it.
ALTER TABLE sb_case ADD COLUMN diagnosis_group text;
ALTER TABLE case_note ADD COLUMN health boolean NOT NULL DEFAULT false;

-- Retention anonymises a citizen whose cases are all gone: the row stays (audit entries point at it), the identity goes.
ALTER TABLE citizen ALTER COLUMN cpr DROP NOT NULL, ALTER COLUMN name DROP NOT NULL, ADD COLUMN anonymised_at timestamptz;
