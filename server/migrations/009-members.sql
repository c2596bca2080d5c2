-- Members (issue 15): invitations, a part of the organization's state like its API tokens
-- (state-store.ts). An invitation is found by its secret's SHA-256 alone, before the organization
-- is known (accepting one needs no session): secret_hash is unique across organizations.
-- Single sign-on's connection and the former members are small and live in state_extras; the
-- sign-on's logins in flight (state, nonce, PKCE verifier) are the server's own, in sso_logins.
CREATE TABLE invitations (
  org_id           text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id               text NOT NULL,
  email            text NOT NULL,
  role             text NOT NULL CHECK (role IN ('admin', 'engineer', 'finance')),
  project_ids      jsonb NOT NULL,
  invited_by_id    text NOT NULL,
  secret_hash      text NOT NULL,
  created_at_ms    bigint NOT NULL,
  expires_at_ms    bigint NOT NULL,
  accepted_at_ms   bigint,
  accepted_user_id text,
  revoked_at_ms    bigint,
  position         integer NOT NULL,
  extra            jsonb,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX invitations_secret_hash ON invitations (secret_hash);

-- Single sign-on in flight: one row from the redirect to the provider until its answer (10 minutes
-- at most). Only the state's SHA-256 is kept; the browser holds the state in __Host-nl_sso.
CREATE TABLE sso_logins (
  state_hash    text PRIMARY KEY,
  org_id        text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  nonce         text NOT NULL,
  code_verifier text NOT NULL,
  redirect_uri  text NOT NULL,
  next_path     text NOT NULL,
  created_at_ms bigint NOT NULL,
  expires_at_ms bigint NOT NULL
);
CREATE INDEX sso_logins_expiry ON sso_logins (expires_at_ms);

-- Sessions end after an hour without a request (server/sessions.ts SESSION_IDLE_MS), as well as
-- 12 hours after sign-in. Written at most once a minute per session.
ALTER TABLE sessions ADD COLUMN last_seen_at_ms bigint;
