/**
 * The simulator's usage ledger: each pod's GPU-hour rows (domain/usage-rollup.ts), computed
 * once per closed hour from every 5-minute period and kept, grouped by UTC day with the day's
 * sum beside its hours. Reads add up stored rows; only the still-open hour is computed live
 * and never kept. Building is idempotent and commits one whole hour at a time, so a build
 * stopped half-way (a crash, a yield that never resumed) leaves no half-written hour, and
 * running it again gives the same rows. A server keeps the same rows in tables instead.
 */
import type { GpuType } from '../domain/catalog';
import { cheapestFittingTier } from '../domain/tier-fit';
import { gpuTflops } from '../domain/catalog';
import { gpuFraction, gpuInstanceMemMiB } from '../domain/mig';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from '../domain/units';
import { gpuHourUsageInto, hourColumns, PERIODS_PER_HOUR, tailAfter, USAGE_FIELDS, USAGE_PERIOD_MS, type HourColumns, type UsageRates, type UsageRow } from '../domain/usage-rollup';
import type { WasteSettings } from '../domain/waste';
import { gpuTypes, offers, regions } from './catalog-data';
import type { Pod } from './model';
import { countedRuns, type CountedRun } from './pod-observations';
import { gpuSample, SAMPLE_PERIOD_MS, usageSamplesInto, type GpuSampler } from './telemetry';

export const FIELDS = USAGE_FIELDS.length;
const HOURS_PER_DAY = 24;
const PEAK_MEM = USAGE_FIELDS.indexOf('peakMemMiB');
const ALLOCATED = USAGE_FIELDS.indexOf('allocatedSeconds');
const IDLE_TAIL = USAGE_FIELDS.indexOf('idleTailSeconds');
// addRowInto's order: the sums, the peak among them, the tail last.
if (IDLE_TAIL !== FIELDS - 1 || PEAK_MEM >= IDLE_TAIL) throw new Error('usage fields out of the order the ledger adds them in');

/** The start of the hour holding t. */
export const startOfHour = (tMs: number): number => Math.floor(tMs / MS_PER_HOUR) * MS_PER_HOUR;

/**
 * One pod's rows for one UTC day: hours[(h × gpuCount + g) × FIELDS + f], and total, the sum of
 * the built hours per GPU: total[g × FIELDS + f]. Hours from builtHours on are not built yet
 * (the day is today, or the build was stopped); their rows are zero.
 */
export interface PodDay {
  dayStartMs: number;
  gpuCount: number;
  builtHours: number;
  hours: Int32Array;
  total: Int32Array;
  /**
   * historyFingerprint of the pod when the day was built: a day is rebuilt when what the pod
   * did before the day's end differs (another organization's copy of the pod, a count changed
   * later that day). Absent on a day ingested from elsewhere: taken as it is.
   */
  fingerprint?: number;
}

const STATUS_CODES = new Map(['queued', 'provisioning', 'running', 'stopping', 'stopped', 'terminating', 'terminated', 'failed'].map((s, i) => [s, i + 1]));

/** A hash of the pod's lifecycle and GPU counts before endMs: what its rows up to then depend on. */
export function historyFingerprint(pod: Pod, endMs: number): number {
  let h = 0x811c9dc5;
  const mix = (x: number): void => {
    h = Math.imul(h ^ (x >>> 0), 0x01000193);
    h = Math.imul(h ^ Math.floor(x / 4294967296), 0x01000193);
  };
  for (const t of pod.transitions) {
    if (t.atMs >= endMs) break;
    mix(t.atMs);
    mix(STATUS_CODES.get(t.status) ?? 0);
  }
  for (const c of pod.gpuCountHistory ?? []) {
    if (c.fromMs >= endMs) break;
    mix(c.fromMs);
    mix(c.gpuCount);
  }
  mix(pod.gpuCount);
  return h >>> 0;
}

function gpuTypeOf(pod: Pod): GpuType {
  const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId);
  if (!gpu) throw new Error(`unknown GPU type ${pod.gpuTypeId}`);
  return gpu;
}

/** The most GPUs the pod had while running in [fromMs, toMs) (0: it did not run). */
function gpuCountIn(runs: readonly CountedRun[]): number {
  return runs.reduce((n, r) => Math.max(n, r.gpuCount), 0);
}

