-- 006: single sign-on through the municipality's OpenID Connect provider (app/oidc.ts).
-- A login started at the provider waits here until the browser comes back to /api/auth/oidc/callback. The browser
-- holds only a random key in a short-lived httpOnly cookie; the row is found by the key's SHA-256 hash, used once
-- (deleted on the callback) and void after expires_at. Rows of logins never finished are deleted at the next start.
CREATE TABLE oidc_pending_login (
  key_hash      text PRIMARY KEY,
  state         text NOT NULL,
  nonce         text NOT NULL,
  code_verifier text NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX oidc_pending_login_expires_idx ON oidc_pending_login (expires_at);
