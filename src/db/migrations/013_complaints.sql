-- 013: complaints about the municipality's decisions on a case (issue 10, slice C). R-1 in legal-rules.md: the
-- citizen has 4 weeks from being told of the decision to complain; the municipality reassesses within 4 weeks of
-- receipt and either gives the citizen full right or sends the complaint on to Ankestyrelsen, whose result is recorded
-- when it returns. A row table like `inquiry` (migration 008), not case actions: registering a complaint never makes
-- an open edit of the case stale.

CREATE TABLE complaint (
  id                   serial PRIMARY KEY,
  case_id              int NOT NULL REFERENCES sb_case(id),
  citizen_id           int NOT NULL REFERENCES citizen(id),
  received_on          date NOT NULL,
  decision_type        text NOT NULL CHECK (decision_type IN ('benefit-stop', 'extension-refused', 'fast-track-refused', 'sanction', 'other')),
  decision_on          date NOT NULL CHECK (received_on >= decision_on),
  -- The day the citizen was told of the decision (the start of the complaint period); the decision day unless told later.
  notified_on          date NOT NULL CHECK (notified_on >= decision_on),
  -- The decision letter complained about, if it was written in retur (a letter of kind 'decision' on the same case).
  letter_id            int REFERENCES letter(id),
  reason               text NOT NULL CHECK (reason IN ('assessment', 'facts', 'legal-basis', 'procedure', 'payment', 'other')),
  -- Free text that may name the citizen or their health: shown only to roles with citizen:identify.
  summary              text NOT NULL,
  -- Fixed at registration: the citizen's deadline and whether the complaint came after it (still registered, flagged).
  complaint_due        date NOT NULL CHECK (complaint_due >= notified_on),
  late                 boolean NOT NULL,
  -- The municipality's reassessment: the law's date and the due day on the worklist (the last working day on or before it).
  reassess_legal_date  date NOT NULL CHECK (reassess_legal_date > received_on),
  reassess_due         date NOT NULL CHECK (reassess_due <= reassess_legal_date AND reassess_due >= received_on),
  -- 'changed': full right to the citizen, the complaint ends here; 'upheld' / 'sent-to-board': not full right, the
  -- complaint goes on to Ankestyrelsen (see src/domain/complaints.ts).
  outcome              text CHECK (outcome IN ('upheld', 'changed', 'sent-to-board')),
  decided_on           date CHECK (decided_on >= received_on),
  outcome_note         text,
  reassessed_on_time   boolean,
  decided_by           int REFERENCES app_user(id),
  decided_at           timestamptz,
  -- Ankestyrelsen's result, only for complaints sent on.
  board_result         text CHECK (board_result IN ('confirmed', 'changed', 'remitted', 'rejected')),
  board_received_on    date CHECK (board_received_on >= decided_on),
  board_by             int REFERENCES app_user(id),
  board_at             timestamptz,
  created_by           int NOT NULL REFERENCES app_user(id),
  created_at           timestamptz NOT NULL,
  -- An outcome is all its fields or none (the note is optional); so is a board result, which needs a complaint sent on.
  CHECK ((outcome IS NULL) = (decided_on IS NULL) AND (outcome IS NULL) = (reassessed_on_time IS NULL)
         AND (outcome IS NULL) = (decided_by IS NULL) AND (outcome IS NULL) = (decided_at IS NULL)
         AND (outcome IS NOT NULL OR outcome_note IS NULL)),
  CHECK ((board_result IS NULL) = (board_received_on IS NULL) AND (board_result IS NULL) = (board_by IS NULL)
         AND (board_result IS NULL) = (board_at IS NULL)),
  CHECK (board_result IS NULL OR outcome IN ('upheld', 'sent-to-board'))
);
CREATE INDEX complaint_case_idx ON complaint (case_id, received_on);
CREATE INDEX complaint_citizen_idx ON complaint (citizen_id);
CREATE INDEX complaint_letter_idx ON complaint (letter_id) WHERE letter_id IS NOT NULL;
-- The figures read by period of receipt.
CREATE INDEX complaint_received_idx ON complaint (received_on);
-- The worklist reads the ones not yet reassessed.
CREATE INDEX complaint_open_idx ON complaint (case_id, reassess_due) WHERE outcome IS NULL;