/** Every GPU's memory (MiB) and dense TFLOPS, ascending: where tier fit's answer can change. */
const VRAM_STEPS = [...new Set(gpuTypes.map((g) => g.vramGiB * 1024))].sort((a, b) => a - b);
const TFLOPS_STEPS = [...new Set(gpuTypes.map((g) => gpuTflops(g)))].sort((a, b) => a - b);

/** How many of the ascending steps lie below x. */
function stepsBelow(steps: readonly number[], x: number): number {
  let i = 0;
  while (i < steps.length && (steps[i] ?? 0) < x) i++;
  return i;
}

/**
 * A pod's prices for the ledger: its rate, its region's energy figures, and a cheaper GPU's rate
 * for an hour's evidence. Tier fit tests each GPU's memory against peak × headroom and its
 * TFLOPS against the demand, so its answer depends only on how many GPUs' memory and TFLOPS lie
 * below those two: the answer is memoized per that pair (exact for any evidence, and a handful of
 * entries per pod price), and cheapestFittingTier stays the one rule that decides it.
 */
class PodRates {
  private readonly memo = new Map<number, number | null>();
  private readonly tflops: number;
  readonly rates: UsageRates;

  constructor(
    private readonly pod: Pod,
    private readonly gpuType: GpuType,
    private readonly memoryHeadroom: number,
  ) {
    const region = regions.find((r) => r.id === pod.regionId);
    // A MIG slice: its fraction of the GPU's seconds and TFLOPS, its own memory.
    const fraction = gpuFraction(pod.migProfile);
    this.rates = { rateMicroUsdPerGpuHour: pod.rateMicroUsdPerGpuHour, cheaperRateMicroUsdPerGpuHour: null, pue: region?.pue ?? 1, gridGCo2ePerKWh: region?.gridGCo2ePerKWh ?? 0, vramMiB: gpuInstanceMemMiB(pod.migProfile, gpuType.vramGiB), gpuFraction: fraction };
    this.tflops = gpuTflops(gpuType) * fraction;
  }

  cheaperRate(peakMemMiB: number, p95SmActive: number): number | null {
    const demandTflops = p95SmActive * this.tflops;
    const key = stepsBelow(VRAM_STEPS, peakMemMiB * this.memoryHeadroom) * 1024 + stepsBelow(TFLOPS_STEPS, demandTflops);
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const fit = cheapestFittingTier({
      current: { gpuType: this.gpuType, rateMicroUsdPerGpuHour: this.pod.rateMicroUsdPerGpuHour, regionId: this.pod.regionId },
      demand: { peakMemMiB, demandTflops },
      gpuTypes,
      offers,
      regions,
      memoryHeadroom: this.memoryHeadroom,
    });
    const rate = fit ? fit.rateMicroUsdPerGpuHour : null;
    this.memo.set(key, rate);
    return rate;
  }
}

/** PodRates per pod and price, shared by every hour a store builds. */
class CheaperRates {
  private readonly byPod = new Map<string, PodRates>();
  constructor(private readonly memoryHeadroom: number) {}

  ratesFor(pod: Pod, gpuType: GpuType): PodRates {
    const key = `${pod.gpuTypeId}|${pod.regionId}|${pod.rateMicroUsdPerGpuHour}|${pod.migProfile ?? ''}`;
    let rates = this.byPod.get(key);
    if (!rates) {
      rates = new PodRates(pod, gpuType, this.memoryHeadroom);
      this.byPod.set(key, rates);
    }
    return rates;
  }
}

const columns = hourColumns();
/**
 * The running time of an hour's periods for one GPU, and the 5-minute period (floor(t ÷ 5 min))
 * each was sampled in: the same for every GPU the pod had all hour, so worked out once per pod-hour.
 */
interface HourPattern {
  count: number;
  runningMs: Float64Array;
  sampleAtMs: Float64Array;
  buckets: Int32Array;
}
const newPattern = (): HourPattern => ({ count: 0, runningMs: new Float64Array(PERIODS_PER_HOUR), sampleAtMs: new Float64Array(PERIODS_PER_HOUR), buckets: new Int32Array(PERIODS_PER_HOUR) });
const shared = newPattern();
const own = newPattern();

/**
 * One GPU's running periods of [hourStartMs, endMs) (endMs: the hour's end, or now for the open
 * hour): its running time in each 5-minute period, sampled inside its running stretch (every
 * moment of a period reads the same sample).
 */
