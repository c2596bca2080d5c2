-- Webhooks (issue 16): a part of the organization's state like its API tokens (state-store.ts).
-- The secret is kept to sign (Standard Webhooks' symmetric key: the receiver holds the same) and is
-- never answered after the create. The outbox's deliveries to a webhook are rows of channel
-- 'webhook' whose recipient is the webhook's id; first_attempt_at_ms starts the 24 hours of retries.
CREATE TABLE webhooks (
  org_id          text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id              text NOT NULL,
  url             text NOT NULL,
  kinds           jsonb NOT NULL,
  format          text NOT NULL CHECK (format IN ('standard', 'slack')),
  secret          text NOT NULL,
  created_at_ms   bigint NOT NULL,
  created_by_id   text NOT NULL,
  disabled_at_ms  bigint,
  disabled_reason text,
  position        integer NOT NULL,
  extra           jsonb,
  PRIMARY KEY (org_id, id)
);

ALTER TABLE notification_outbox ADD COLUMN first_attempt_at_ms bigint;
CREATE INDEX notification_outbox_by_recipient ON notification_outbox (org_id, recipient, id DESC);
