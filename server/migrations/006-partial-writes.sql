-- Writes that load only their own rows (server/pod-writes.ts, state-store.ts loadPartialState):
-- a row the write adds takes the next position after the part's last (the state's order), read
-- from an index instead of the organization's rows; and a launch looks for a pod of the same name
-- in its project (the name must be free there) by index.
CREATE INDEX pods_position ON pods (org_id, position);
CREATE INDEX pod_autostop_watches_position ON pod_autostop_watches (org_id, position);
CREATE INDEX pods_project_name ON pods (org_id, project_id, name);