function patternOf(runs: readonly CountedRun[], hourStartMs: number, endMs: number, gpu: number, into: HourPattern): HourPattern {
  into.count = 0;
  for (let p = 0; p < PERIODS_PER_HOUR; p++) {
    const ps = hourStartMs + p * USAGE_PERIOD_MS;
    const pe = Math.min(ps + USAGE_PERIOD_MS, endMs);
    if (pe <= ps) break;
    let runningMs = 0;
    let sampleAtMs = -1;
    for (let k = 0; k < runs.length; k++) {
      const r = runs[k]!;
      if (r.startMs >= pe) break;
      if (r.endMs <= ps || r.gpuCount <= gpu) continue;
      const s = r.startMs > ps ? r.startMs : ps;
      const e = r.endMs < pe ? r.endMs : pe;
      if (sampleAtMs < 0) sampleAtMs = Math.floor((s + e) / 2);
      runningMs += e - s;
    }
    if (runningMs <= 0) continue;
    const i = into.count++;
    into.runningMs[i] = runningMs;
    into.sampleAtMs[i] = sampleAtMs;
    into.buckets[i] = Math.floor(sampleAtMs / SAMPLE_PERIOD_MS);
  }
  return into;
}

/** One GPU's periods into `columns`: the pattern's running time and each period's sample (the simulator's in one call). */
function fillColumns(pod: Pod, gpuType: GpuType, pattern: HourPattern, gpu: number, sample: GpuSampler): void {
  const n = pattern.count;
  columns.count = n;
  columns.runningMs.set(pattern.runningMs);
  if (sample === gpuSample) {
    columns.observed.fill(1);
    if (n > 0) usageSamplesInto(pod, gpuType, gpu, pattern.buckets, n, columns);
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = sample(pod, gpuType, gpu, pattern.sampleAtMs[i]!);
    columns.observed[i] = s ? 1 : 0;
    columns.engineActive[i] = s?.DCGM_FI_PROF_GR_ENGINE_ACTIVE ?? 0;
    columns.smActive[i] = s?.DCGM_FI_PROF_SM_ACTIVE ?? 0;
    columns.memUsedMiB[i] = s?.DCGM_FI_DEV_FB_USED ?? 0;
    columns.powerW[i] = s?.DCGM_FI_DEV_POWER_USAGE ?? 0;
    columns.tensorActive[i] = s?.DCGM_FI_PROF_PIPE_TENSOR_ACTIVE ?? 0;
  }
}

/** An hour's periods of one GPU, as the domain's objects (for tests and other readers). */
export function hourPeriods(pod: Pod, runs: readonly CountedRun[], hourStartMs: number, endMs: number, gpu: number, sample: GpuSampler = gpuSample): HourColumns {
  fillColumns(pod, gpuTypeOf(pod), patternOf(runs, hourStartMs, endMs, gpu, own), gpu, sample);
  return { ...columns, runningMs: columns.runningMs.slice(), observed: columns.observed.slice(), engineActive: columns.engineActive.slice(), smActive: columns.smActive.slice(), memUsedMiB: columns.memUsedMiB.slice(), powerW: columns.powerW.slice(), tensorActive: columns.tensorActive.slice() };
}

/** The rows of one pod-hour (endMs: the hour's end, or now), written into `into` at `offset`, one per GPU. */
function writeHour(
  pod: Pod,
  gpuType: GpuType,
  runs: readonly CountedRun[],
  hourStartMs: number,
  endMs: number,
  gpuCount: number,
  settings: WasteSettings,
  sample: GpuSampler,
  podRates: PodRates,
  into: Int32Array,
  offset: number,
): void {
  // GPUs below the fewest the pod had in the hour's runs ran in every run: the same periods.
  let fewest = Infinity;
  for (const r of runs) if (r.endMs > hourStartMs && r.startMs < endMs) fewest = Math.min(fewest, r.gpuCount);
  if (fewest === Infinity) {
    into.fill(0, offset, offset + gpuCount * FIELDS);
    return;
  }
  patternOf(runs, hourStartMs, endMs, 0, shared);
  for (let g = 0; g < gpuCount; g++) {
    const pattern = g < fewest ? shared : patternOf(runs, hourStartMs, endMs, g, own);
    if (pattern.count === 0) {
      // Every row of the hour is written, this one as zeros: a build that died half-way through the hour may have left one here.
      into.fill(0, offset + g * FIELDS, offset + (g + 1) * FIELDS);
      continue;
    }
    fillColumns(pod, gpuType, pattern, g, sample);
    gpuHourUsageInto(columns, podRates.rates, settings, into, offset + g * FIELDS, podRates);
  }
}

