-- The recommendations' evidence in the usage rollup (issue 14, point 2): the GPU-hour rows of
-- src/domain/usage-rollup.ts gain the band counts a window's 95th percentiles are read from
-- (src/domain/usage-evidence.ts) and the idle tail "idle right now" reads back over closed hours.
--
-- busy_sm_bands_k, busy_tensor_bands_k (busy periods by band of SM and tensor activity) and
-- mem_bands_k (observed periods by band of memory used, as a share of the GPU's memory) each pack
-- bands 3k, 3k+1 and 3k+2 of the twelve (BAND_TOPS: whole percent 0-4, 5-9, 10-14, 15-19, then
-- ten points, the last 90-100) in 10-bit lanes: band 3k + j is (v >> 10j) & 1023. A day row's sum
-- never carries between lanes (at most 288 periods a day); a sum over more than three days of one
-- GPU must add the lanes, not the columns.
-- idle_tail_seconds: the observed idle seconds at the end of the span, back to its last busy or
-- unobserved period; a day's is folded from its hours in time order (server/usage-reconciler.ts
-- recomputeDay), never summed.
--
-- Rows written before this migration have no bands: the rollup starts over (the reconciler
-- finds no mark and rewrites every organization's closed hours).
DELETE FROM usage_hours;
DELETE FROM usage_days;
DELETE FROM usage_rollup_marks;

ALTER TABLE usage_hours
  ADD COLUMN busy_sm_bands_0 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_sm_bands_1 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_sm_bands_2 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_sm_bands_3 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_tensor_bands_0 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_tensor_bands_1 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_tensor_bands_2 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_tensor_bands_3 integer NOT NULL DEFAULT 0,
  ADD COLUMN mem_bands_0 integer NOT NULL DEFAULT 0,
  ADD COLUMN mem_bands_1 integer NOT NULL DEFAULT 0,
  ADD COLUMN mem_bands_2 integer NOT NULL DEFAULT 0,
  ADD COLUMN mem_bands_3 integer NOT NULL DEFAULT 0,
  ADD COLUMN idle_tail_seconds integer NOT NULL DEFAULT 0;

ALTER TABLE usage_days
  ADD COLUMN busy_sm_bands_0 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_sm_bands_1 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_sm_bands_2 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_sm_bands_3 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_tensor_bands_0 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_tensor_bands_1 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_tensor_bands_2 integer NOT NULL DEFAULT 0,
  ADD COLUMN busy_tensor_bands_3 integer NOT NULL DEFAULT 0,
  ADD COLUMN mem_bands_0 integer NOT NULL DEFAULT 0,
  ADD COLUMN mem_bands_1 integer NOT NULL DEFAULT 0,
  ADD COLUMN mem_bands_2 integer NOT NULL DEFAULT 0,
  ADD COLUMN mem_bands_3 integer NOT NULL DEFAULT 0,
  ADD COLUMN idle_tail_seconds integer NOT NULL DEFAULT 0;
