-- The audit log (issue 15, src/cloud/audit.ts): one row per change, appended in the transaction
-- of the change itself (state-store.ts writeChanges) and never changed: a trigger refuses every
-- UPDATE, and every DELETE but the cascade of the organization's own removal. Read a page at a
-- time, newest first, by the indexes below (server/audit-store.ts).
CREATE TABLE audit_log (
  org_id                   text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  -- "C": ids compare as the cloud compares them (code units), the order of entries of one moment.
  id                       text COLLATE "C" NOT NULL,
  at_ms                    bigint NOT NULL,
  actor_kind               text NOT NULL CHECK (actor_kind IN ('user', 'token', 'policy')),
  actor_id                 text,
  actor_name               text NOT NULL,
  token_id                 text,
  token_name               text,
  address                  text,
  action                   text NOT NULL,
  summary                  text NOT NULL,
  target_type              text,
  target_id                text,
  target_name              text,
  project_id               text,
  target_owner_id          text,
  before                   jsonb,
  after                    jsonb,
  monthly_cost_delta_cents bigint,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX audit_log_newest ON audit_log (org_id, at_ms DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (org_id, actor_id, at_ms DESC);
CREATE INDEX audit_log_action ON audit_log (org_id, action, at_ms DESC);
CREATE INDEX audit_log_project ON audit_log (org_id, project_id, at_ms DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.org_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
