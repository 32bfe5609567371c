-- 011: pathways and interventions (issue 10, slice A). The six citizen pathways (borgerforløb) of the Copenhagen
-- status of 13 Nov 2015 as configuration with their intervention model, every version kept; the intervention
-- catalogue (suppliers, packages, prices) and orders on a case; a goal and milestones on a return-to-work plan.

-- A pathway is its number (sb_case.pathway, 1-6); name, fit and model live in versions, every one kept, so a case
-- assigned under an older model can still be explained.
CREATE TABLE pathway (
  id  int PRIMARY KEY CHECK (id BETWEEN 1 AND 6)
);

CREATE TABLE pathway_version (
  pathway_id         int NOT NULL REFERENCES pathway(id),
  version            int NOT NULL CHECK (version >= 1),
  name               text NOT NULL,
  description        text NOT NULL,
  -- Who fits: {targetGroups: int[], categories: int[], causes: text[], employments: text[]}; an empty list is "any".
  fit                jsonb NOT NULL,
  -- What the caseworker does: [{title, workingDays}], working days after the day the pathway is assigned.
  steps              jsonb NOT NULL,
  -- Intervention types whose supplier packages fit (domain/pathways.ts INTERVENTION_TYPES).
  intervention_types jsonb NOT NULL,
  -- Offers of the municipality's health (SUF) and social (SOF) departments: [{department, name}].
  offers             jsonb NOT NULL,
  reason             text NOT NULL,
  created_by         int REFERENCES app_user(id),
  created_at         timestamptz NOT NULL,
  PRIMARY KEY (pathway_id, version)
);

