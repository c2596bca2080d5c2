-- Notifications (issue 16): the console's notification centre and each person's choices are parts
-- of the organization's state like its budgets (state-store.ts). The outbox holds the deliveries to
-- make outside the console (e-mail), written in the transaction of the change that caused them
-- (writeChanges, like the audit log's entries) and delivered at least once by server/notify-worker.ts;
-- each try is recorded in notification_attempts.
CREATE TABLE notifications (
  org_id      text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id          text NOT NULL,
  event_id    text NOT NULL,
  kind        text NOT NULL,
  user_id     text NOT NULL,
  at_ms       bigint NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  link        text,
  project_id  text,
  read_at_ms  bigint,
  position    integer NOT NULL,
  extra       jsonb,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX notifications_by_user ON notifications (org_id, user_id, at_ms DESC);

CREATE TABLE notification_preferences (
  org_id      text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id     text NOT NULL,
  preferences jsonb NOT NULL,
  position    integer NOT NULL,
  PRIMARY KEY (org_id, user_id)
);

-- One row per event, recipient and channel: an event written twice (two instances catching up the
-- same minute) is delivered once. Times are real (wall-clock) ms.
CREATE TABLE notification_outbox (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id           text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  event_id         text NOT NULL,
  kind             text NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('email', 'webhook')),
  user_id          text,
  recipient        text NOT NULL,
  payload          jsonb NOT NULL,
  created_at_ms    bigint NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at_ms bigint NOT NULL,
  delivered_at_ms  bigint,
  failed_at_ms     bigint,
  last_error       text,
  UNIQUE (org_id, event_id, channel, recipient)
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at_ms) WHERE delivered_at_ms IS NULL AND failed_at_ms IS NULL;

CREATE TABLE notification_attempts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outbox_id     bigint NOT NULL REFERENCES notification_outbox (id) ON DELETE CASCADE,
  attempt       integer NOT NULL,
  at_ms         bigint NOT NULL,
  status        text NOT NULL CHECK (status IN ('delivered', 'failed')),
  latency_ms    integer NOT NULL,
  response      text
);
CREATE INDEX notification_attempts_by_outbox ON notification_attempts (outbox_id, attempt);
