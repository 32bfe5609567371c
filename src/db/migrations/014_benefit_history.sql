-- 014: benefit history (periods on unemployment benefit, sickness benefit, cash benefit, resource course, and work),
-- imported from a CSV file for the screening at intake (Copenhagen seed 003, target group 4). Keyed by citizen, not
-- by case: the history is the citizen's and outlives any one case. Not case actions: an import never makes an open
-- edit of a case stale.

CREATE TABLE benefit_period (
  id          serial PRIMARY KEY,
  citizen_id  int NOT NULL REFERENCES citizen(id),
  kind        text NOT NULL CHECK (kind IN ('unemployment_benefit', 'sickness_benefit', 'cash_benefit', 'resource_course', 'work')),
  starts_on   date NOT NULL,
  -- NULL: the period is still running.
  ends_on     date CHECK (ends_on >= starts_on),
  -- Where the line came from (DREAM, KY, a payroll system …), as the file said; NULL when it said nothing.
  source      text CHECK (length(source) <= 60),
  -- NULL: written by the demo seed, not by a user's import.
  imported_by int REFERENCES app_user(id),
  imported_at timestamptz NOT NULL,
  updated_at  timestamptz,
  -- The identity of a period in an import: the same file twice changes nothing, a corrected end day updates.
  UNIQUE (citizen_id, kind, starts_on)
);
-- The unique key's index serves the case page (all periods of one citizen) as well.