-- The six pathways as shipped. Only pathway 5 is named in the seed ("Risiko for varig nedsat arbejdsevne": whether
-- the citizen is entitled to and would gain from revalidation); the other five follow the seed's visitation model
-- (sick from a job or from unemployment, able to take part in activity or not, the background of the sick leave)
-- and the 2023 target groups. They are the municipality's to rename and edit.
INSERT INTO pathway (id) VALUES (1), (2), (3), (4), (5), (6);
INSERT INTO pathway_version (pathway_id, version, name, description, fit, steps, intervention_types, offers, reason, created_by, created_at) VALUES
  (1, 1, 'Hurtigt tilbage i job',
   'Sygemeldt fra job med forventet raskmelding inden for 8 uger (kategori 1). Kan deltage i aktivitet; fokus på delvis raskmelding og kontakt til arbejdsgiveren.',
   '{"targetGroups":[],"categories":[1],"causes":[],"employments":["employed","self_employed"]}'::jsonb,
   '[{"title":"Undersøg muligheden for delvis raskmelding","workingDays":0},{"title":"Kontakt arbejdsgiveren om tilbagevenden og skånehensyn","workingDays":2},{"title":"Følg op på raskmeldingen","workingDays":20}]'::jsonb,
   '["graduated_return"]'::jsonb,
   '[]'::jsonb,
   'Borgerforløb leveret med retur (Københavns Kommune, status 13-11-2015)', NULL, '2015-11-13T12:00:00+01:00'),
  (2, 1, 'Stress, angst eller depression',
   'Lettere stress, angst eller depression (målgruppe 2). Tidlig helbredsmæssig afklaring og en integreret beskæftigelses- og behandlingsindsats.',
   '{"targetGroups":[2],"categories":[],"causes":["mental"],"employments":[]}'::jsonb,
   '[{"title":"Tilbyd en sundhedssamtale i Sundheds- og Omsorgsforvaltningen","workingDays":3},{"title":"Bestil pakkeforløb med psykolog hos leverandør","workingDays":5},{"title":"Aftal plan for gradvis tilbagevenden med arbejdsgiveren","workingDays":15},{"title":"Følg op på, om borgeren får den rigtige indsats","workingDays":25}]'::jsonb,
   '["psychologist","health_talk","mentor","graduated_return"]'::jsonb,
   '[{"department":"SUF","name":"Sundhedssamtale"},{"department":"SOF","name":"Økonomisk vejledning"}]'::jsonb,
   'Borgerforløb leveret med retur (Københavns Kommune, status 13-11-2015)', NULL, '2015-11-13T12:00:00+01:00'),
  (3, 1, 'Bevægeapparatet og fysiske skader',
   'Ryg, nakke, led og skader; varige funktionsnedsættelser, der kræver hjælpemidler eller tilpasning af arbejdspladsen (målgruppe 3).',
   '{"targetGroups":[3],"categories":[],"causes":["musculoskeletal","injury"],"employments":[]}'::jsonb,
   '[{"title":"Bestil fysioterapeutisk screening","workingDays":3},{"title":"Afdæk behov for hjælpemidler og tilpasning af arbejdspladsen","workingDays":10},{"title":"Virksomhedsbesøg: aftal skånehensyn og delvis raskmelding","workingDays":15}]'::jsonb,
   '["physiotherapy","graduated_return","work_placement"]'::jsonb,
   '[{"department":"SUF","name":"Sundhedssamtale"}]'::jsonb,
   'Borgerforløb leveret med retur (Københavns Kommune, status 13-11-2015)', NULL, '2015-11-13T12:00:00+01:00'),
  (4, 1, 'Alvorlig sygdom',
   'Alvorlig eller livstruende sygdom; borgeren kan ikke deltage i aktivitet nu. Opfølgning på behandlingen, økonomisk vejledning og enkeltydelser.',
   '{"targetGroups":[1],"categories":[2],"causes":["cancer","cardiovascular","neurological"],"employments":[]}'::jsonb,
   '[{"title":"Indhent status fra egen læge eller hospitalet","workingDays":5},{"title":"Henvis til Center for Kræft og Sundhed, hvis borgeren har kræft","workingDays":5},{"title":"Vejled om økonomisk vejledning og enkeltydelser i Socialforvaltningen","workingDays":10}]'::jsonb,
   '["health_talk"]'::jsonb,
   '[{"department":"SUF","name":"Center for Kræft og Sundhed"},{"department":"SOF","name":"Økonomisk vejledning og enkeltydelser"}]'::jsonb,
   'Borgerforløb leveret med retur (Københavns Kommune, status 13-11-2015)', NULL, '2015-11-13T12:00:00+01:00'),
  (5, 1, 'Risiko for varig nedsat arbejdsevne',
   'Afdækning af, om den sygemeldte borger vil være berettiget til og have gavn af en revalidering.',
   '{"targetGroups":[1,3],"categories":[2],"causes":[],"employments":[]}'::jsonb,
   '[{"title":"Indhent lægeattest om arbejdsevnen","workingDays":5},{"title":"Afdæk, om borgeren er berettiget til og vil have gavn af en revalidering","workingDays":10},{"title":"Forbered sagen til rehabiliteringsteamet","workingDays":40}]'::jsonb,
   '["work_placement","mentor","course"]'::jsonb,
   '[{"department":"SOF","name":"Økonomisk vejledning og enkeltydelser"}]'::jsonb,
   'Borgerforløb leveret med retur (Københavns Kommune, status 13-11-2015)', NULL, '2015-11-13T12:00:00+01:00'),
  (6, 1, 'Sygemeldt fra ledighed',
   'Sygemeldt fra ledighed, ofte med sporadisk kontakt og skiftende ydelser (målgruppe 4). Fokus på at komme tilbage til jobsøgning.',
   '{"targetGroups":[4],"categories":[],"causes":[],"employments":["unemployed"]}'::jsonb,
   '[{"title":"Gennemgå ydelseshistorikken og afklar sygemeldingen","workingDays":5},{"title":"Bestil mentor eller kursus hos leverandør","workingDays":10},{"title":"Planlæg virksomhedspraktik, når helbredet tillader det","workingDays":30}]'::jsonb,
   '["mentor","course","work_placement"]'::jsonb,
   '[{"department":"SOF","name":"Økonomisk vejledning"}]'::jsonb,
   'Borgerforløb leveret med retur (Københavns Kommune, status 13-11-2015)', NULL, '2015-11-13T12:00:00+01:00');

