/**
 * The usage rollup on the server (issue 14): a background reconciler that writes each closed hour's
 * GPU-hour rows (src/domain/usage-rollup.ts) into usage_hours, their sums per UTC day into
 * usage_days (migrations/004-usage-rollup.sql), and moves the organization's mark in the same
 * transaction, so the utilization reads (usage-reads.ts) are SQL sums and no request loads the
 * whole organization. Rows are computed by the cloud's own UsageLedger (podDay), the code the
 * mock runs, so both answer alike.
 *
 * Closed hours are those before min(now, sim_clock.reconciled_at_ms): the reconcilers may still
 * append transitions up to a minute back, never before their last run. The mark covers
 * [rolled_from_ms, rolled_until_ms): forward it follows the closed hours; backward it fills the
 * organization's history a day at a time, newest day first (recent windows are served first),
 * down to the first pod's creation (then rolled_from_ms = 0) or, for the 10,000-pod preset, to
 * LARGE_HISTORY_DAYS back (62: a 30-day window and the one before it; 90 days of it is about
 * nine million rows). A read reaching before rolled_from_ms takes the full path, which is right,
 * only slower.
 *
 * Each chunk (at most one UTC day of hours) is computed outside any transaction (pods read in
 * batches by keyset on id, only those that may have run then), then written in one: the hour
 * rows (INSERT … ON CONFLICT DO UPDATE), the chunk's days recomputed from their hour rows in SQL,
 * and the mark, re-checked under its row lock (another instance may have written the chunk: then
 * this one's rows are dropped). A crash between chunks loses nothing; running it again gives the
 * same rows.
 *
 * Thresholds: the rows use DEFAULT_WASTE_SETTINGS. A read with other thresholds takes the full
 * path, which computes its ledger live.
 *
 * With a Prometheus URL, each chunk's samples are fetched once for the organization: one
 * query_range per DCGM field over the chunk's 5-minute periods, matched on the namespace label
 * alone (label matchers stay short at any number of pods), and the rows are built from that
 * lookup with a ledger of their own (usageLedgerFor: a non-simulator sampler's rows are not shared).
 */
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from '../src/domain/units';
import { DEFAULT_WASTE_SETTINGS, type WasteSettings } from '../src/domain/waste';
import { USAGE_FIELDS, type UsageField } from '../src/domain/usage-rollup';
import { FIELDS, startOfHour, UsageLedger } from '../src/cloud/usage-ledger';
import type { Pod } from '../src/cloud/model';
import { gpuSample, METRIC_NAMES, SAMPLE_PERIOD_MS, type GpuSample, type GpuSampler, type MetricName } from '../src/cloud/telemetry';
import type { Database, Row } from './db';
import type { Logger } from './log';
import { itemColumns, itemFromRow } from './state-store';

/** The column of each row field (migrations/004-usage-rollup.sql, 005-usage-evidence.sql). */
export const USAGE_COLUMNS: Record<UsageField, string> = {
  allocatedSeconds: 'allocated_seconds',
  spendCents: 'spend_cents',
  idleSeconds: 'idle_seconds',
  idleCents: 'idle_cents',
  underUsedSeconds: 'under_used_seconds',
  underUsedCents: 'under_used_cents',
  oversizedSeconds: 'oversized_seconds',
  oversizedCents: 'oversized_cents',
  productiveSeconds: 'productive_seconds',
  productiveCents: 'productive_cents',
  unobservedSeconds: 'unobserved_seconds',
  unobservedCents: 'unobserved_cents',
  engineActiveSeconds: 'engine_active_seconds',
  smActiveSeconds: 'sm_active_seconds',
  peakMemMiB: 'peak_mem_mib',
  energyMilliWh: 'energy_milli_wh',
  co2eMilligrams: 'co2e_milligrams',
  busySmBands0: 'busy_sm_bands_0',
  busySmBands1: 'busy_sm_bands_1',
  busySmBands2: 'busy_sm_bands_2',
  busySmBands3: 'busy_sm_bands_3',
  busyTensorBands0: 'busy_tensor_bands_0',
  busyTensorBands1: 'busy_tensor_bands_1',
  busyTensorBands2: 'busy_tensor_bands_2',
  busyTensorBands3: 'busy_tensor_bands_3',
  memBands0: 'mem_bands_0',
  memBands1: 'mem_bands_1',
  memBands2: 'mem_bands_2',
  memBands3: 'mem_bands_3',
  idleTailSeconds: 'idle_tail_seconds',
};
/** The row's columns in USAGE_FIELDS order (the ledger's). */
export const USAGE_COLUMN_LIST: string[] = USAGE_FIELDS.map((f) => USAGE_COLUMNS[f]);
const PEAK = USAGE_COLUMNS.peakMemMiB;
const TAIL = USAGE_COLUMNS.idleTailSeconds;
const KEY_COLUMNS = ['pod_id', 'gpu_index', 'project_id', 'owner_id', 'gpu_type_id', 'region_id'];

