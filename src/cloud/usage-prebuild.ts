/**
 * Prebuilding the usage ledger's closed history on other threads: the messages between a thread
 * that holds the pods and the threads that build, the build (UsageLedger.podDay, the same code
 * the reads run) and the ingest (UsageLedger.ingest). Everything here is plain functions over
 * data, so a test runs the build in-process and compares it with a ledger's own. The rollup
 * bench (scripts/bench-rollup.mjs) splits the large preset's 90 days over worker_threads with it.
 * In the browser, the simulator's own Web Worker (mocks/cloud-worker.ts) starts a second one
 * (usage-worker.ts) for a large world's first usage read (mocks/ledger-prebuild.ts): the two
 * build the days the Utilization page asks for from both ends of the pod list, on two cores.
 *
 * What the worker builds from: the page SENDS THE PODS (the fields the ledger reads, transitions
 * as typed arrays) rather than the worker regenerating the world from (seed, preset, scenario,
 * anchor). Regenerating is only right for a world nobody has touched: a default-preset world is
 * restored from localStorage with launches, stops, deletions, GPU-count changes, scenario resets
 * and time travel since its anchor, and the worker would have to know which hours of which pods
 * those left alone. Sent pods are, by construction, the pods the reads will ask about, for any
 * world. The price is encoding and cloning them on the main thread: about 230,000 transitions on
 * the large preset, packed into typed arrays a few hundred pods at a time (each chunk a few ms).
 *
 * Which hours are safe: only hours closed when the prebuild starts, before
 * min(now, the reconcilers' mark) (the reads' own closed mark). Transitions are only ever
 * appended at or after that mark, and a GPU count changes in place only from now on, so hours
 * before it are the same whatever happens to the pods while the worker runs. A pod launched
 * later is not sent: the reads build it (it has little history). The keys rows are ingested
 * under are computed on the page from its own Pod objects (UsageLedger.podKey).
 *
 * Order: newest first, in tiers of days back from today (today's closed hours, then the last 7
 * days, then back to 14, 30, 60 and the start of history), so the default 7-day page (its window
 * and the previous one) is covered first. Within a tier the worker walks the pods from the LAST
 * to the first: the page's reads walk them from the first, so while a read is building days
 * itself the two meet in the middle instead of building the same pod-days twice; for the first
 * two tiers, the upper half of the pods of both before the lower half (passesOf).
 */
import { MS_PER_DAY, startOfUtcDay } from '../domain/units';
import type { WasteSettings } from '../domain/waste';
import type { Pod, PodStatus } from './model';
import { POD_STATUSES } from './model';
import { runningIntervals } from './lifecycle';
import { FIELDS, RowBlocks, UsageLedger, type PodDay } from './usage-ledger';

const HOURS_PER_DAY = 24;

/** The fields of a pod the ledger reads (its key, its telemetry, its runs), transitions apart. */
export interface PodHead {
  id: string;
  seed: number;
  createdAtMs: number;
  archetype: Pod['archetype'];
  gpuTypeId: string;
  regionId: string;
  rateMicroUsdPerGpuHour: number;
  gpuCount: number;
  gpuCountHistory?: Array<{ fromMs: number; gpuCount: number }>;
  /** A MIG slice's profile: its memory, its share of the GPU's seconds and power, part of the key. */
  migProfile?: string;
  /** How many of `at`/`status` are this pod's transitions. */
  transitions: number;
}

/** Page → worker: a chunk of pods (in the page's order), transitions packed as typed arrays. */
export interface PodsMessage {
  type: 'pods';
  heads: PodHead[];
  at: Float64Array;
  status: Uint8Array;
}

/** Page → worker: every pod is sent; build with these thresholds the hours closed before closedUntilMs. */
export interface BuildMessage {
  type: 'build';
  settings: WasteSettings;
  closedUntilMs: number;
  /** Build only this many days back from today (today is one; default all of history). */
  days?: number;
  /** Hand a batch over once it holds this many pod-days (PrebuildOptions; tests make batches small). */
  batchPodDays?: number;
}

/**
 * Page → worker: the page's reads hold the rest of this pass's days already (a batch of it came
 * that they had all built): go on to the next pass.
 */
export interface SkipMessage {
  type: 'skip';
  pass: number;
}

