-- 003: the caseworker's day: follow-up meetings, tasks and notes. Each row is written with the case action
-- that records it (the action is the history; these tables are what the worklist and planner query).

CREATE TABLE follow_up_meeting (
  id           serial PRIMARY KEY,
  case_id      int NOT NULL REFERENCES sb_case(id),
  status       text NOT NULL CHECK (status IN ('planned','held','no_show','cancelled')),
  planned_for  date,
  held_on      date,
  form         text NOT NULL CHECK (form IN ('in-person','phone','video','workplace','round-table','group')),
  attendance   text CHECK (attendance IN ('attended','no_show_reasonable','no_show_unreasonable')),
  notes        text,
  recorded_by  int REFERENCES app_user(id),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'planned') = (held_on IS NULL) OR status = 'cancelled')
);
CREATE INDEX follow_up_meeting_case_idx ON follow_up_meeting (case_id, status);
CREATE INDEX follow_up_meeting_held_idx ON follow_up_meeting (held_on) WHERE status IN ('held','no_show');
CREATE INDEX follow_up_meeting_planned_idx ON follow_up_meeting (planned_for) WHERE status = 'planned';

CREATE TABLE case_task (
  id          serial PRIMARY KEY,
  case_id     int NOT NULL REFERENCES sb_case(id),
  title       text NOT NULL,
  due         date NOT NULL,
  created_by  int REFERENCES app_user(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  done_at     timestamptz,
  done_by     int REFERENCES app_user(id)
);
CREATE INDEX case_task_open_idx ON case_task (case_id) WHERE done_at IS NULL;

CREATE TABLE case_note (
  id          serial PRIMARY KEY,
  case_id     int NOT NULL REFERENCES sb_case(id),
  body        text NOT NULL,
  author_id   int REFERENCES app_user(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_note_case_idx ON case_note (case_id);

-- The decision on extension at the reassessment (SDL § 24/§ 27): once made, the reassessment deadline is met.
ALTER TABLE sb_case ADD COLUMN reassessed_on date;
-- The day the citizen's information form came back (SDL § 11, stk. 3): the form deadline is then met.
ALTER TABLE sb_case ADD COLUMN information_form_received date;

CREATE INDEX sb_case_exit_idx ON sb_case (exit_date) WHERE status = 'closed';
CREATE INDEX case_action_at_idx ON case_action (at);
