-- 012: the employer register (size, the municipality as employer, contact persons, a contact log) and fast-track
-- requests as received, with their outcome, for the analytics (issue 10, slice B).

-- Size as a band of employees (the bands of Danmarks Statistik's firm statistics), not an exact head count.
ALTER TABLE employer ADD COLUMN size_band text CHECK (size_band IN ('1-9', '10-49', '50-249', '250+'));
-- The municipality's own workplaces (Slagelse, seed 000: an effort aimed at the municipality's own institutions).
ALTER TABLE employer ADD COLUMN is_municipality boolean NOT NULL DEFAULT false;
CREATE INDEX employer_name_idx ON employer (lower(name));

-- Contact persons at the employer (HR, the nearest manager): staff data of the employer, not about citizens.
CREATE TABLE employer_contact (
  id          serial PRIMARY KEY,
  employer_id int NOT NULL REFERENCES employer(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role        text CHECK (length(role) <= 200),
  phone       text CHECK (length(phone) <= 40),
  email       text CHECK (length(email) <= 254),
  created_by  int REFERENCES app_user(id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX employer_contact_employer_idx ON employer_contact (employer_id);

-- Contacts with the employer, about one case (case_id) or about the employer in general (case_id NULL).
-- Free text that may name the citizen: shown only to roles with citizen:identify on the case's team.
CREATE TABLE employer_contact_log (
  id          serial PRIMARY KEY,
  employer_id int NOT NULL REFERENCES employer(id),
  case_id     int REFERENCES sb_case(id),
  at          timestamptz NOT NULL,
  channel     text NOT NULL CHECK (channel IN ('phone', 'email', 'meeting', 'visit', 'letter')),
  summary     text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
  created_by  int REFERENCES app_user(id)
);
CREATE INDEX employer_contact_log_employer_idx ON employer_contact_log (employer_id, at DESC);
CREATE INDEX employer_contact_log_case_idx ON employer_contact_log (case_id) WHERE case_id IS NOT NULL;

-- A fast-track request (SDL § 7 c employer, § 7 e citizen) as received, and what became of it. The case facts
-- (fastTrackRequestedBy/-Requested/-Declined) drive the plan; this row follows them in the same transaction
-- (app/fastTrack.ts syncFastTrackRequest) and keeps the outcome and its reason for the case page and the analytics.
-- One current row per case; a new request that replaces a late or declined one supersedes it.
CREATE TABLE fast_track_request (
  id            serial PRIMARY KEY,
  case_id       int NOT NULL REFERENCES sb_case(id),
  requested_by  text NOT NULL CHECK (requested_by IN ('employer', 'citizen')),
  requested_on  date NOT NULL,
  received_via  text NOT NULL CHECK (received_via IN ('api', 'ui', 'facts')),
  status        text NOT NULL CHECK (status IN ('accepted', 'late', 'declined')),
  reason        text CHECK (length(reason) <= 1000),
  decided_at    timestamptz NOT NULL,
  created_by    int REFERENCES app_user(id),
  created_at    timestamptz NOT NULL,
  superseded_at timestamptz,
  CHECK (status = 'accepted' OR reason IS NOT NULL)
);
CREATE UNIQUE INDEX fast_track_request_current_idx ON fast_track_request (case_id) WHERE superseded_at IS NULL;
CREATE INDEX fast_track_request_requested_idx ON fast_track_request (requested_on);
