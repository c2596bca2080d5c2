-- pod_status_at (migration 003) from the end of the transitions: the status of the last one at or
-- before at_ms. Transitions are in time order (cloud/lifecycle.ts statusAt walks them from the
-- start and stops at the first after at_ms: the same transition). Only pods not settled by now ask
-- (launches in progress, scheduled stops), and their now is among their last transitions, so this
-- reads one or two elements (jsonb reaches an array element by its index) where the first version
-- unnested the whole array twice. The large preset's 185 pods with a scheduled stop, 132
-- transitions each on average: 31 ms → 5.5 ms to count those running, in every list filtered by
-- status and in the pod writes' GPU quota check.
CREATE OR REPLACE FUNCTION pod_status_at(transitions jsonb, at_ms double precision) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    (SELECT transitions -> k ->> 'status'
       FROM generate_series(jsonb_array_length(transitions) - 1, 0, -1) AS k
      WHERE (transitions -> k ->> 'atMs')::double precision <= at_ms
      LIMIT 1),
    'queued')
$$;
