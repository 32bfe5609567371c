-- 007: meetings with a time, a place and people; caseworkers' calendars; group sessions; minutes; return-to-work
-- agreements; SMS consent; and the outbox every outgoing message is written to in the same transaction as the action.

-- The caseworker's working week (ISO weekday 1 = Monday) and absences; the municipal calendar's closed days apply too.
CREATE TABLE working_hours (
  user_id     int NOT NULL REFERENCES app_user(id),
  weekday     int NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  starts      time NOT NULL,
  ends        time NOT NULL CHECK (ends > starts),
  PRIMARY KEY (user_id, weekday)
);
CREATE TABLE user_absence (
  id          serial PRIMARY KEY,
  user_id     int NOT NULL REFERENCES app_user(id),
  from_date   date NOT NULL,
  to_date     date NOT NULL CHECK (to_date >= from_date),
  reason      text NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX user_absence_user_idx ON user_absence (user_id, to_date);

CREATE TABLE room (
  id          serial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  capacity    int NOT NULL CHECK (capacity > 0),
  active      boolean NOT NULL DEFAULT true
);

-- A caseworker's private calendar feed (Outlook subscribes to it without a session): only the token's hash is kept.
CREATE TABLE calendar_feed (
  user_id     int PRIMARY KEY REFERENCES app_user(id),
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL
);

-- Group sessions (Rebild, Slagelse: 5-7 citizens); each participant has a follow_up_meeting row on their own case.
CREATE TABLE group_session (
  id          serial PRIMARY KEY,
  team_id     int NOT NULL REFERENCES team(id),
  host_id     int NOT NULL REFERENCES app_user(id),
  theme       text NOT NULL,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
  room_id     int REFERENCES room(id),
  video_link  text,
  capacity    int NOT NULL DEFAULT 7 CHECK (capacity BETWEEN 1 AND 50),
  min_size    int NOT NULL DEFAULT 5 CHECK (min_size >= 1),
  status      text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
  created_at  timestamptz NOT NULL
);
CREATE INDEX group_session_starts_idx ON group_session (starts_at);

-- A meeting now has a time, a host, a room or a video link; it can be rebooked or cancelled with a reason.
ALTER TABLE follow_up_meeting
  ADD COLUMN starts_at        timestamptz,
  ADD COLUMN ends_at          timestamptz,
  ADD COLUMN host_id          int REFERENCES app_user(id),
  ADD COLUMN room_id          int REFERENCES room(id),
  ADD COLUMN video_link       text,
  ADD COLUMN group_session_id int REFERENCES group_session(id),
  ADD COLUMN cancel_reason    text,
  -- Minutes after a held meeting: {template, agreed, nextSteps, nextMeeting, writtenAt, writtenBy}.
  ADD COLUMN minutes          jsonb;
CREATE INDEX follow_up_meeting_host_idx ON follow_up_meeting (host_id, starts_at) WHERE status = 'planned';
CREATE INDEX follow_up_meeting_room_idx ON follow_up_meeting (room_id, starts_at) WHERE status = 'planned';
CREATE INDEX follow_up_meeting_group_idx ON follow_up_meeting (group_session_id);

-- People at the table besides the citizen: employer contacts, union or a-kasse, the GP by phone.
CREATE TABLE meeting_participant (
  id          serial PRIMARY KEY,
  meeting_id  int NOT NULL REFERENCES follow_up_meeting(id),
  -- The meeting's case, so export and retention find the row like every other case record.
  case_id     int NOT NULL REFERENCES sb_case(id),
  kind        text NOT NULL CHECK (kind IN ('employer', 'union', 'unemployment-fund', 'gp', 'other')),
  name        text NOT NULL,
  role        text,
  phone       text,
  email       text
);
CREATE INDEX meeting_participant_meeting_idx ON meeting_participant (meeting_id);
CREATE INDEX meeting_participant_case_idx ON meeting_participant (case_id);

-- A graduated return to work agreed at a meeting (SDL § 7 b-style partial return): hours per week from given dates.
CREATE TABLE return_to_work_plan (
  id          serial PRIMARY KEY,
  case_id     int NOT NULL REFERENCES sb_case(id),
  meeting_id  int REFERENCES follow_up_meeting(id),
  starts_on   date NOT NULL,
  ends_on     date NOT NULL CHECK (ends_on >= starts_on),
  -- [{from: 'YYYY-MM-DD', hoursPerWeek: number}], in date order
  steps       jsonb NOT NULL,
  created_by  int REFERENCES app_user(id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX return_to_work_plan_case_idx ON return_to_work_plan (case_id);

-- SMS reminders only with the citizen's consent, recorded with its date.
ALTER TABLE citizen ADD COLUMN sms_opt_in boolean NOT NULL DEFAULT false, ADD COLUMN sms_opt_changed_at timestamptz;

-- The outbox: every outgoing message, written in the same transaction as the case action that causes it. A worker
-- sends what is due; the idempotency key goes to the gateway, so a retry after a crash is not a second message.
CREATE TABLE outbox_message (
  id               bigserial PRIMARY KEY,
  channel          text NOT NULL CHECK (channel IN ('sms', 'digital-post', 'email')),
  purpose          text NOT NULL,
  case_id          int REFERENCES sb_case(id),
  citizen_id       int REFERENCES citizen(id),
  meeting_id       int REFERENCES follow_up_meeting(id),
  recipient        text NOT NULL,
  body             text NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,
  send_after       timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  locked_until     timestamptz,
  last_error       text,
  provider_id      text,
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz,
  delivered_at     timestamptz,
  cancelled_reason text
);
CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_message_case_idx ON outbox_message (case_id);
CREATE INDEX outbox_message_meeting_idx ON outbox_message (meeting_id);
CREATE INDEX outbox_message_provider_idx ON outbox_message (provider_id);
