-- Access (issue 15): API tokens and saved SSH keys, parts of the organization's state like its
-- budgets (state-store.ts). A token is found by its secret's SHA-256 alone (Authorization:
-- Bearer), before the organization is known: secret_hash is unique across organizations.
CREATE TABLE api_tokens (
  org_id            text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id                text NOT NULL,
  name              text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('personal', 'service')),
  owner_id          text NOT NULL,
  role              text NOT NULL CHECK (role IN ('admin', 'engineer', 'finance')),
  -- ["project-id", ...] or null: every project its owner sees.
  project_ids       jsonb,
  read_only         boolean NOT NULL,
  prefix            text NOT NULL,
  secret_hash       text NOT NULL,
  created_at_ms     bigint NOT NULL,
  expires_at_ms     bigint NOT NULL,
  revoked_at_ms     bigint,
  last_used_at_ms   bigint,
  last_used_address text,
  position          integer NOT NULL,
  extra             jsonb,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX api_tokens_secret_hash ON api_tokens (secret_hash);

CREATE TABLE ssh_keys (
  org_id          text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id              text NOT NULL,
  owner_id        text NOT NULL,
  name            text NOT NULL,
  type            text NOT NULL,
  fingerprint     text NOT NULL,
  public_key      text NOT NULL,
  created_at_ms   bigint NOT NULL,
  last_used_at_ms bigint,
  position        integer NOT NULL,
  extra           jsonb,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX ssh_keys_owner ON ssh_keys (org_id, owner_id);