export type ToWorker = PodsMessage | BuildMessage | SkipMessage;

/**
 * Worker → page: built pod-days. Day i is pod podIndex[i]'s day starting dayStartMs[i], with
 * builtHours[i] hours of gpuCount[i] GPUs; its rows lie in `rows` from offset[i]: 24 hours
 * (hours[(h × gpuCount + g) × FIELDS + f]) then the day's sum per GPU (gpuCount × FIELDS).
 * Every array is sent as a transferable buffer.
 */
export interface DaysMessage {
  type: 'days';
  podIndex: Int32Array;
  dayStartMs: Float64Array;
  gpuCount: Int32Array;
  builtHours: Int32Array;
  offset: Int32Array;
  rows: Int32Array;
  /** Hours the worker built for this batch (including hours of days the pods did not run). */
  hoursBuilt: number;
  /** The pass (passesOf) the batch's days belong to. */
  pass: number;
}

/** Worker → page: the build is over. */
export interface DoneMessage {
  type: 'done';
  podDays: number;
  hoursBuilt: number;
  buildMs: number;
}

export type FromWorker = DaysMessage | DoneMessage;

/** The buffers of a message to hand over rather than copy. */
export function transferablesOf(m: DaysMessage | PodsMessage): ArrayBuffer[] {
  const arrays = m.type === 'days' ? [m.podIndex, m.dayStartMs, m.gpuCount, m.builtHours, m.offset, m.rows] : [m.at, m.status];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

const STATUS_CODE = new Map<PodStatus, number>(POD_STATUSES.map((s, i) => [s, i]));

/** Pods [from, to) of a list as one message (the page's side). */
export function encodePods(pods: readonly Pod[], from: number, to: number): PodsMessage {
  let n = 0;
  for (let i = from; i < to; i++) n += pods[i]!.transitions.length;
  const at = new Float64Array(n);
  const status = new Uint8Array(n);
  const heads: PodHead[] = [];
  let k = 0;
  for (let i = from; i < to; i++) {
    const p = pods[i]!;
    for (const t of p.transitions) {
      at[k] = t.atMs;
      status[k++] = STATUS_CODE.get(t.status) ?? 0;
    }
    const head: PodHead = {
      id: p.id,
      seed: p.seed,
      createdAtMs: p.createdAtMs,
      archetype: p.archetype,
      gpuTypeId: p.gpuTypeId,
      regionId: p.regionId,
      rateMicroUsdPerGpuHour: p.rateMicroUsdPerGpuHour,
      gpuCount: p.gpuCount,
      transitions: p.transitions.length,
    };
    if (p.gpuCountHistory) head.gpuCountHistory = p.gpuCountHistory.map((c) => ({ ...c }));
    if (p.migProfile) head.migProfile = p.migProfile;
    heads.push(head);
  }
  return { type: 'pods', heads, at, status };
}

/**
 * The worker's pods from a message: Pod objects carrying the fields the ledger reads; the rest
 * (names, owner, disk, keys) are blank, as the ledger never reads them.
 */
export function decodePods(m: PodsMessage): Pod[] {
  let k = 0;
  // Written out field by field: an object rest and spread per pod took most of the decoding's time.
  return m.heads.map((h) => {
    const list: Pod['transitions'] = new Array(h.transitions);
    for (let j = 0; j < h.transitions; j++, k++) list[j] = { status: POD_STATUSES[m.status[k] ?? 0] ?? 'queued', atMs: m.at[k] ?? 0, reason: '' };
    const pod: Pod = {
      id: h.id,
      seed: h.seed,
      createdAtMs: h.createdAtMs,
      archetype: h.archetype,
      gpuTypeId: h.gpuTypeId,
      regionId: h.regionId,
      rateMicroUsdPerGpuHour: h.rateMicroUsdPerGpuHour,
      gpuCount: h.gpuCount,
      name: '',
      projectId: '',
      ownerId: '',
      imageId: '',
      diskGb: 0,
      autoStopIdleMinutes: null,
      sshPublicKey: '',
      diskMicroUsdPerHour: 0,
      transitions: list,
    };
    if (h.gpuCountHistory) pod.gpuCountHistory = h.gpuCountHistory;
    if (h.migProfile) pod.migProfile = h.migProfile;
    return pod;
  });
}

/** Days back from today (today is 0) where each tier ends: today and the last 7, then 14, 30, 60, all. */
export const TIERS_DAYS = [8, 15, 31, 61, Infinity];

export interface PrebuildOptions {
  settings: WasteSettings;
  closedUntilMs: number;
  /** Hand a batch over once it took this long to build (default 50 ms)… */
  batchMs?: number;
  /** …or once it holds this many pod-days (default 1,000: each is ingested on the page in one go). */
  batchPodDays?: number;
  /** Clock for batchMs (default performance.now). */
  clock?: () => number;
  /** Build only this many days back from today (today is one; default all of history). */
  days?: number;
  /** Whether to leave the rest of a pass (the page said its reads have built it), asked before each pod. */
  skipped?: (pass: number) => boolean;
}

/**
 * The worker's build: every pod-day of the closed history, newest tier first, pods from last to
 * first, handed over in batches (a generator: the worker posts each batch as it comes). The
 * ledger is the worker's own and forgets each batch once it is handed over.
 */
export function* prebuildBatches(pods: readonly Pod[], options: PrebuildOptions): Generator<DaysMessage> {
  const { settings, closedUntilMs } = options;
  const batchMs = options.batchMs ?? 50;
  const batchPodDays = options.batchPodDays ?? 1_000;
  const clock = options.clock ?? (() => performance.now());
  // Each batch's days are built straight into one block, and the block is the batch's rows.
  const blocks = new RowBlocks(BATCH_BLOCK_LENGTH);
  const ledger = new UsageLedger(settings, blocks);
  const today = startOfUtcDay(closedUntilMs);
  const firstMs = pods.reduce((m, p) => Math.min(m, p.transitions[0]?.atMs ?? p.createdAtMs, p.createdAtMs), closedUntilMs);
  const daysBack = Math.min(options.days ?? Infinity, Math.max(0, Math.round((today - startOfUtcDay(firstMs)) / MS_PER_DAY)) + 1);
  let batch: Array<{ pod: number; day: PodDay }> = [];
  let started = clock();
  let hoursBefore = 0;
  let pass = 0;
  const flush = (): DaysMessage => {
    const out = packDays(batch, blocks.seal(), ledger.hoursBuilt - hoursBefore, pass);
    hoursBefore = ledger.hoursBuilt;
    batch = [];
    ledger.clear();
    started = clock();
    return out;
  };
  const passes = passesOf(pods.length, daysBack);
  for (pass = 0; pass < passes.length; pass++) {
    const { from, to, podFrom, podTo } = passes[pass]!;
    for (let i = podFrom - 1; i >= podTo && !options.skipped?.(pass); i--) {
      const pod = pods[i]!;
      // Days the pod did not run are skipped here (podDay would find no run and store nothing).
      const runs = runningIntervals(pod, today - (to - 1) * MS_PER_DAY, Math.min(today - (from - 1) * MS_PER_DAY, closedUntilMs));
      let r = runs.length - 1;
      const mostRows = (HOURS_PER_DAY + 1) * mostGpusOf(pod) * FIELDS;
      for (let back = from; back < to && r >= 0; back++) {
        const dayMs = today - back * MS_PER_DAY;
        while (r >= 0 && runs[r]!.startMs >= dayMs + MS_PER_DAY) r--;
        if (r < 0 || runs[r]!.endMs <= dayMs) continue;
        // A batch's days lie on one block: hand it over before a day would not fit.
        if (blocks.room < mostRows) {
          if (batch.length > 0) yield flush();
          else blocks.seal();
        }
        const day = ledger.podDay(pod, dayMs, closedUntilMs);
        if (day && day.builtHours > 0) batch.push({ pod: i, day });
      }
      if (batch.length >= batchPodDays || (batch.length > 0 && clock() - started >= batchMs)) yield flush();
    }
    // A batch is one pass's days: the page tells from it whose days they are.
    if (batch.length > 0) yield flush();
  }
}

/**
 * The order of the build: days [from, to) back from today of pods [podTo, podFrom), walked down.
 * The page's reads walk the pods from the first, the window's days and then the previous
 * window's (the second tier), so the worker takes the upper half of the pods for both of those
 * first, then the lower half: the two meet in the middle of each tier. (Walking the whole first
 * tier first, the worker spent the time the reads took on the second tier building the first
 * tier's lower half, which the reads had built.) Older tiers: every pod, from the last.
 */
export function passesOf(podCount: number, daysBack: number): Array<{ from: number; to: number; podFrom: number; podTo: number }> {
  const tiers: Array<{ from: number; to: number }> = [];
  let from = 0;
  for (const tierEnd of TIERS_DAYS) {
    const to = Math.min(tierEnd, daysBack);
    if (to > from) tiers.push({ from, to });
    from = Math.max(from, to);
  }
  const middle = Math.floor(podCount / 2);
  const halved = tiers.slice(0, 2);
  return [
    ...halved.map((t) => ({ ...t, podFrom: podCount, podTo: middle })),
    ...halved.map((t) => ({ ...t, podFrom: middle, podTo: 0 })),
    ...tiers.slice(2).map((t) => ({ ...t, podFrom: podCount, podTo: 0 })),
  ];
}

/** int32s per batch block (1 MiB: about 200 one-GPU pod-days, 20-30 ms of building: most batches end on a full block). */
const BATCH_BLOCK_LENGTH = 1 << 18;

/** The most GPUs a pod ever had: a bound on the rows of any of its days. */
function mostGpusOf(pod: Pod): number {
  let most = Math.max(1, pod.gpuCount);
  for (const c of pod.gpuCountHistory ?? []) most = Math.max(most, c.gpuCount);
  return most;
}

/**
 * A batch as a message. Its days were built on `block` (the ledger's block, sealed), so the
 * block is sent as the rows, each day at its own offset; a block less than half full is sent as
 * a copy of its filled part (a batch handed over for time). Days from elsewhere are copied.
 */
function packDays(batch: ReadonlyArray<{ pod: number; day: PodDay }>, block: Int32Array, hoursBuilt: number, pass: number): DaysMessage {
  const n = batch.length;
  const m: DaysMessage = { type: 'days', podIndex: new Int32Array(n), dayStartMs: new Float64Array(n), gpuCount: new Int32Array(n), builtHours: new Int32Array(n), offset: new Int32Array(n), rows: new Int32Array(0), hoursBuilt, pass };
  const onBlock = batch.every(({ day }) => day.hours.buffer === block.buffer && day.total.byteOffset === day.hours.byteOffset + day.hours.byteLength);
  let size = 0;
  batch.forEach(({ pod, day }, i) => {
    m.podIndex[i] = pod;
    m.dayStartMs[i] = day.dayStartMs;
    m.gpuCount[i] = day.gpuCount;
    m.builtHours[i] = day.builtHours;
    m.offset[i] = onBlock ? (day.hours.byteOffset - block.byteOffset) / Int32Array.BYTES_PER_ELEMENT : size;
    size += (HOURS_PER_DAY + 1) * day.gpuCount * FIELDS;
  });
  if (onBlock) {
    m.rows = 2 * block.length < block.buffer.byteLength / Int32Array.BYTES_PER_ELEMENT ? block.slice() : block;
    return m;
  }
  m.rows = new Int32Array(size);
  batch.forEach(({ day }, i) => {
    const at = m.offset[i]!;
    m.rows.set(day.hours, at);
    m.rows.set(day.total, at + day.hours.length);
  });
  return m;
}

/**
 * The page's side: a batch's pod-days into its ledger, under the keys of the pods it sent (by
 * index). Cheap: the days are views on the batch's buffer, nothing is copied or recomputed.
 * A day the ledger already holds as much of (a read built it first) is left as it is. Returns
 * how many days it took.
 */
export function ingestDays(ledger: UsageLedger, keys: readonly string[], m: DaysMessage): number {
  let n = 0;
  for (let i = 0; i < m.podIndex.length; i++) {
    const key = keys[m.podIndex[i]!];
    if (key === undefined) continue;
    const gpuCount = m.gpuCount[i]!;
    const at = m.offset[i]!;
    const hoursEnd = at + HOURS_PER_DAY * gpuCount * FIELDS;
    if (ledger.ingest(key, { dayStartMs: m.dayStartMs[i]!, gpuCount, builtHours: m.builtHours[i]!, hours: m.rows.subarray(at, hoursEnd), total: m.rows.subarray(hoursEnd, hoursEnd + gpuCount * FIELDS) })) n++;
  }
  return n;
}
