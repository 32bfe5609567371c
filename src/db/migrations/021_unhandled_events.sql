-- 021: unhandled events (issue 14). Something from outside, or a deadline the system saw pass, that a caseworker must
-- look at: a citizen asked to move a meeting, an employer asked for fast track, a GP's statement arrived, an SMS could
-- not be delivered. Each is a row until a caseworker handles it (one action, an optional note), for everyone at once.
CREATE TABLE case_event (
  id           bigserial PRIMARY KEY,
  case_id      int NOT NULL REFERENCES sb_case(id),
  kind         text NOT NULL CHECK (kind IN (
                 'meeting-confirmed', 'meeting-declined', 'meeting-move-requested', 'message', 'information-form-returned',
                 'document-uploaded', 'medical-statement-received', 'medical-statement-overdue', 'employer-request',
                 'employer-meeting-need', 'hearing-deadline-passed', 'sms-undeliverable', 'letter-returned')),
  -- Who caused it: the citizen (self-service), the employer, a GP or hospital, or retur itself (a job, the outbox).
  origin       text NOT NULL CHECK (origin IN ('citizen', 'employer', 'gp', 'system')),
  occurred_at  timestamptz NOT NULL,
  -- A short Danish line for the worklist. Never health information: analysts and employers may see event lists.
  summary      text NOT NULL CHECK (length(summary) BETWEEN 1 AND 300),
  -- The row the event is about (a meeting, an inquiry, a document, a medical statement, an outbox message …).
  subject_type text CHECK (subject_type ~ '^[a-z_]{1,40}$'),
  subject_id   bigint,
  -- Raising the same event twice (a job that runs again, a retried webhook) gives one row.
  dedupe_key   text UNIQUE CHECK (length(dedupe_key) <= 200),
  handled_at   timestamptz,
  handled_by   int REFERENCES app_user(id),
  handled_note text CHECK (length(handled_note) <= 2000),
  CHECK ((handled_at IS NULL) = (handled_by IS NULL))
);
CREATE INDEX case_event_case_idx ON case_event (case_id, occurred_at DESC);
CREATE INDEX case_event_unhandled_idx ON case_event (case_id) WHERE handled_at IS NULL;