-- Who delivers interventions: external suppliers, the jobcentre's own (internal) units, and the municipality's other
-- departments (health and care, social services), whose offers are an alternative to a supplier's (seed 001).
CREATE TABLE supplier (
  id          serial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  kind        text NOT NULL CHECK (kind IN ('external', 'internal', 'municipal')),
  cvr         text CHECK (cvr ~ '^\d{8}$'),
  active      boolean NOT NULL DEFAULT true
);

-- A supplier's package (pakkeforløb): one intervention type, a length, and a price in øre (NULL: no charge, e.g. an
-- offer of another department).
CREATE TABLE intervention_package (
  id           serial PRIMARY KEY,
  supplier_id  int NOT NULL REFERENCES supplier(id),
  type         text NOT NULL CHECK (type IN ('work_placement', 'graduated_return', 'mentor', 'health_talk', 'psychologist', 'physiotherapy', 'course')),
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  weeks        int CHECK (weeks BETWEEN 1 AND 104),
  price_ore    bigint CHECK (price_ore >= 0),
  active       boolean NOT NULL DEFAULT true,
  UNIQUE (supplier_id, name)
);
CREATE INDEX intervention_package_supplier_idx ON intervention_package (supplier_id);

-- An order on a case. Not a case action: ordering or finishing an intervention never makes an open edit of the case
-- stale; the order has its own version. Planned dates (starts_on/ends_on) and the real ones (started_on when it
-- became active, ended_on when it was completed or cancelled after starting): the activation share reads the real.
CREATE TABLE intervention_order (
  id          serial PRIMARY KEY,
  case_id     int NOT NULL REFERENCES sb_case(id),
  package_id  int NOT NULL REFERENCES intervention_package(id),
  -- The package's type and price when ordered: a later price change does not rewrite an order.
  type        text NOT NULL,
  price_ore   bigint,
  starts_on   date NOT NULL,
  ends_on     date NOT NULL CHECK (ends_on >= starts_on),
  status      text NOT NULL DEFAULT 'ordered' CHECK (status IN ('ordered', 'active', 'completed', 'cancelled')),
  outcome     text CHECK (outcome IN ('back_to_work', 'partly_back', 'no_effect', 'stopped_early')),
  started_on  date,
  ended_on    date CHECK (ended_on >= started_on),
  -- Free text that may name the citizen: shown only to roles with citizen:identify.
  note        text,
  version     int NOT NULL DEFAULT 1 CHECK (version >= 1),
  ordered_by  int NOT NULL REFERENCES app_user(id),
  ordered_at  timestamptz NOT NULL,
  changed_by  int REFERENCES app_user(id),
  changed_at  timestamptz,
  -- An outcome belongs to a completed intervention, and a completed one has one.
  CHECK ((status = 'completed') = (outcome IS NOT NULL)),
  CHECK (status = 'ordered' OR status = 'cancelled' OR started_on IS NOT NULL)
);
CREATE INDEX intervention_order_case_idx ON intervention_order (case_id);
-- The activation share reads the orders that were running on a day.
CREATE INDEX intervention_order_running_idx ON intervention_order (started_on, ended_on) WHERE started_on IS NOT NULL;

-- A goal and milestones on a return-to-work plan: free text that may name the citizen.
ALTER TABLE return_to_work_plan
  ADD COLUMN goal          text,
  -- [{date: 'YYYY-MM-DD', text, done}], in date order
  ADD COLUMN milestones    jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN goal_set_by   int REFERENCES app_user(id),
  ADD COLUMN goal_set_at   timestamptz;