/**
 * Adds rows (FIELDS numbers each) into a sum: peak memory by max, the idle tail in time order
 * (`from` being the later span: tailAfter), the rest by sum. The packed bands sum safely up to a
 * day (a day row); a wider sum's bands are not read (usage-evidence.ts unpacks row by row).
 */
export function addRowInto(into: Int32Array | Float64Array, at: number, from: ArrayLike<number>, fromAt: number): void {
  // The fields' order (checked where FIELDS is defined): the sums, the peak among them, the tail last.
  into[at + IDLE_TAIL] = tailAfter(into[at + IDLE_TAIL]!, from[fromAt + IDLE_TAIL]!, from[fromAt + ALLOCATED]!);
  for (let f = 0; f < PEAK_MEM; f++) into[at + f] = into[at + f]! + from[fromAt + f]!;
  into[at + PEAK_MEM] = Math.max(into[at + PEAK_MEM]!, from[fromAt + PEAK_MEM]!);
  for (let f = PEAK_MEM + 1; f < IDLE_TAIL; f++) into[at + f] = into[at + f]! + from[fromAt + f]!;
}

/** A UsageRow from FIELDS numbers at an offset. */
export function rowAt(values: ArrayLike<number>, at = 0): UsageRow {
  const row = {} as UsageRow;
  USAGE_FIELDS.forEach((f, i) => {
    row[f] = values[at + i] ?? 0;
  });
  return row;
}

/**
 * Where a ledger's day rows live: views on shared blocks rather than a buffer per day. A buffer
 * of its own is an allocation outside the heap for every pod-day; a view on a block is not, and
 * a block of built days can be handed to another thread whole (usage-prebuild.ts). A block
 * lives while any day on it does: a ledger that forgets its days (clear) lets its blocks go.
 */
export class RowBlocks {
  private block = new Int32Array(0);
  private used = 0;

  /**
   * Blocks start at blockLength int32s and double up to mostLength (default 16 Ki to 256 Ki:
   * 64 KiB, for a ledger that builds a few days, to 1 MiB, about 300 one-GPU pod-days).
   */
  constructor(
    private blockLength = 1 << 14,
    private readonly mostLength = Math.max(blockLength, 1 << 18),
  ) {}

  /** Room for `length` zeroed int32s, on the current block or a new one. */
  take(length: number): Int32Array {
    if (this.used + length > this.block.length) {
      if (this.block.length > 0) this.blockLength = Math.min(this.mostLength, 2 * this.blockLength);
      this.block = new Int32Array(Math.max(this.blockLength, length));
      this.used = 0;
    }
    const out = this.block.subarray(this.used, this.used + length);
    this.used += length;
    return out;
  }

  /** How many int32s the current block has left. */
  get room(): number {
    return this.block.length - this.used;
  }

  /** The current block's filled part, and a new block for whatever is taken next. */
  seal(): Int32Array {
    const filled = this.block.subarray(0, this.used);
    this.block = new Int32Array(0);
    this.used = 0;
    return filled;
  }
}

export interface BuildOptions {
  /** Where samples come from; default the simulator's. */
  sample?: GpuSampler;
}

/** What a store last saw of a Pod object (UsageLedger.seenOf). */
interface PodSeen {
  key: string;
  transitions: Pod['transitions'];
  transitionCount: number;
  history: Pod['gpuCountHistory'];
  historyCount: number;
  gpuCount: number;
  /** Days found consistent with this history (or built from it), by start. */
  checked: Map<number, PodDay>;
  /** Days the pod did not run in, by start: the hours of it asked about. */
  idle: Map<number, number>;
}

/**
 * The store of one setting of thresholds. Keys are the pod's identity and its transitions'
 * closed history: hours before the close mark never change for a pod (transitions are only
 * ever appended at the clock's now), so a stored hour stays right.
 */
