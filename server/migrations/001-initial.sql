-- The first schema: one organization (tenant) per row, and everything the cloud service keeps
-- in its state, table by table, always keyed by the organization. Times are integer
-- milliseconds since the epoch (bigint), as the service computes with them; money is integer
-- cents or micro-dollars per hour. Columns hold what the service knows today; "extra" (jsonb)
-- keeps fields a newer service version adds until a migration gives them columns.

CREATE TABLE organizations (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  -- The simulated world's seed: regeneration, and telemetry noise of its pods.
  seed          bigint NOT NULL,
  preset        text NOT NULL CHECK (preset IN ('default', 'large')),
  anchor_ms     bigint NOT NULL,
  state_version integer NOT NULL,
  -- The optional parts of the state that exist (["budgets", ...]): to the service an empty
  -- part and a missing one can differ (a missing watch list is set up on first use).
  present_parts jsonb NOT NULL DEFAULT '[]',
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The organization's clock: now = anchor_ms + offset_ms + (real now - real_start_ms).
CREATE TABLE sim_clock (
  org_id           text PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  real_start_ms    bigint NOT NULL,
  offset_ms        bigint NOT NULL,
  reconciled_at_ms bigint
);

CREATE TABLE users (
  org_id        text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id            text NOT NULL,
  name          text NOT NULL,
  email         text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'engineer', 'finance')),
  -- scrypt$N$r$p$salt$hash (server/passwords.ts); null: cannot sign in with a password.
  password_hash text,
  position      integer NOT NULL,
  extra         jsonb,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE projects (
  org_id   text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id       text NOT NULL,
  name     text NOT NULL,
  position integer NOT NULL,
  extra    jsonb,
  PRIMARY KEY (org_id, id)
);

CREATE TABLE project_members (
  org_id     text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  project_id text NOT NULL,
  user_id    text NOT NULL,
  position   integer NOT NULL,
  PRIMARY KEY (org_id, project_id, user_id)
);

CREATE TABLE pods (
  org_id                      text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id                          text NOT NULL,
  name                        text NOT NULL,
  project_id                  text NOT NULL,
  owner_id                    text NOT NULL,
  gpu_type_id                 text NOT NULL,
  gpu_count                   integer NOT NULL CHECK (gpu_count > 0),
  region_id                   text NOT NULL,
  image_id                    text NOT NULL,
  disk_gb                     integer NOT NULL,
  auto_stop_idle_minutes      integer,
  ssh_public_key              text NOT NULL,
  created_at_ms               bigint NOT NULL,
  archetype                   text NOT NULL,
  seed                        bigint NOT NULL,
  -- Prices locked at launch: the billing ledger is a pure function of these and the transitions.
  rate_micro_usd_per_gpu_hour bigint NOT NULL,
  disk_micro_usd_per_hour     bigint NOT NULL,
  gpu_count_history           jsonb,
  -- [{status, atMs, reason}], ordered by time, possibly with scheduled future steps.
  transitions                 jsonb NOT NULL,
  position                    integer NOT NULL,
  extra                       jsonb,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX pods_project ON pods (org_id, project_id);

CREATE TABLE pod_autostop_watches (
  org_id            text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  pod_id            text NOT NULL,
  count_from_ms     bigint NOT NULL,
  snoozed           boolean NOT NULL,
  searched_until_ms bigint NOT NULL,
  position          integer NOT NULL,
  extra             jsonb,
  PRIMARY KEY (org_id, pod_id)
);

CREATE TABLE pod_replacements (
  org_id          text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  pod_id          text NOT NULL,
  replaces_pod_id text NOT NULL,
  position        integer NOT NULL,
  PRIMARY KEY (org_id, pod_id)
);

-- Launch Idempotency-Key records (src/domain/idempotency.ts); scope: the user who sent the key.
CREATE TABLE idempotency_keys (
  org_id        text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  scope         text NOT NULL,
  key           text NOT NULL,
  fingerprint   text NOT NULL,
  created_at_ms bigint NOT NULL,
  -- {status, body}; null while the first request is being processed.
  response      jsonb,
  position      integer NOT NULL,
  PRIMARY KEY (org_id, scope, key)
);

CREATE TABLE budgets (
  org_id             text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id                 text NOT NULL,
  project_id         text,
  amount_cents       bigint NOT NULL,
  thresholds_percent jsonb NOT NULL,
  policy             text NOT NULL,
  created_at_ms      bigint NOT NULL,
  created_by_id      text NOT NULL,
  updated_at_ms      bigint NOT NULL,
  updated_by_id      text NOT NULL,
  position           integer NOT NULL,
  extra              jsonb,
  PRIMARY KEY (org_id, id)
);

CREATE TABLE budget_alerts (
  org_id            text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id                text NOT NULL,
  budget_id         text NOT NULL,
  project_id        text,
  month_start_ms    bigint NOT NULL,
  threshold_percent integer NOT NULL,
  budget_cents      bigint NOT NULL,
  threshold_cents   bigint NOT NULL,
  spent_cents       bigint NOT NULL,
  crossed_at_ms     bigint NOT NULL,
  fired_at_ms       bigint NOT NULL,
  action            jsonb,
  position          integer NOT NULL,
  extra             jsonb,
  PRIMARY KEY (org_id, id)
);

CREATE TABLE recommendation_decisions (
  org_id            text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  recommendation_id text NOT NULL,
  status            text NOT NULL CHECK (status IN ('dismissed', 'snoozed')),
  reason            text,
  note              text,
  until_ms          bigint,
  at_ms             bigint NOT NULL,
  by_user_id        text NOT NULL,
  position          integer NOT NULL,
  extra             jsonb,
  PRIMARY KEY (org_id, recommendation_id)
);

CREATE TABLE egress_thresholds (
  org_id                    text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  project_id                text NOT NULL,
  warning_threshold_percent integer NOT NULL,
  position                  integer NOT NULL,
  PRIMARY KEY (org_id, project_id)
);

-- Top-level state a newer service version keeps and this schema has no table for yet.
CREATE TABLE state_extras (
  org_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  key    text NOT NULL,
  value  jsonb NOT NULL,
  PRIMARY KEY (org_id, key)
);

-- Signed-in sessions. Only hashes of the cookie's token and of the CSRF token are stored.
CREATE TABLE sessions (
  token_hash     text PRIMARY KEY,
  org_id         text NOT NULL,
  user_id        text NOT NULL,
  -- The demo's "act as" (simulation only, admins only): who the requests act as meanwhile.
  acting_user_id text,
  csrf_hash      text NOT NULL,
  created_at_ms  bigint NOT NULL,
  expires_at_ms  bigint NOT NULL,
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_expiry ON sessions (expires_at_ms);