/** How far back the 10,000-pod preset is rolled up (a 30-day window and its previous one, and a margin). */
export const LARGE_HISTORY_DAYS = 62;
/** Pods read per statement. */
const POD_BATCH = 500;

export interface RollUpOptions {
  /** The real time the simulated clocks run from (default Date.now). */
  realNow?: () => number;
  /** Samples for the rows (tests: a sampler that fails); default the simulator's, or Prometheus with prometheusUrl. */
  sample?: GpuSampler;
  /** Read each chunk's samples from this Prometheus (dcgm-exporter series, namespace = organization). */
  prometheusUrl?: string;
  fetch?: typeof fetch;
  /** Stop starting new chunks after this long (ms); the next call goes on. Default: no limit. */
  budgetMs?: number;
  /** Fill history at most this many days before the closed hours (default: all of it; LARGE_HISTORY_DAYS for preset large). */
  historyDays?: number;
  /** Only fill forward (tests of the mark). */
  forwardOnly?: boolean;
  /** Checked between chunks: true stops the call there (the server is shutting down). */
  shouldStop?: () => boolean;
  log?: Logger;
}

export interface RollUpResult {
  rolledFromMs: number;
  rolledUntilMs: number;
  /** Hours committed by this call (organization-hours) and rows written. */
  hours: number;
  rows: number;
  /** Whether every closed hour of the history to fill is stored. */
  complete: boolean;
  /** Whether the stored rows belonged to another world and were dropped. */
  restarted: boolean;
}

interface OrgRow extends Row {
  seed: number;
  preset: string;
  anchor_ms: number;
  real_start_ms: number;
  offset_ms: number;
  reconciled_at_ms: number | null;
  first_created_ms: number | null;
}

interface Mark {
  fromMs: number;
  untilMs: number;
  world: string;
  /** Starts over (another world) count up: with the mark, it names a set of rows that never changes. */
  generation: number;
}

const POD_COLUMNS = itemColumns('pods').join(', ');

/** The world the rows are computed from: a simulation reset (another seed, a restarted clock) makes another. */
function worldOf(org: OrgRow): string {
  return `${Number(org.seed)}|${String(org.preset)}|${Number(org.anchor_ms)}|${Number(org.real_start_ms)}`;
}

/** The organization's mark (reads take it too): null when nothing is rolled up. */
export async function rollupMark(db: Pick<Database, 'query'>, orgId: string): Promise<Mark | null> {
  const [row] = await db.query('SELECT rolled_from_ms, rolled_until_ms, world, generation FROM usage_rollup_marks WHERE org_id = $1', [orgId]);
  return row ? { fromMs: Number(row.rolled_from_ms), untilMs: Number(row.rolled_until_ms), world: String(row.world), generation: Number(row.generation) } : null;
}
const readMark = rollupMark;

/** The world fingerprint reads compare the mark's with (the organization row's values). */
export function worldFingerprint(seed: number, preset: string, anchorMs: number, realStartMs: number): string {
  return `${seed}|${preset}|${anchorMs}|${realStartMs}`;
}

/** The pods that may have run in [fromMs, toMs), page by page (keyset on id). */
async function* podsIn(db: Database, orgId: string, fromMs: number, toMs: number): AsyncGenerator<Pod[]> {
  let after = '';
  for (;;) {
    const rows = await db.query(
      `SELECT ${POD_COLUMNS} FROM pods
        WHERE org_id = $1 AND id > $2 AND created_at_ms < $3 AND (settled_at_ms IS NULL OR settled_at_ms > $4 OR runs_after)
        ORDER BY id LIMIT ${POD_BATCH}`,
      [orgId, after, toMs, fromMs],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => itemFromRow('pods', r) as unknown as Pod);
    after = String(rows[rows.length - 1]?.id);
    if (rows.length < POD_BATCH) return;
  }
}

/** The hour rows of one chunk: per row the key columns then the fields, flat. */
interface ChunkRows {
  values: unknown[][];
  count: number;
}