export class UsageLedger {
  private readonly pods = new Map<string, Map<number, PodDay>>();
  /** What the store last saw of each Pod object it read (seenOf). */
  private seen = new WeakMap<Pod, PodSeen>();
  /** Tier-fit answers, memoized for this store's memory headroom. */
  readonly cheaper: CheaperRates;
  /** Hours built since the store was made (for tests and benches). */
  hoursBuilt = 0;

  /** blocks: where day rows are taken from (the prebuild hands its blocks over whole). */
  constructor(
    readonly settings: WasteSettings,
    private readonly blocks = new RowBlocks(),
  ) {
    this.cheaper = new CheaperRates(settings.memoryHeadroom);
  }

  private key(pod: Pod): string {
    return `${pod.id}|${pod.seed}|${pod.createdAtMs}|${pod.archetype}|${pod.gpuTypeId}|${pod.regionId}|${pod.rateMicroUsdPerGpuHour}${pod.migProfile ? `|${pod.migProfile}` : ''}`;
  }

  /**
   * The pod's day with every hour closed by closedUntilMs built (null: it did not run that day).
   * Builds the missing hours one at a time; each is committed whole.
   */
  podDay(pod: Pod, dayStartMs: number, closedUntilMs: number, options: BuildOptions = {}): PodDay | null {
    const seen = this.seenOf(pod);
    const key = seen.key;
    let days = this.pods.get(key);
    let day = days?.get(dayStartMs);
    const dayEnd = dayStartMs + MS_PER_DAY;
    const wantHours = Math.max(0, Math.min(HOURS_PER_DAY, Math.floor((Math.min(closedUntilMs, dayEnd) - dayStartMs) / MS_PER_HOUR)));
    // A stored day is checked against this pod's history once, not on every read of it.
    if (day && seen.checked.get(dayStartMs) !== day) {
      if (day.fingerprint !== undefined && day.fingerprint !== historyFingerprint(pod, dayEnd)) {
        days?.delete(dayStartMs);
        day = undefined;
      } else seen.checked.set(dayStartMs, day);
    }
    if (day && day.builtHours >= wantHours) return day;
    // A day the pod did not run in, as far as it was asked, while its history is as it was.
    if (!day && (seen.idle.get(dayStartMs) ?? -1) >= wantHours) return null;
    const runs = countedRuns(pod, dayStartMs, dayStartMs + wantHours * MS_PER_HOUR);
    if (!day) {
      if (runs.length === 0) {
        seen.idle.set(dayStartMs, wantHours);
        return null;
      }
      // Sized for the most GPUs the pod has in the whole day, so later hours fit.
      const gpuCount = Math.max(1, gpuCountIn(countedRuns(pod, dayStartMs, dayEnd)), gpuCountIn(runs));
      // The hours, then the day's sum: one piece of a block (the layout the prebuild sends).
      const rows = this.blocks.take((HOURS_PER_DAY + 1) * gpuCount * FIELDS);
      const hoursLength = HOURS_PER_DAY * gpuCount * FIELDS;
      day = { dayStartMs, gpuCount, builtHours: 0, hours: rows.subarray(0, hoursLength), total: rows.subarray(hoursLength), fingerprint: historyFingerprint(pod, dayEnd) };
      seen.checked.set(dayStartMs, day);
      if (!days) {
        days = new Map();
        this.pods.set(key, days);
      }
      days.set(dayStartMs, day);
    }
    const gpuType = gpuTypeOf(pod);
    const sample = options.sample ?? gpuSample;
    const width = day.gpuCount * FIELDS;
    const rates = this.cheaper.ratesFor(pod, gpuType);
    const { hours, total } = day;
    for (let h = day.builtHours; h < wantHours; h++) {
      const hs = dayStartMs + h * MS_PER_HOUR;
      const at = h * width;
      writeHour(pod, gpuType, runs, hs, hs + MS_PER_HOUR, day.gpuCount, this.settings, sample, rates, hours, at);
      // Commit: the hour's rows, then the day's sum, then the mark.
      for (let g = 0; g < day.gpuCount; g++) addRowInto(total, g * FIELDS, hours, at + g * FIELDS);
      day.builtHours = h + 1;
      this.hoursBuilt++;
    }
    return day;
  }

