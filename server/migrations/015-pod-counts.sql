-- How many pods an organization has, by project, owner, GPU type, region and settled status
-- (issue 14; server/direct-reads.ts): the total of a pods list is a sum over these rows (the
-- combinations the organization uses: 400 for the large preset's 10,000 pods) instead of a
-- count(*) over every pod, which read every row of the organization on every first page (9 ms of
-- the database's 11 ms). A list filtered by any of those columns sums the matching rows. A pod's
-- status now is its settled status once settled_at_ms has passed (migration 003), so a status
-- filter sums the rows of those statuses and corrects them by the few pods not settled yet
-- (launches in progress, scheduled stops: an index range of pods_settled). Only a search (q)
-- still counts pods. settled_status is '' for a pod without read columns (rows from before
-- migration 003, filled in before any read).
--
-- Kept by statement-level triggers in the transaction that writes the pods, so a read sees the
-- counts of the pods it sees. Writers of an organization's pods hold its row lock (state-store.ts,
-- pod-writes.ts), so its counter rows are never updated by two transactions at once. No foreign key: as pod_write_generations (migration 014), the pods
-- of a deleted organization are deleted by cascade after it, and their trigger still runs.
CREATE TABLE pod_counts (
  org_id         text NOT NULL,
  project_id     text NOT NULL,
  owner_id       text NOT NULL,
  gpu_type_id    text NOT NULL,
  region_id      text NOT NULL,
  settled_status text NOT NULL,
  n              bigint NOT NULL,
  PRIMARY KEY (org_id, project_id, owner_id, gpu_type_id, region_id, settled_status)
);

INSERT INTO pod_counts (org_id, project_id, owner_id, gpu_type_id, region_id, settled_status, n)
  SELECT org_id, project_id, owner_id, gpu_type_id, region_id, coalesce(settled_status, ''), count(*) FROM pods GROUP BY 1, 2, 3, 4, 5, 6;

-- The change of each group is the rows that entered it less those that left (an UPDATE that moves
-- no pod between groups, nearly all of them, changes nothing). n has no CHECK: an INSERT ... ON
-- CONFLICT checks the row it proposes (a group losing pods proposes a negative n) before it finds
-- the conflict. The function deletes the groups it emptied, and refuses a count below zero (the
-- counts were wrong): the write fails rather than a list showing a wrong total.
CREATE FUNCTION pod_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO pod_counts AS c (org_id, project_id, owner_id, gpu_type_id, region_id, settled_status, n)
      SELECT org_id, project_id, owner_id, gpu_type_id, region_id, coalesce(settled_status, ''), count(*) FROM new_pods GROUP BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (org_id, project_id, owner_id, gpu_type_id, region_id, settled_status) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE pod_counts c SET n = c.n - d.n
      FROM (SELECT org_id, project_id, owner_id, gpu_type_id, region_id, coalesce(settled_status, '') AS settled_status, count(*) AS n FROM old_pods GROUP BY 1, 2, 3, 4, 5, 6) d
      WHERE (c.org_id, c.project_id, c.owner_id, c.gpu_type_id, c.region_id, c.settled_status) = (d.org_id, d.project_id, d.owner_id, d.gpu_type_id, d.region_id, d.settled_status);
  ELSE
    INSERT INTO pod_counts AS c (org_id, project_id, owner_id, gpu_type_id, region_id, settled_status, n)
      SELECT org_id, project_id, owner_id, gpu_type_id, region_id, settled_status, sum(d) FROM (
          SELECT org_id, project_id, owner_id, gpu_type_id, region_id, coalesce(settled_status, '') AS settled_status, 1 AS d FROM new_pods
          UNION ALL
          SELECT org_id, project_id, owner_id, gpu_type_id, region_id, coalesce(settled_status, ''), -1 AS d FROM old_pods
        ) moved
        GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d) <> 0
      ON CONFLICT (org_id, project_id, owner_id, gpu_type_id, region_id, settled_status) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  DELETE FROM pod_counts c WHERE c.org_id IN (SELECT DISTINCT org_id FROM old_pods) AND c.n = 0;
  IF EXISTS (SELECT 1 FROM pod_counts c WHERE c.org_id IN (SELECT DISTINCT org_id FROM old_pods) AND c.n < 0) THEN
    RAISE EXCEPTION 'pod_counts: a count below zero (the counts do not match the pods)';
  END IF;
  RETURN NULL;
END
$$;

-- One trigger per event: a trigger with a transition table names one event.
CREATE TRIGGER pods_inserted_counts AFTER INSERT ON pods REFERENCING NEW TABLE AS new_pods
  FOR EACH STATEMENT EXECUTE FUNCTION pod_counts_apply();
CREATE TRIGGER pods_updated_counts AFTER UPDATE ON pods REFERENCING OLD TABLE AS old_pods NEW TABLE AS new_pods
  FOR EACH STATEMENT EXECUTE FUNCTION pod_counts_apply();
CREATE TRIGGER pods_deleted_counts AFTER DELETE ON pods REFERENCING OLD TABLE AS old_pods
  FOR EACH STATEMENT EXECUTE FUNCTION pod_counts_apply();