const ledgers = new Map<string, { dayMs: number; ledger: UsageLedger }>();

/**
 * The ledger for a forward chunk of a day: kept between calls for the simulator's samples (the
 * day's earlier hours are built already), a fresh one otherwise.
 */
function ledgerFor(orgId: string, dayMs: number, settings: WasteSettings, shared: boolean): UsageLedger {
  if (!shared) return new UsageLedger(settings);
  const kept = ledgers.get(orgId);
  if (kept && kept.dayMs === dayMs) return kept.ledger;
  const ledger = new UsageLedger(settings);
  ledgers.set(orgId, { dayMs, ledger });
  return ledger;
}

/** Computes the rows of [fromMs, toMs), within one UTC day, for the pods that ran then. */
async function chunkRows(db: Database, orgId: string, fromMs: number, toMs: number, ledger: UsageLedger, sample: GpuSampler): Promise<ChunkRows> {
  const dayMs = startOfUtcDay(fromMs);
  const firstHour = (fromMs - dayMs) / MS_PER_HOUR;
  const lastHour = (toMs - dayMs) / MS_PER_HOUR;
  const values: unknown[][] = [];
  for await (const pods of podsIn(db, orgId, fromMs, toMs)) {
    // Background work: let requests in between batches.
    await new Promise((resolve) => setImmediate(resolve));
    for (const pod of pods) {
      const day = ledger.podDay(pod, dayMs, toMs, { sample });
      if (!day) continue;
      const n = day.gpuCount;
      for (let h = firstHour; h < lastHour && h < day.builtHours; h++) {
        const at = h * n * FIELDS;
        let allocated = false;
        for (let g = 0; g < n; g++) if ((day.hours[at + g * FIELDS] ?? 0) > 0) allocated = true;
        // The ledger's reads skip an hour in which no GPU was allocated (usage-read.ts): so are they not stored.
        if (!allocated) continue;
        for (let g = 0; g < n; g++) {
          const row: unknown[] = [pod.id, g, pod.projectId, pod.ownerId, pod.gpuTypeId, pod.regionId, dayMs + h * MS_PER_HOUR];
          for (let f = 0; f < FIELDS; f++) row.push(day.hours[at + g * FIELDS + f] ?? 0);
          values.push(row);
        }
      }
    }
  }
  return { values, count: values.length };
}

const HOUR_COLUMNS = [...KEY_COLUMNS, 'hour_start_ms', ...USAGE_COLUMN_LIST];
const HOUR_COLUMN_TYPES = HOUR_COLUMNS.map((c) => `${c} ${c === 'hour_start_ms' ? 'bigint' : c === 'gpu_index' || USAGE_COLUMN_LIST.includes(c) ? 'integer' : 'text'}`).join(', ');
const ROWS_PER_STATEMENT = 5000;

/**
 * Writes a chunk's rows, its days and the mark in one transaction, if the mark is still what the
 * chunk was computed against (else another instance wrote it: nothing is written).
 */
async function commitChunk(db: Database, orgId: string, expected: Mark, next: Mark, fromMs: number, toMs: number, rows: ChunkRows): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [mark] = await tx.query('SELECT rolled_from_ms, rolled_until_ms, world, generation FROM usage_rollup_marks WHERE org_id = $1 FOR UPDATE', [orgId]);
    if (
      !mark ||
      Number(mark.rolled_from_ms) !== expected.fromMs ||
      Number(mark.rolled_until_ms) !== expected.untilMs ||
      String(mark.world) !== expected.world ||
      Number(mark.generation) !== expected.generation
    )
      return false;
    const updates = [...KEY_COLUMNS.slice(2), ...USAGE_COLUMN_LIST].map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    // Rows go as one JSON text per statement (faster than thousands of parameters, on PGlite most).
    for (let start = 0; start < rows.values.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.values.slice(start, start + ROWS_PER_STATEMENT);
      await tx.query(
        `INSERT INTO usage_hours (org_id, ${HOUR_COLUMNS.join(', ')})
         SELECT $1, ${HOUR_COLUMNS.join(', ')} FROM jsonb_to_recordset($2::text::jsonb) AS x (${HOUR_COLUMN_TYPES})
         ON CONFLICT (org_id, pod_id, gpu_index, hour_start_ms) DO UPDATE SET ${updates}`,
        [orgId, JSON.stringify(chunk.map((row) => Object.fromEntries(HOUR_COLUMNS.map((c, i) => [c, row[i]]))))],
      );
    }
    for (let day = startOfUtcDay(fromMs); day < toMs; day += MS_PER_DAY) await recomputeDay(tx, orgId, day);
    await tx.query('UPDATE usage_rollup_marks SET rolled_from_ms = $2, rolled_until_ms = $3 WHERE org_id = $1', [orgId, next.fromMs, next.untilMs]);
    return true;
  });
}

