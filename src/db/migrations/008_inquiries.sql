-- 008: inquiries from citizens (phone, e-mail, letter, digital) on a case, their answer deadline under the
-- municipality's answer policy, the answer, and whether it came on time (the Copenhagen compliance report).

CREATE TABLE inquiry (
  id               serial PRIMARY KEY,
  case_id          int NOT NULL REFERENCES sb_case(id),
  citizen_id       int NOT NULL REFERENCES citizen(id),
  channel          text NOT NULL CHECK (channel IN ('phone', 'email', 'letter', 'digital')),
  received_on      date NOT NULL,
  -- Free text that may name the citizen: shown only to roles with citizen:identify.
  summary          text NOT NULL,
  -- Fixed when the inquiry is registered, from the policy in force on the day it was received.
  answer_due       date NOT NULL CHECK (answer_due >= received_on),
  answered_on      date CHECK (answered_on >= received_on),
  answer_text      text,
  answered_on_time boolean,
  created_by       int NOT NULL REFERENCES app_user(id),
  answered_by      int REFERENCES app_user(id),
  created_at       timestamptz NOT NULL,
  answered_at      timestamptz,
  -- An answer is all four fields or none.
  CHECK ((answered_on IS NULL) = (answer_text IS NULL) AND (answered_on IS NULL) = (answered_on_time IS NULL)
         AND (answered_on IS NULL) = (answered_by IS NULL) AND (answered_on IS NULL) = (answered_at IS NULL))
);
CREATE INDEX inquiry_case_idx ON inquiry (case_id, received_on);
CREATE INDEX inquiry_citizen_idx ON inquiry (citizen_id);
-- The compliance report and the sample read by period of receipt.
CREATE INDEX inquiry_received_idx ON inquiry (received_on);
-- The worklist reads the unanswered ones.
CREATE INDEX inquiry_open_idx ON inquiry (case_id, answer_due) WHERE answered_on IS NULL;
