-- Action links in notification e-mails (issue 16): "Keep it running 2 more hours" and "Stop it now"
-- under a pod-idle mail. Each link's secret is made when the mail is queued (in the transaction of
-- the change that caused it, server/notify-outbox.ts); only its SHA-256 is kept here. The secret
-- itself rides in the outbox row's payload until the mail is delivered, then is dropped from it.
-- A link works once (the first use spends every link of the same mail), expires, and acts as the
-- person it was sent to: removing that person removes their links (ON DELETE CASCADE).
CREATE TABLE action_links (
  token_hash     text PRIMARY KEY,
  org_id         text NOT NULL,
  user_id        text NOT NULL,
  event_id       text NOT NULL,
  pod_id         text NOT NULL,
  action         text NOT NULL CHECK (action IN ('keep-running', 'stop')),
  created_at_ms  bigint NOT NULL,
  expires_at_ms  bigint NOT NULL,
  used_at_ms     bigint,
  -- What the use did, in words (the answer a second visit is shown).
  outcome        text,
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX action_links_by_mail ON action_links (org_id, event_id, user_id);
