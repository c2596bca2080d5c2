-- Columns that let SQL answer pod reads without the cloud service (server/direct-reads.ts): a
-- pod's status and cost-to-date at any "now" are functions of its transitions, which may hold
-- scheduled future steps, so each row also records the point after which nothing about it
-- changes any more (settled_at_ms: its last transition, GPU-count change or creation), its
-- status from then on, and what its cost is made of from then on. For a now at or after that
-- point, status and cost are plain column arithmetic (indexable); before it (a launch still
-- provisioning, a scheduled auto-stop), SQL reads the status from the transitions
-- (pod_status_at) and the server computes the cost with the cloud's own ledger.
--
-- The server writes these with every pod it writes (server/state-store.ts); rows written before
-- this migration have NULLs until the server fills them in (the first direct read of their
-- organization does, in the same locked step that catches the reconcilers up).

ALTER TABLE pods
  -- Nothing about the pod changes after this time (ms). The ms columns are double precision:
  -- transition times can have fractions of a millisecond, and SQL then computes with the very
  -- doubles the cloud's ledger computes with (those sums and differences are exact).
  ADD COLUMN settled_at_ms    double precision,
  -- Its status from settled_at_ms on (its last transition's; queued without any).
  ADD COLUMN settled_status   text,
  -- Its cost-to-date at any now >= settled_at_ms (cloud/billing.ts podLedger: GPU cents per GPU
  -- and clock hour, disk cents per UTC day, each rounded on its own) is these cents, which no
  -- longer change,
  ADD COLUMN cost_fixed_cents bigint,
  -- plus, if it runs on, each running GPU's hour of settled_at_ms (its ms in it so far, a JSON
  -- array, one per GPU) and the whole and partial hours after it, at gpu_count_after GPUs,
  ADD COLUMN hour_running_ms  jsonb,
  ADD COLUMN gpu_count_after  integer,
  ADD COLUMN runs_after       boolean,
  -- plus, while it exists, its disk's day of settled_at_ms (day_existing_ms so far) and the days after.
  ADD COLUMN day_existing_ms  double precision,
  ADD COLUMN exists_after     boolean;

-- The list's orders, each read from an index for a page (ties by id, in code-point order as the
-- cloud compares its DNS-label names and ids): creation time (the default), name, and per status.
-- The ascending orders walk the same indexes backwards (an incremental sort fixes the ties).
CREATE INDEX pods_created ON pods (org_id, created_at_ms DESC, id COLLATE "C");
CREATE INDEX pods_name ON pods (org_id, name COLLATE "C" DESC, id COLLATE "C");
CREATE INDEX pods_status_created ON pods (org_id, settled_status, created_at_ms DESC, id COLLATE "C");
CREATE INDEX pods_status_name ON pods (org_id, settled_status, name COLLATE "C" DESC, id COLLATE "C");
-- Pods not settled at a given now (few: launches in progress, scheduled stops), and rows not filled in yet.
CREATE INDEX pods_settled ON pods (org_id, settled_at_ms);

-- cloud/lifecycle.ts statusAt: the status of the last transition before the first one after at_ms.
CREATE FUNCTION pod_status_at(transitions jsonb, at_ms double precision) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    (SELECT t ->> 'status'
       FROM jsonb_array_elements(transitions) WITH ORDINALITY AS a (t, i)
      WHERE i < coalesce((SELECT min(j) FROM jsonb_array_elements(transitions) WITH ORDINALITY AS b (u, j) WHERE (u ->> 'atMs')::double precision > at_ms), 9223372036854775807)
      ORDER BY i DESC
      LIMIT 1),
    'queued')
$$;

-- domain/money.ts costCentsForDuration: whole seconds at a rate per hour, rounded half up to cents.
CREATE FUNCTION cost_cents_for_duration(rate_micro_usd_per_hour bigint, duration_ms double precision) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN duration_ms <= 0 THEN 0::bigint
              ELSE (rate_micro_usd_per_hour * floor(duration_ms / 1000)::bigint + 18000000) / 36000000 END
$$;

-- A settled pod's cost-to-date at now_ms >= settled_at_ms, as podCostToDateCents computes it.
CREATE FUNCTION pod_cost_cents_at(
  settled_at_ms double precision, cost_fixed_cents bigint, hour_running_ms jsonb, gpu_count_after integer, runs_after boolean,
  day_existing_ms double precision, exists_after boolean, gpu_rate bigint, disk_rate bigint, now_ms double precision
) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT cost_fixed_cents
    + CASE WHEN runs_after THEN
        -- the hour of settled_at_ms, per GPU; the whole hours after it; the hour now is in
        (SELECT coalesce(sum(cost_cents_for_duration(gpu_rate, m::double precision + (least(now_ms, t.hour_settled + 3600000) - settled_at_ms))), 0)::bigint
           FROM jsonb_array_elements_text(hour_running_ms) AS m)
        + CASE WHEN t.hour_now > t.hour_settled THEN
            (round((t.hour_now - t.hour_settled) / 3600000)::bigint - 1) * gpu_count_after * cost_cents_for_duration(gpu_rate, 3600000)
            + gpu_count_after * cost_cents_for_duration(gpu_rate, now_ms - t.hour_now)
          ELSE 0 END
      ELSE 0 END
    -- the disk's day of settled_at_ms; the whole days after it; today so far
    + cost_cents_for_duration(disk_rate, day_existing_ms + CASE WHEN exists_after THEN least(now_ms, t.day_settled + 86400000) - settled_at_ms ELSE 0 END)
    + CASE WHEN exists_after AND t.day_now > t.day_settled THEN
        (round((t.day_now - t.day_settled) / 86400000)::bigint - 1) * cost_cents_for_duration(disk_rate, 86400000)
        + cost_cents_for_duration(disk_rate, now_ms - t.day_now)
      ELSE 0 END
  FROM (SELECT floor(settled_at_ms / 3600000) * 3600000 AS hour_settled, floor(now_ms / 3600000) * 3600000 AS hour_now,
               floor(settled_at_ms / 86400000) * 86400000 AS day_settled, floor(now_ms / 86400000) * 86400000 AS day_now) AS t
$$;
