-- The usage rollup on the server (issue 14): the GPU-hour rows of src/domain/usage-rollup.ts
-- (gpuHourUsage, one per pod, GPU and closed hour, computed by the cloud's own UsageLedger), kept
-- in tables by the background reconciler (server/usage-reconciler.ts), and their sums per UTC day.
-- The utilization reads (server/usage-reads.ts) are SQL sums over these, with the scope and the
-- window in the WHERE clause; only the open hour is computed per request.
--
-- Every table is keyed by organization first. Plan at scale: distribute by org_id (Citus:
-- create_distributed_table('usage_hours', 'org_id'), colocated with organizations and pods), and
-- partition by time range (PARTITION BY RANGE (hour_start_ms) for usage_hours, (day_start_ms) for
-- usage_days, a partition per month): reads name a window, so they prune to its partitions, and old
-- hours can be dropped by detaching partitions while the day rows stay. Not declared here: PGlite
-- and a single PostgreSQL serve the seeded worlds without it, and the primary keys already lead
-- with org_id (a partitioned table's key must hold the partition column, which they do).
--
-- The denormalized pod columns (project, owner, GPU type, region) are the reads' WHERE filters:
-- a pod never changes them. Rows exist only for hours in which some GPU of the pod was allocated
-- (the ledger's reads skip the others), one per GPU the pod had that day (zeros for a GPU it did
-- not have in that hour). All figures are integers (seconds, cents, mWh, mg, MiB).

CREATE TABLE usage_hours (
  org_id                text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  pod_id                text NOT NULL,
  gpu_index             integer NOT NULL,
  hour_start_ms         bigint NOT NULL,
  project_id            text NOT NULL,
  owner_id              text NOT NULL,
  gpu_type_id           text NOT NULL,
  region_id             text NOT NULL,
  allocated_seconds     integer NOT NULL,
  spend_cents           integer NOT NULL,
  idle_seconds          integer NOT NULL,
  idle_cents            integer NOT NULL,
  under_used_seconds    integer NOT NULL,
  under_used_cents      integer NOT NULL,
  oversized_seconds     integer NOT NULL,
  oversized_cents       integer NOT NULL,
  productive_seconds    integer NOT NULL,
  productive_cents      integer NOT NULL,
  unobserved_seconds    integer NOT NULL,
  unobserved_cents      integer NOT NULL,
  engine_active_seconds integer NOT NULL,
  sm_active_seconds     integer NOT NULL,
  peak_mem_mib          integer NOT NULL,
  energy_milli_wh       integer NOT NULL,
  co2e_milligrams       integer NOT NULL,
  PRIMARY KEY (org_id, pod_id, gpu_index, hour_start_ms)
);
-- A window's hours across the organization (edges of a window, series, heatmaps).
CREATE INDEX usage_hours_time ON usage_hours (org_id, hour_start_ms);

-- The sum of a day's hour rows (peak_mem_mib: their max), recomputed in SQL from usage_hours
-- whenever hours of that day are written. A day row is read only for days wholly rolled up.
-- Sums of a day fit integer (at most 86,400 s; a GPU-day's energy is under 50,000,000 mWh).
CREATE TABLE usage_days (
  org_id                text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  pod_id                text NOT NULL,
  gpu_index             integer NOT NULL,
  day_start_ms          bigint NOT NULL,
  project_id            text NOT NULL,
  owner_id              text NOT NULL,
  gpu_type_id           text NOT NULL,
  region_id             text NOT NULL,
  allocated_seconds     integer NOT NULL,
  spend_cents           integer NOT NULL,
  idle_seconds          integer NOT NULL,
  idle_cents            integer NOT NULL,
  under_used_seconds    integer NOT NULL,
  under_used_cents      integer NOT NULL,
  oversized_seconds     integer NOT NULL,
  oversized_cents       integer NOT NULL,
  productive_seconds    integer NOT NULL,
  productive_cents      integer NOT NULL,
  unobserved_seconds    integer NOT NULL,
  unobserved_cents      integer NOT NULL,
  engine_active_seconds integer NOT NULL,
  sm_active_seconds     integer NOT NULL,
  peak_mem_mib          integer NOT NULL,
  energy_milli_wh       integer NOT NULL,
  co2e_milligrams       integer NOT NULL,
  PRIMARY KEY (org_id, pod_id, gpu_index, day_start_ms)
);
CREATE INDEX usage_days_time ON usage_days (org_id, day_start_ms);

-- How far the rollup has got, per organization: every hour in [rolled_from_ms, rolled_until_ms)
-- is stored for every pod that ran then (rolled_from_ms = 0: everything before rolled_until_ms).
-- The reconciler fills forward to the closed hours and backward, newest day first, to the start
-- of the organization's history; the mark moves in the same transaction as the rows it covers.
-- world: what the rows were computed from (seed, preset, anchor, clock start); another world (a
-- simulation reset) starts the rollup over, with the next generation (reads may cache sums of
-- closed hours under the mark and its generation: those rows never change).
CREATE TABLE usage_rollup_marks (
  org_id          text PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  rolled_from_ms  bigint NOT NULL,
  rolled_until_ms bigint NOT NULL,
  world           text NOT NULL,
  generation      bigint NOT NULL DEFAULT 0
);
