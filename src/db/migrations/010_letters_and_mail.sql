-- 010 (issue 9): letters made from the template library, sent as Digital Post (MeMo) through the outbox or printed
-- in a daily batch for citizens exempt from Digital Post; e-mail inquiries received over SMTP, matched to a case or
-- left in an unmatched queue; acknowledgements by e-mail.

-- A daily print batch: one PDF with every paper letter due that day, for the municipality's print room.
CREATE TABLE print_batch (
  id          serial PRIMARY KEY,
  batch_date  date NOT NULL UNIQUE,
  letters     int NOT NULL CHECK (letters >= 0),
  pdf         bytea NOT NULL,
  created_at  timestamptz NOT NULL,
  created_by  int REFERENCES app_user(id)
);

-- A letter: the text as rendered (free text that names the citizen: shown only to roles with citizen:identify),
-- the template version it came from, and its PDF. A draft can be approved once; an approved decision letter may be
-- held until the next allowed dispatch day (seed 000), unless the caseworker sends it at once with a reason.
CREATE TABLE letter (
  id                serial PRIMARY KEY,
  case_id           int NOT NULL REFERENCES sb_case(id),
  citizen_id        int NOT NULL REFERENCES citizen(id),
  template_id       text NOT NULL,
  template_version  int NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('information','decision','hearing','answer','minutes')),
  title             text NOT NULL,
  body_text         text NOT NULL,
  pdf               bytea NOT NULL,
  -- draft → approved; a Digital Post letter's outbox row (outbox_message.letter_id) tells how delivery went, a paper
  -- letter's print_batch_id when it was printed.
  status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'cancelled')),
  -- 'digital-post', or 'print' for citizens exempt from Digital Post; fixed at approval.
  delivery          text CHECK (delivery IN ('digital-post', 'print')),
  approved_on       date,
  scheduled_for     date,
  -- Held: the dispatch policy moved the letter from the approval day to scheduled_for.
  held              boolean NOT NULL DEFAULT false,
  send_now_reason   text,
  print_batch_id    int REFERENCES print_batch(id),
  -- The inquiry this letter answers (the answer template), if any.
  inquiry_id        int REFERENCES inquiry(id),
  created_by        int NOT NULL REFERENCES app_user(id),
  created_at        timestamptz NOT NULL,
  approved_by       int REFERENCES app_user(id),
  approved_at       timestamptz,
  FOREIGN KEY (template_id, template_version) REFERENCES letter_template_version(template_id, version),
  -- An approved letter has its day and its way; a draft has neither; a cancelled one keeps what it had.
  CHECK (status <> 'approved' OR (approved_on IS NOT NULL AND scheduled_for IS NOT NULL AND delivery IS NOT NULL)),
  CHECK (status <> 'draft' OR (approved_on IS NULL AND scheduled_for IS NULL AND delivery IS NULL AND send_now_reason IS NULL)),
  CHECK (scheduled_for IS NULL OR scheduled_for >= approved_on)
);
CREATE INDEX letter_case_idx ON letter (case_id, id);
CREATE INDEX letter_citizen_idx ON letter (citizen_id);
CREATE INDEX letter_print_idx ON letter (scheduled_for) WHERE delivery = 'print' AND print_batch_id IS NULL AND status = 'approved';
-- The weekly results count letters sent at once with a reason.
CREATE INDEX letter_send_now_idx ON letter (approved_on) WHERE send_now_reason IS NOT NULL;

-- E-mails that reached the SMTP listener. Idempotent by Message-ID (a relay that delivers twice makes one row).
-- Matched: to a citizen's open case (by CPR in the text or the sender's address), with the inquiry it became.
-- Unmatched: waiting in a queue until a caseworker assigns it to a case or discards it.
CREATE TABLE inbound_email (
  id            serial PRIMARY KEY,
  message_id    text NOT NULL UNIQUE,
  from_address  text NOT NULL,
  subject       text NOT NULL,
  body_text     text NOT NULL,
  received_at   timestamptz NOT NULL,
  status        text NOT NULL CHECK (status IN ('matched', 'unmatched', 'assigned', 'discarded')),
  -- How it was matched: 'cpr', 'sender', or by hand ('manual').
  matched_by    text CHECK (matched_by IN ('cpr', 'sender', 'manual')),
  case_id       int REFERENCES sb_case(id),
  citizen_id    int REFERENCES citizen(id),
  inquiry_id    int REFERENCES inquiry(id),
  handled_by    int REFERENCES app_user(id),
  handled_at    timestamptz,
  CHECK ((status IN ('matched', 'assigned')) = (inquiry_id IS NOT NULL))
);
CREATE INDEX inbound_email_status_idx ON inbound_email (status, received_at);
CREATE INDEX inbound_email_citizen_idx ON inbound_email (citizen_id);
CREATE INDEX inbound_email_case_idx ON inbound_email (case_id);

-- An inquiry received by the system (the SMTP listener) has no user who registered it.
ALTER TABLE inquiry ALTER COLUMN created_by DROP NOT NULL;

-- The outbox carries letters too: the message row points at its letter, so delivery status shows on the case.
ALTER TABLE outbox_message ADD COLUMN letter_id int REFERENCES letter(id);
CREATE INDEX outbox_message_letter_idx ON outbox_message (letter_id);