  /**
   * The pod's key, and the days already checked against its history, while the Pod object's
   * history is as it was: its transitions and GPU counts are the same arrays, of the same
   * lengths (they are appended to in place, or replaced), and its GPU count the same. Keys
   * are made of fields a pod never changes, so it keeps its key.
   */
  private seenOf(pod: Pod): PodSeen {
    const last = this.seen.get(pod);
    const history = pod.gpuCountHistory;
    if (last && last.transitions === pod.transitions && last.transitionCount === pod.transitions.length && last.history === history && last.historyCount === (history?.length ?? 0) && last.gpuCount === pod.gpuCount) return last;
    const now: PodSeen = { key: last?.key ?? this.key(pod), transitions: pod.transitions, transitionCount: pod.transitions.length, history, historyCount: history?.length ?? 0, gpuCount: pod.gpuCount, checked: new Map(), idle: new Map() };
    this.seen.set(pod, now);
    return now;
  }

  /** The key a pod's rows are kept under (its identity and price). */
  podKey(pod: Pod): string {
    return this.key(pod);
  }

  /**
   * Takes a pod-day built elsewhere (a Web Worker building the same world's closed history),
   * unless more of that day is stored here already (false: not taken). The caller vouches that
   * the rows were built with this store's thresholds from the same pod's telemetry.
   */
  ingest(podKey: string, day: PodDay): boolean {
    let days = this.pods.get(podKey);
    if (!days) {
      days = new Map();
      this.pods.set(podKey, days);
    }
    const mine = days.get(day.dayStartMs);
    if (mine && mine.builtHours >= day.builtHours) return false;
    days.set(day.dayStartMs, day);
    return true;
  }

  /** Forgets everything (a world replaced, thresholds changed). */
  clear(): void {
    this.pods.clear();
    this.seen = new WeakMap();
  }

  /** Every stored row, for tests: pod key → day → built hours' rows. */
  snapshot(): Map<string, Array<{ dayStartMs: number; builtHours: number; hours: number[] }>> {
    const out = new Map<string, Array<{ dayStartMs: number; builtHours: number; hours: number[] }>>();
    for (const [k, days] of this.pods) {
      out.set(
        k,
        [...days.values()].sort((a, b) => a.dayStartMs - b.dayStartMs).map((d) => ({ dayStartMs: d.dayStartMs, builtHours: d.builtHours, hours: Array.from(d.hours) })),
      );
    }
    return out;
  }
}

/**
 * Rows of [fromMs, toMs) inside one hour not closed yet (the open hour, up to now), computed
 * live, one per GPU (null: the pod did not run then). Never stored: the hour is not over.
 */
export function liveHourRows(ledger: UsageLedger, pod: Pod, fromMs: number, toMs: number, options: BuildOptions = {}): { gpuCount: number; rows: Int32Array } | null {
  const runs = countedRuns(pod, fromMs, toMs);
  if (runs.length === 0) return null;
  const gpuCount = gpuCountIn(runs);
  const rows = new Int32Array(gpuCount * FIELDS);
  const gpuType = gpuTypeOf(pod);
  writeHour(pod, gpuType, runs, startOfHour(fromMs), toMs, gpuCount, ledger.settings, options.sample ?? gpuSample, ledger.cheaper.ratesFor(pod, gpuType), rows, 0);
  return { gpuCount, rows };
}

/** The UTC days holding [fromMs, toMs). */
export function daysOf(fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let d = startOfUtcDay(fromMs); d < toMs; d += MS_PER_DAY) out.push(d);
  return out;
}

const ledgers = new Map<string, UsageLedger>();

/**
 * The shared store for a setting of thresholds (a few are kept: the organization's, and
 * what-ifs). Rows are stored only from the simulator's samples, a function of the pod alone;
 * another sampler's (a server's metrics store) belong to its request: a store of their own.
 */
export function usageLedgerFor(settings: WasteSettings, sample?: GpuSampler): UsageLedger {
  if (sample && sample !== gpuSample) return new UsageLedger(settings);
  const key = `${settings.idleEngineActive}|${settings.smActiveTarget}|${settings.memoryHeadroom}`;
  let ledger = ledgers.get(key);
  if (!ledger) {
    if (ledgers.size >= 3) {
      const oldest = ledgers.keys().next().value;
      if (oldest !== undefined) ledgers.delete(oldest);
    }
    ledger = new UsageLedger(settings);
    ledgers.set(key, ledger);
  }
  return ledger;
}
