-- A count per organization of the statements that wrote its pods (issue 14; server/usage-reads.ts):
-- every INSERT, UPDATE or DELETE of pods rows adds one to each organization it touched, in the same
-- transaction. A read that sees the same generation sees the same pods, so what it computed from
-- them (the open hour's utilization sums) can be kept for the next read of that generation instead
-- of checking every running pod again. An organization without a row is at generation 0. Writers
-- of an organization's pods already hold its row lock (state-store.ts, pod-writes.ts), so the
-- counter's row lock adds no wait between them. No foreign key: the pods of a deleted organization
-- are deleted by cascade after it, and their trigger still counts (the row is left behind; an id
-- used again counts on from it, which is just as good).
CREATE TABLE pod_write_generations (
  org_id     text PRIMARY KEY,
  generation bigint NOT NULL
);

CREATE FUNCTION pod_write_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pod_write_generations (org_id, generation)
    SELECT DISTINCT org_id, 1 FROM written_pods
    ON CONFLICT (org_id) DO UPDATE SET generation = pod_write_generations.generation + 1;
  RETURN NULL;
END
$$;

-- One trigger per event: a trigger with a transition table names one event.
CREATE TRIGGER pods_inserted_generation AFTER INSERT ON pods REFERENCING NEW TABLE AS written_pods
  FOR EACH STATEMENT EXECUTE FUNCTION pod_write_generation_bump();
CREATE TRIGGER pods_updated_generation AFTER UPDATE ON pods REFERENCING NEW TABLE AS written_pods
  FOR EACH STATEMENT EXECUTE FUNCTION pod_write_generation_bump();
CREATE TRIGGER pods_deleted_generation AFTER DELETE ON pods REFERENCING OLD TABLE AS written_pods
  FOR EACH STATEMENT EXECUTE FUNCTION pod_write_generation_bump();
