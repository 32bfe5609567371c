-- 002: facts the deadline planner needs, the stored plan per case, and versioned municipal policy.

ALTER TABLE sb_case
  ADD COLUMN pensioner boolean NOT NULL DEFAULT false,
  ADD COLUMN self_employed_insured boolean NOT NULL DEFAULT false,
  ADD COLUMN predictable_course boolean NOT NULL DEFAULT false,
  ADD COLUMN notification_received date,
  ADD COLUMN information_form_sent date,
  ADD COLUMN medical_certificate_requested date,
  ADD COLUMN planned_first_follow_up date,
  ADD COLUMN fast_track_requested_by text CHECK (fast_track_requested_by IN ('employer','citizen')),
  ADD COLUMN fast_track_requested date,
  ADD COLUMN fast_track_letter_sent date,
  ADD COLUMN fast_track_declined boolean NOT NULL DEFAULT false;

-- One row per deadline of a case, recomputed in the same transaction as any change to the case's facts.
-- The effective due date is COALESCE(adjusted_due, due); the legal date always stays.
CREATE TABLE case_deadline (
  case_id      int NOT NULL REFERENCES sb_case(id),
  kind         text NOT NULL,
  legal_date   date NOT NULL,
  due          date NOT NULL,
  duty         text NOT NULL,
  status       text NOT NULL CHECK (status IN ('open','met','passed')),
  met_on       date,
  rule_id      text NOT NULL,
  rule_set     text NOT NULL,
  source       text NOT NULL,
  confidence   char(1) NOT NULL,
  unverified   boolean NOT NULL,
  explanation  jsonb NOT NULL,
  details      jsonb,
  adjusted_due  date,
  adjust_reason text,
  adjusted_by   int REFERENCES app_user(id),
  adjusted_at   timestamptz,
  PRIMARY KEY (case_id, kind)
);
CREATE INDEX case_deadline_open_idx ON case_deadline ((COALESCE(adjusted_due, due))) WHERE status = 'open' AND duty = 'municipality';

CREATE TABLE case_plan (
  case_id     int PRIMARY KEY REFERENCES sb_case(id),
  rule_set    text NOT NULL,
  issues      jsonb NOT NULL,
  computed_on date NOT NULL
);

CREATE TABLE municipal_policy (
  id             serial PRIMARY KEY,
  effective_from date NOT NULL,
  policy         jsonb NOT NULL,
  reason         text NOT NULL,
  changed_by     int REFERENCES app_user(id),
  changed_at     timestamptz NOT NULL DEFAULT now()
);
