-- Letter templates (issue 9): a template is a name and a kind; its text lives in versions, every one kept, so a sent
-- letter can name the version it used. The shipped templates are seeded by the app (src/app/letterTemplates.ts).
CREATE TABLE letter_template (
  id    text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{0,62}$'),
  name  text NOT NULL,
  kind  text NOT NULL CHECK (kind IN ('information','decision','hearing','answer','minutes'))
);

CREATE TABLE letter_template_version (
  template_id text NOT NULL REFERENCES letter_template(id),
  version     int NOT NULL CHECK (version >= 1),
  body        text NOT NULL,
  created_by  int REFERENCES app_user(id),
  created_at  timestamptz NOT NULL,
  reason      text NOT NULL,
  PRIMARY KEY (template_id, version)
);
