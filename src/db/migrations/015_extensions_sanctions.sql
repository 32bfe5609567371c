-- 015: the rest of the law a caseworker meets (issue 10, slice E). Row tables like `complaint` (migration 013): a
-- record of a decision on the case that never makes an open edit of the case stale.
--
-- case_extension: an extension of sygedagpenge at the revurdering (SDL § 27 stk. 1 nr. 1–7, legal-rules.md 8.1).
-- The end day is fixed when the extension is decided: nr. 2 up to 69 weeks, nr. 3 up to 134 weeks plus the waiting
-- time for treatment at a public hospital, both counted from the revurdering point; nr. 1, 4, 6 and 7 run until an
-- event (the revalidering starts, the decision comes) and nr. 5 has no time limit, so their end day is NULL and the
-- extension ends when the caseworker records that it ended.
CREATE TABLE case_extension (
  id                  serial PRIMARY KEY,
  case_id             int NOT NULL REFERENCES sb_case(id),
  citizen_id          int NOT NULL REFERENCES citizen(id),
  ground              smallint NOT NULL CHECK (ground BETWEEN 1 AND 7),
  decided_on          date NOT NULL,
  -- The revurdering month end (P-10/P-14) the extension counts from: the case's reassessment deadline, or given.
  basis_month_end     date NOT NULL,
  ends_on             date CHECK (ends_on > basis_month_end),
  hospital_wait_days  int CHECK (hospital_wait_days BETWEEN 0 AND 3650),
  -- Free text that may name the citizen's health: shown only to roles with citizen:identify.
  note                text,
  created_by          int NOT NULL REFERENCES app_user(id),
  created_at          timestamptz NOT NULL,
  ended_on            date CHECK (ended_on >= decided_on),
  end_reason          text CHECK (end_reason IN ('decision', 'revalidation-started', 'recovered', 'ground-lapsed', 'other')),
  ended_by            int REFERENCES app_user(id),
  ended_at            timestamptz,
  -- Only nr. 2 and 3 have a computed end; only nr. 3 counts hospital waiting days.
  CHECK ((ends_on IS NOT NULL) = (ground IN (2, 3))),
  CHECK (hospital_wait_days IS NULL OR ground = 3),
  CHECK ((ended_on IS NULL) = (end_reason IS NULL) AND (ended_on IS NULL) = (ended_by IS NULL) AND (ended_on IS NULL) = (ended_at IS NULL))
);
CREATE INDEX case_extension_case_idx ON case_extension (case_id, decided_on);
CREATE INDEX case_extension_citizen_idx ON case_extension (citizen_id);

-- case_sanction: a failure to take part in the follow-up (SDL § 21, S-1) and what came of it: the advance notice
-- (partshøring, Forvaltningsloven § 19) with the citizen's answer deadline, the decision to stop the benefit or
-- not, and the resumption (S-2: within 4 weeks; the start point of the 4 weeks is the municipality's reading,
-- interpretation 'sanction-resume-start'). Refusing medical treatment is never a ground (S-3, SDL § 21 a), so it
-- is not a failure kind here.
CREATE TABLE case_sanction (
  id                  serial PRIMARY KEY,
  case_id             int NOT NULL REFERENCES sb_case(id),
  citizen_id          int NOT NULL REFERENCES citizen(id),
  failure_kind        text NOT NULL CHECK (failure_kind IN ('missed-meeting', 'information-form', 'refused-offer', 'other')),
  failure_on          date NOT NULL,
  hearing_sent_on     date CHECK (hearing_sent_on >= failure_on),
  hearing_answer_due  date CHECK (hearing_answer_due > hearing_sent_on),
  -- The advance-notice letter, when it was written in retur.
  letter_id           int REFERENCES letter(id),
  decision            text CHECK (decision IN ('stopped', 'not-stopped')),
  decided_on          date CHECK (decided_on >= failure_on),
  stopped_from        date CHECK (stopped_from >= failure_on),
  -- S-2: the last day the citizen can take part again and have the benefit resume.
  resume_by           date,
  resumed_on          date CHECK (resumed_on >= stopped_from),
  -- Free text that may name the citizen or their health: shown only to roles with citizen:identify.
  note                text,
  created_by          int NOT NULL REFERENCES app_user(id),
  created_at          timestamptz NOT NULL,
  decided_by          int REFERENCES app_user(id),
  decided_at          timestamptz,
  CHECK ((hearing_sent_on IS NULL) = (hearing_answer_due IS NULL)),
  CHECK (letter_id IS NULL OR hearing_sent_on IS NOT NULL),
  CHECK ((decision IS NULL) = (decided_on IS NULL) AND (decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL)),
  -- A stop needs the advance notice and names its first day and the 4-week limit; only a stop can be resumed.
  CHECK ((decision = 'stopped') = (stopped_from IS NOT NULL) AND (decision = 'stopped') = (resume_by IS NOT NULL)),
  CHECK (decision IS DISTINCT FROM 'stopped' OR (hearing_sent_on IS NOT NULL AND decided_on > hearing_answer_due)),
  CHECK (resumed_on IS NULL OR decision = 'stopped')
);
CREATE INDEX case_sanction_case_idx ON case_sanction (case_id, failure_on);
CREATE INDEX case_sanction_citizen_idx ON case_sanction (citizen_id);
CREATE INDEX case_sanction_letter_idx ON case_sanction (letter_id) WHERE letter_id IS NOT NULL;
-- The worklist reads the ones heard and awaiting a decision.
CREATE INDEX case_sanction_open_idx ON case_sanction (case_id, hearing_answer_due) WHERE decision IS NULL AND hearing_sent_on IS NOT NULL;