/**
 * A day's rows from its hour rows: sums (the packed bands too: a day's never carry), the peak
 * memory's max, and the idle tail as usage-rollup.ts tailAfter folds it in time order: the tails
 * of the hours from the day's last hour whose tail is not all its allocated time (the last busy
 * one) on, summed.
 */
async function recomputeDay(tx: Pick<Database, 'query'>, orgId: string, dayMs: number): Promise<void> {
  const sums = USAGE_COLUMN_LIST.map((c) =>
    c === PEAK ? `max(${c})` : c === TAIL ? `coalesce(sum(${c}) FILTER (WHERE broken_ms IS NULL OR hour_start_ms >= broken_ms), 0)::integer` : `sum(${c})::integer`,
  ).join(', ');
  await tx.query(
    `INSERT INTO usage_days (org_id, pod_id, gpu_index, day_start_ms, project_id, owner_id, gpu_type_id, region_id, ${USAGE_COLUMN_LIST.join(', ')})
     SELECT org_id, pod_id, gpu_index, $2::bigint, min(project_id), min(owner_id), min(gpu_type_id), min(region_id), ${sums}
       FROM (SELECT h.*, max(hour_start_ms) FILTER (WHERE ${TAIL} <> allocated_seconds) OVER (PARTITION BY pod_id, gpu_index) AS broken_ms
               FROM usage_hours h WHERE org_id = $1 AND hour_start_ms >= $2::bigint AND hour_start_ms < $3::bigint) h
      GROUP BY org_id, pod_id, gpu_index
     ON CONFLICT (org_id, pod_id, gpu_index, day_start_ms) DO UPDATE SET
       ${['project_id', 'owner_id', 'gpu_type_id', 'region_id', ...USAGE_COLUMN_LIST].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
    [orgId, dayMs, dayMs + MS_PER_DAY],
  );
}

/**
 * Writes every closed hour not stored yet for the organization's pods: forward from the mark to
 * the closed hours (at most startOfHour(untilMs)), then backward through its history, a day per
 * transaction. Idempotent; safe to run from several instances at once.
 */
export async function rollUp(db: Database, orgId: string, untilMs: number = Number.POSITIVE_INFINITY, options: RollUpOptions = {}): Promise<RollUpResult> {
  const started = Date.now();
  const realNow = options.realNow ?? (() => Date.now());
  const settings = DEFAULT_WASTE_SETTINGS;
  const [org] = await db.query<OrgRow>(
    `SELECT o.seed, o.preset, o.anchor_ms, c.real_start_ms, c.offset_ms, c.reconciled_at_ms,
       (SELECT min(created_at_ms) FROM pods p WHERE p.org_id = o.id) AS first_created_ms
     FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1`,
    [orgId],
  );
  if (!org) throw new Error(`no organization ${orgId}`);
  const simNow = Number(org.anchor_ms) + Number(org.offset_ms) + Math.max(0, realNow() - Number(org.real_start_ms));
  // Never reconciled: the reconcilers will start from the anchor (cloud/reconcile.ts), so that far is closed.
  const reconciledAt = org.reconciled_at_ms === null ? Number(org.anchor_ms) : Number(org.reconciled_at_ms);
  const clockClosed = startOfHour(Math.min(simNow, reconciledAt));
  const target = Math.min(clockClosed, startOfHour(untilMs));
  const world = worldOf(org);
  const result: RollUpResult = { rolledFromMs: 0, rolledUntilMs: 0, hours: 0, rows: 0, complete: false, restarted: false };

  let mark = await readMark(db, orgId);
  if (!mark || mark.world !== world || mark.untilMs > clockClosed) {
    // New, or rows of another world (a reset; a clock set back): start over from the closed hours.
    result.restarted = mark !== null;
    const fresh: Mark = { fromMs: target, untilMs: target, world, generation: (mark?.generation ?? 0) + 1 };
    await db.transaction(async (tx) => {
      await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [orgId]);
      await tx.query('DELETE FROM usage_hours WHERE org_id = $1', [orgId]);
      await tx.query('DELETE FROM usage_days WHERE org_id = $1', [orgId]);
      await tx.query(
        `INSERT INTO usage_rollup_marks (org_id, rolled_from_ms, rolled_until_ms, world, generation) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org_id) DO UPDATE SET rolled_from_ms = EXCLUDED.rolled_from_ms, rolled_until_ms = EXCLUDED.rolled_until_ms, world = EXCLUDED.world,
           generation = greatest(usage_rollup_marks.generation + 1, EXCLUDED.generation)`,
        [orgId, fresh.fromMs, fresh.untilMs, fresh.world, fresh.generation],
      );
    });
    if (result.restarted) options.log?.info('usage rollup restarted: another world', { org: orgId });
    mark = (await readMark(db, orgId)) ?? fresh;
  }

  const prometheus = options.prometheusUrl ? prometheusSamples(options.prometheusUrl, orgId, options.fetch) : null;
  const overBudget = () => options.shouldStop?.() === true || (options.budgetMs !== undefined && Date.now() - started > options.budgetMs);
  const run = async (fromMs: number, toMs: number, next: Mark, forward: boolean): Promise<boolean> => {
    let sample: GpuSampler = options.sample ?? gpuSample;
    if (prometheus && !options.sample) sample = await prometheus(fromMs, toMs);
    const shared = sample === gpuSample && forward;
    const ledger = ledgerFor(orgId, startOfUtcDay(fromMs), settings, shared);
    const rows = toMs > fromMs ? await chunkRows(db, orgId, fromMs, toMs, ledger, sample) : { values: [], count: 0 };
    const written = await commitChunk(db, orgId, mark!, next, fromMs, toMs, rows);
    if (!written) return false;
    result.hours += (toMs - fromMs) / MS_PER_HOUR;
    result.rows += rows.count;
    mark = next;
    return true;
  };

  // Forward: the hours closed since the last call, a day at a time.
  while (mark.untilMs < target && !overBudget()) {
    const to = Math.min(target, startOfUtcDay(mark.untilMs) + MS_PER_DAY);
    if (!(await run(mark.untilMs, to, { ...mark, untilMs: to }, true))) break;
  }
  // Backward: the history, newest day first, to the first pod's creation (then from = 0: complete).
  const historyDays = options.historyDays ?? (String(org.preset) === 'large' ? LARGE_HISTORY_DAYS : Number.POSITIVE_INFINITY);
  const firstHour = org.first_created_ms === null ? null : startOfHour(Number(org.first_created_ms));
  const floor = Math.max(firstHour ?? Number.POSITIVE_INFINITY, Number.isFinite(historyDays) ? startOfUtcDay(clockClosed - historyDays * MS_PER_DAY) : Number.NEGATIVE_INFINITY);
  if (!options.forwardOnly) {
    while (mark.fromMs > 0 && mark.untilMs >= target && !overBudget()) {
      if (firstHour === null || mark.fromMs <= firstHour) {
        // Nothing ran before: every hour before the mark is stored (as no rows).
        if (!(await run(mark.fromMs, mark.fromMs, { ...mark, fromMs: 0 }, false))) break;
        continue;
      }
      if (mark.fromMs <= floor) break;
      const from = Math.max(floor, startOfUtcDay(mark.fromMs - 1));
      if (!(await run(from, mark.fromMs, { ...mark, fromMs: from <= firstHour ? 0 : from }, false))) break;
    }
  }
  result.rolledFromMs = mark.fromMs;
  result.rolledUntilMs = mark.untilMs;
  result.complete = mark.untilMs >= target && (mark.fromMs === 0 || mark.fromMs <= floor);
  if (result.hours > 0) options.log?.debug('usage rolled up', { org: orgId, hours: result.hours, rows: result.rows, fromMs: mark.fromMs, untilMs: mark.untilMs, ms: Date.now() - started });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Prometheus: a chunk's samples, fetched once per organization

type Series = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

const label = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/**
 * A sampler over one chunk's samples from Prometheus: for each DCGM field one query_range of
 * avg_over_time(field{namespace="<org>"}[5m]) at every period's last millisecond (as
 * prometheus-telemetry.ts reads a period), all the organization's series at once.
 */
function prometheusSamples(baseUrl: string, orgId: string, fetchImpl: typeof fetch = (i, init) => globalThis.fetch(i, init)) {
  const base = baseUrl.replace(/\/+$/, '');
  return async (fromMs: number, toMs: number): Promise<GpuSampler> => {
    const found = new Map<string, number>();
    const gpuLabels = new Map<string, Set<string>>();
    if (toMs > fromMs) {
      await Promise.all(
        METRIC_NAMES.map(async (name) => {
          const params = {
            query: `avg_over_time(${name}{namespace=${label(orgId)}}[${SAMPLE_PERIOD_MS / 1000}s])`,
            start: ((fromMs + SAMPLE_PERIOD_MS - 1) / 1000).toFixed(3),
            end: ((toMs - 1) / 1000).toFixed(3),
            step: `${SAMPLE_PERIOD_MS / 1000}s`,
          };
          const res = await fetchImpl(new URL(`${base}/api/v1/query_range`), { method: 'POST', body: new URLSearchParams(params), signal: AbortSignal.timeout(30_000) });
          const answer = (await res.json()) as { status: string; error?: string; data?: { result: Series } };
          if (answer.status !== 'success' || !answer.data) throw new Error(`Prometheus refused ${params.query}: ${answer.error ?? 'no data'}`);
          for (const s of answer.data.result) {
            const pod = s.metric.pod ?? '';
            const gpu = s.metric.gpu ?? '0';
            let labels = gpuLabels.get(pod);
            if (!labels) gpuLabels.set(pod, (labels = new Set()));
            labels.add(gpu);
            for (const [t, value] of s.values) {
              const periodStartMs = Math.round(t * 1000) - SAMPLE_PERIOD_MS + 1;
              const v = Number(value);
              if (Number.isFinite(v)) found.set(`${pod}|${gpu}|${name}|${periodStartMs}`, v);
            }
          }
        }),
      );
    }
    const sorted = new Map([...gpuLabels].map(([pod, labels]) => [pod, [...labels].sort((a, b) => Number(a) - Number(b))]));
    return (pod, _gpu, gpuIndex, tMs) => {
      // prometheus-telemetry.ts gpuLabelOf: the pod's GPUs are its node labels in order, else the index itself.
      const labels = sorted.get(pod.id) ?? [];
      const gpuLabel = labels.length === pod.gpuCount ? labels[gpuIndex] : labels.includes(String(gpuIndex)) ? String(gpuIndex) : undefined;
      if (gpuLabel === undefined) return null;
      const periodStartMs = Math.floor(tMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
      const sample: Partial<Record<MetricName, number>> = {};
      for (const name of METRIC_NAMES) {
        const v = found.get(`${pod.id}|${gpuLabel}|${name}|${periodStartMs}`);
        if (v === undefined) return null;
        sample[name] = v;
      }
      return sample as GpuSample;
    };
  };
}

// ---------------------------------------------------------------------------------------------
// The background loop (server/main.ts)

export interface UsageReconcilerOptions extends Omit<RollUpOptions, 'budgetMs'> {
  db: Database;
  log: Logger;
  /** Seconds between rounds over the organizations (default 15). */
  intervalS?: number;
  /** Seconds before the first round (default 30: a starting server first answers its requests). */
  delayS?: number;
  /** Organizations rolled up at once (default 2). */
  concurrency?: number;
  /** Work per organization per round before the next one gets its turn (ms, default 20,000). */
  budgetMs?: number;
}

/** Rolls every organization up, round after round, until stopped. */
export function startUsageReconciler(options: UsageReconcilerOptions): { stop(): Promise<void>; round(): Promise<void> } {
  const { db, log } = options;
  const intervalMs = (options.intervalS ?? 15) * 1000;
  const concurrency = options.concurrency ?? 2;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;

  async function round(): Promise<void> {
    const orgs = (await db.query<{ id: string }>('SELECT id FROM organizations ORDER BY id')).map((r) => String(r.id));
    let next = 0;
    const worker = async () => {
      while (!stopped && next < orgs.length) {
        const orgId = orgs[next++] ?? '';
        try {
          const r = await rollUp(db, orgId, Number.POSITIVE_INFINITY, { ...options, budgetMs: options.budgetMs ?? 20_000, shouldStop: () => stopped });
          if (r.hours > 0) log.info('usage rolled up', { org: orgId, hours: r.hours, rows: r.rows, complete: r.complete, rolledFrom: new Date(r.rolledFromMs).toISOString(), rolledUntil: new Date(r.rolledUntilMs).toISOString() });
        } catch (e) {
          log.error('usage rollup failed', { org: orgId, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, orgs.length) }, worker));
  }

  const loop = () => {
    if (stopped) return;
    current = round()
      .catch((e: unknown) => log.error('usage rollup round failed', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        current = null;
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  timer = setTimeout(loop, (options.delayS ?? 30) * 1000);
  return {
    round,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
