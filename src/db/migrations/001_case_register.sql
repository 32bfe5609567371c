-- 001: the case register. Current state tables plus the append-only case history and the audit log.

CREATE TABLE municipality (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  settings    jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE team (
  id                serial PRIMARY KEY,
  municipality_code text NOT NULL REFERENCES municipality(code),
  name              text NOT NULL,
  UNIQUE (municipality_code, name)
);

CREATE TABLE app_user (
  id            serial PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('caseworker','team_leader','manager','analyst','administrator')),
  team_id       int REFERENCES team(id),
  password_hash text NOT NULL,
  active        boolean NOT NULL DEFAULT true
);

CREATE TABLE user_session (
  token_hash  text PRIMARY KEY,
  user_id     int NOT NULL REFERENCES app_user(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

CREATE TABLE citizen (
  id                  serial PRIMARY KEY,
  cpr                 char(10) NOT NULL UNIQUE,
  name                text NOT NULL,
  phone               text,
  email               text,
  digital_post_exempt boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX citizen_name_idx ON citizen (lower(name));

CREATE TABLE employer (
  id               serial PRIMARY KEY,
  cvr              char(8) NOT NULL UNIQUE,
  name             text NOT NULL,
  industry_code    text,
  industry_version text CHECK (industry_version IN ('DB07','DB25'))
);

-- Current state of a case. Always equal to the replay of its case_action rows (domain/caseHistory.ts).
CREATE TABLE sb_case (
  id                   serial PRIMARY KEY,
  citizen_id           int NOT NULL REFERENCES citizen(id),
  team_id              int NOT NULL REFERENCES team(id),
  kind                 text NOT NULL CHECK (kind IN ('sickness_benefit','job_clarification')),
  first_absence_day    date NOT NULL,
  employment           text NOT NULL CHECK (employment IN ('employed','unemployed','self_employed')),
  employer_id          int REFERENCES employer(id),
  sick_leave           text NOT NULL CHECK (sick_leave IN ('full','partial')),
  partial_hours        numeric(4,1),
  expected_full_return date,
  category             int CHECK (category IN (1,2)),
  target_group         int CHECK (target_group BETWEEN 1 AND 4),
  pathway              int CHECK (pathway BETWEEN 1 AND 6),
  fast_track           boolean NOT NULL DEFAULT false,
  standby              boolean NOT NULL DEFAULT false,
  caseworker_id        int REFERENCES app_user(id),
  status               text NOT NULL CHECK (status IN ('open','closed')),
  exit_date            date,
  exit_reason          text,
  version              int NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sb_case_caseworker_idx ON sb_case (caseworker_id, status);
CREATE INDEX sb_case_team_idx ON sb_case (team_id, status);
CREATE INDEX sb_case_citizen_idx ON sb_case (citizen_id);

-- Append-only history: one row per domain action, numbered per case.
CREATE TABLE case_action (
  id        bigserial PRIMARY KEY,
  case_id   int NOT NULL REFERENCES sb_case(id),
  seq       int NOT NULL,
  type      text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now(),
  actor_id  int REFERENCES app_user(id),
  payload   jsonb NOT NULL,
  UNIQUE (case_id, seq)
);

-- Who read or wrote which citizen's data, written in the same transaction as the read or write.
CREATE TABLE audit_entry (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  user_id    int REFERENCES app_user(id),
  operation  text NOT NULL CHECK (operation IN ('read','write')),
  entity     text NOT NULL,
  entity_id  text,
  citizen_id int REFERENCES citizen(id),
  endpoint   text NOT NULL,
  details    jsonb
);
CREATE INDEX audit_entry_citizen_idx ON audit_entry (citizen_id, at);
