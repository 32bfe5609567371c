-- 017: reference data for the management figures (issue 11). The operator imports both; neither is about a citizen.

-- Danmarks Statistik's full industry code lists (DB07, DB25): an imported name wins over the shipped division and
-- section names (src/domain/industries.ts).
CREATE TABLE industry_code (
  version text NOT NULL CHECK (version IN ('DB07', 'DB25')),
  code    text NOT NULL CHECK (code ~ '^[0-9]{2,6}$'),
  name    text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  PRIMARY KEY (version, code)
);

-- Employees per employer and year (e.g. from the CVR register or the employer), for new cases per 1,000 employees
-- (seed 000: Slagelse targets the workplaces and industries that send the most cases).
CREATE TABLE employer_headcount (
  employer_id int NOT NULL REFERENCES employer(id),
  year        int NOT NULL CHECK (year BETWEEN 2000 AND 2099),
  employees   int NOT NULL CHECK (employees BETWEEN 0 AND 1000000),
  imported_at timestamptz NOT NULL,
  PRIMARY KEY (employer_id, year)
);
