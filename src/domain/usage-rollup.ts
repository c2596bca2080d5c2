/**
 * The usage rollup: what one GPU of one pod did in one closed hour, from every 5-minute
 * telemetry period of that hour (never a sampled grid), as whole seconds and whole cents.
 * Rows are computed once, when their hour closes, and stored; every figure over a longer
 * window (a day, a week, a project's month) is a plain sum of rows, so the answer for any
 * window is the sum of its parts to the cent and never depends on the window it was asked
 * through. The same thresholds and tier-fit rule as the waste ledger (waste.ts, tier-fit.ts).
 *
 * Within a row, each period's running time is split, in this order, so no moment counts twice:
 * unobserved (no sample: billed, no waste claimed), idle (engine below the idle threshold),
 * under-used (of busy time with SM activity below the target, the shortfall 1 − SM ÷ target),
 * oversized (of the time left, the share a cheaper fitting GPU would have saved, judged on the
 * hour's own evidence: its peak memory and p95 SM activity), productive (the rest).
 * Spend is billed per whole second at the pod's rate; cents and seconds are split by those
 * parts with the largest remainder, waste against the rest first, so parts add up exactly.
 * Seconds are GPU-seconds: a MIG slice's (gpuFraction g/7) are its running seconds × g/7, never a
 * whole GPU's, while its spend is its running seconds at its own (the slice's) rate, as billed.
 *
 * A row also keeps what the recommendations' evidence needs over any window, mergeable by sum:
 * per period counts of SM and tensor activity over the busy periods and of memory (as a share
 * of the GPU's memory) over the observed periods, in twelve bands of whole percent (BAND_TOPS;
 * usage-evidence.ts reads their 95th percentiles), and the idle tail (the observed idle seconds
 * at the hour's end), from which "idle right now" is read back over closed hours.
 */
import { costCentsForDuration, type Cents, type MicroUsdPerHour } from './money';
import { isIdleEngine, ratioPct, type WasteSettings } from './waste';
import { MS_PER_HOUR, MS_PER_SECOND } from './units';

/** The telemetry's period: one sample per GPU per 5 minutes (DCGM exporter scrape interval). */
export const USAGE_PERIOD_MS = 5 * 60_000;
export const PERIODS_PER_HOUR = MS_PER_HOUR / USAGE_PERIOD_MS;

/** One GPU's sample of a period, in DCGM's units. */
export interface UsageSample {
  /** DCGM_FI_PROF_GR_ENGINE_ACTIVE, 0-1. */
  engineActive: number;
  /** DCGM_FI_PROF_SM_ACTIVE, 0-1. */
  smActive: number;
  /** DCGM_FI_DEV_FB_USED, MiB. */
  memUsedMiB: number;
  /** DCGM_FI_DEV_POWER_USAGE, W. */
  powerW: number;
  /** DCGM_FI_PROF_PIPE_TENSOR_ACTIVE, 0-1 (0 when absent). */
  tensorActive?: number;
}

/** One 5-minute period of the hour: how long the GPU was allocated in it, and its sample (null: none). */
export interface PeriodUsage {
  runningMs: number;
  sample: UsageSample | null;
}

/** What the hour's work demanded: the evidence for "a cheaper GPU would do". */
export interface HourEvidence {
  /** Peak memory over the observed periods, MiB. */
  peakMemMiB: number;
  /** 95th percentile SM activity over the busy periods (0-1); 0 without any. */
  p95SmActive: number;
  /** Whether any period had a sample. */
  observed: boolean;
}

/** The price of the hour and of its energy. */
export interface UsageRates {
  rateMicroUsdPerGpuHour: MicroUsdPerHour;
  /** A cheaper GPU's rate that fits the hour's evidence (tier-fit.ts), or null. */
  cheaperRateMicroUsdPerGpuHour: MicroUsdPerHour | null;
  /** The data centre's power usage effectiveness (energy.json). */
  pue: number;
  /** The region's grid carbon intensity, g CO2e per kWh. */
  gridGCo2ePerKWh: number;
  /** The GPU's memory, MiB: the memory bands are shares of it (0: every observed period in the top band). A slice: the slice's. */
  vramMiB: number;
  /** The share of a GPU the row's GPU is: a MIG slice's compute slices ÷ 7 (domain/mig.ts); absent: 1. */
  gpuFraction?: number;
}

/**
 * One GPU-hour, every field an integer. Seconds and cents: allocated = spend, split into
 * idle + underUsed + oversized + productive + unobserved. The activity sums let any scope
 * recover mean engine and SM activity over its observed time.
 */
export interface UsageRow {
  allocatedSeconds: number;
  spendCents: Cents;
  idleSeconds: number;
  idleCents: Cents;
  underUsedSeconds: number;
  underUsedCents: Cents;
  oversizedSeconds: number;
  oversizedCents: Cents;
  productiveSeconds: number;
  productiveCents: Cents;
  unobservedSeconds: number;
  unobservedCents: Cents;
  /** Σ engine activity × observed seconds, rounded: ÷ observed seconds is the mean. */
  engineActiveSeconds: number;
  /** Σ SM activity × observed seconds, rounded. */
  smActiveSeconds: number;
  /** The hour's peak memory, MiB (the one field that aggregates by max, not sum). */
  peakMemMiB: number;
  /** Energy drawn, including the data centre's overhead (PUE), in milliwatt-hours. */
  energyMilliWh: number;
  /** CO2e of that energy at the region's grid intensity, in milligrams. */
  co2eMilligrams: number;
  /**
   * Busy periods (engine at or above the idle threshold) by band of SM activity: bands 3k to
   * 3k + 2 packed in busySmBands{k}, 10 bits each (packBands). Sums of up to a day never carry
   * between lanes (at most 288 periods a day); a wider sum adds the unpacked bands.
   */
  busySmBands0: number;
  busySmBands1: number;
  busySmBands2: number;
  busySmBands3: number;
  /** Busy periods by band of tensor activity, packed the same way. */
  busyTensorBands0: number;
  busyTensorBands1: number;
  busyTensorBands2: number;
  busyTensorBands3: number;
  /** Observed periods by band of memory used, as a share of the GPU's memory, packed the same way. */
  memBands0: number;
  memBands1: number;
  memBands2: number;
  memBands3: number;
  /**
   * Observed idle running seconds (GPU-seconds, as allocatedSeconds) at the end of the hour, back to its last busy or unobserved
   * period (all of allocatedSeconds when every period was idle). Aggregates in time order, not by
   * sum: a later span's tail, plus the earlier one's where the later span was idle throughout.
   */
  idleTailSeconds: number;
}

/** The row's fields in storage order (columnar arrays in the simulator, columns in SQL). */
export const USAGE_FIELDS = [
  'allocatedSeconds',
  'spendCents',
  'idleSeconds',
  'idleCents',
  'underUsedSeconds',
  'underUsedCents',
  'oversizedSeconds',
  'oversizedCents',
  'productiveSeconds',
  'productiveCents',
  'unobservedSeconds',
  'unobservedCents',
  'engineActiveSeconds',
  'smActiveSeconds',
  'peakMemMiB',
  'energyMilliWh',
  'co2eMilligrams',
  'busySmBands0',
  'busySmBands1',
  'busySmBands2',
  'busySmBands3',
  'busyTensorBands0',
  'busyTensorBands1',
  'busyTensorBands2',
  'busyTensorBands3',
  'memBands0',
  'memBands1',
  'memBands2',
  'memBands3',
  'idleTailSeconds',
] as const satisfies ReadonlyArray<keyof UsageRow>;

export type UsageField = (typeof USAGE_FIELDS)[number];

/**
 * How a field aggregates over rows: by sum; peak memory by max; the idle tail in time order
 * (tailAfter); the packed bands by sum, safe for the sums of up to a day (a day row).
 */
export type UsageAggregation = 'sum' | 'max' | 'tail';
export const USAGE_AGGREGATION: Record<UsageField, UsageAggregation> = Object.fromEntries(
  USAGE_FIELDS.map((f) => [f, f === 'peakMemMiB' ? 'max' : f === 'idleTailSeconds' ? 'tail' : 'sum']),
) as Record<UsageField, UsageAggregation>;

/**
 * The idle tail of an earlier span followed by a later one: the later span's, plus the earlier
 * one's when the later span was idle all the time it ran (its tail is all its allocated seconds;
 * a span in which the GPU did not run passes the earlier tail through).
 */
export function tailAfter(earlierTail: number, laterTail: number, laterAllocatedSeconds: number): number {
  return laterTail === laterAllocatedSeconds ? earlierTail + laterTail : laterTail;
}

/**
 * The bands of whole-percent activity (ratioPct, waste.ts): each band's highest whole percent.
 * Five points wide to 20 % (the "working GPU" test's 5 % is a band edge, so it is read exactly),
 * then ten; the last band holds 90-100.
 */
export const BAND_TOPS = [4, 9, 14, 19, 29, 39, 49, 59, 69, 79, 89, 100] as const;
export const BAND_COUNT = BAND_TOPS.length;
/** Bands per packed field, and the bits of each: up to 1,023 periods, over 3 days of one GPU. */
export const BANDS_PER_FIELD = 3;
export const BAND_LANE_BITS = 10;
const LANE_MASK = (1 << BAND_LANE_BITS) - 1;
/** The packed fields of each distribution, as their first field: four fields of three bands. */
export const BAND_FIELD_GROUPS = ['busySmBands0', 'busyTensorBands0', 'memBands0'] as const;
const BAND_OF_PCT = Uint8Array.from({ length: 101 }, (_, pct) => BAND_TOPS.findIndex((top) => pct <= top));

/** The band of a whole percent (0-100). */
export function bandOfPct(pct: number): number {
  return bandOfWholePct(Math.min(100, Math.max(0, pct)));
}

/** bandOfPct for a percent known to be whole and in 0-100 (ratioPct's), without clamping it again. */
function bandOfWholePct(pct: number): number {
  return BAND_OF_PCT[pct] ?? BAND_COUNT - 1;
}

/**
 * Band counts (BAND_COUNT of them, each under 1,024) packed into fields (BAND_COUNT ÷ 3), written
 * into out from at; `fields`: more, for distributions that follow each other in counts and in out.
 */
export function packBands(counts: ArrayLike<number>, out: { [i: number]: number }, at: number, fields = BAND_COUNT / BANDS_PER_FIELD): void {
  for (let k = 0; k < fields; k++) {
    let v = 0;
    for (let j = BANDS_PER_FIELD - 1; j >= 0; j--) v = v * (1 << BAND_LANE_BITS) + (counts[k * BANDS_PER_FIELD + j] ?? 0);
    out[at + k] = v;
  }
}

/** Adds the band counts packed in the fields from `at` into `into` (BAND_COUNT numbers). */
export function addPackedBands(into: { [i: number]: number }, values: ArrayLike<number>, at: number): void {
  for (let k = 0; k < BAND_COUNT / BANDS_PER_FIELD; k++) {
    const v = values[at + k] ?? 0;
    if (v === 0) continue;
    for (let j = 0; j < BANDS_PER_FIELD; j++) into[k * BANDS_PER_FIELD + j] = (into[k * BANDS_PER_FIELD + j] ?? 0) + ((v >>> (j * BAND_LANE_BITS)) & LANE_MASK);
  }
}

/**
 * The band quantile: the highest whole percent of the band that holds the nearest-rank p-th
 * percentile (observation.ts's rule) of the counted periods; 0 with none. Never below the exact
 * nearest-rank percentile of the whole-percent values, and less than a band above it.
 */
export function bandQuantilePct(counts: ArrayLike<number>, p: number): number {
  let n = 0;
  for (let b = 0; b < BAND_COUNT; b++) n += counts[b] ?? 0;
  if (n === 0) return 0;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  let seen = 0;
  for (let b = 0; b < BAND_COUNT; b++) {
    seen += counts[b] ?? 0;
    if (seen >= rank) return BAND_TOPS[b] ?? 100;
  }
  return 100;
}

export function emptyUsageRow(): UsageRow {
  const row = {} as UsageRow;
  for (const f of USAGE_FIELDS) row[f] = 0;
  return row;
}

/**
 * Adds a row into another (peak memory: the larger; the idle tail: tailAfter, `add` being the
 * later span), returning the first. The idle tail is read before allocated seconds are added.
 */
export function addUsage(into: UsageRow, add: Readonly<UsageRow>): UsageRow {
  into.idleTailSeconds = tailAfter(into.idleTailSeconds, add.idleTailSeconds, add.allocatedSeconds);
  for (const f of USAGE_FIELDS) {
    const how = USAGE_AGGREGATION[f];
    if (how === 'max') into[f] = Math.max(into[f], add[f]);
    else if (how === 'sum') into[f] = into[f] + add[f];
  }
  return into;
}

export function sumUsage(rows: Iterable<Readonly<UsageRow>>): UsageRow {
  const total = emptyUsageRow();
  for (const r of rows) addUsage(total, r);
  return total;
}

/** Waste of all three categories, in cents. */
export function usageWasteCents(r: Readonly<UsageRow>): Cents {
  return r.idleCents + r.underUsedCents + r.oversizedCents;
}

/**
 * An hour's periods as columns (at most 12), filled in place: the ledger reads millions of
 * periods, and columns spare it an object for each. gpuHourUsage takes the same as objects.
 */
export interface HourColumns {
  count: number;
  runningMs: Float64Array;
  /** 1 where the period has a sample. */
  observed: Uint8Array;
  engineActive: Float64Array;
  smActive: Float64Array;
  memUsedMiB: Float64Array;
  powerW: Float64Array;
  tensorActive: Float64Array;
}

export function hourColumns(): HourColumns {
  const n = PERIODS_PER_HOUR;
  return {
    count: 0,
    runningMs: new Float64Array(n),
    observed: new Uint8Array(n),
    engineActive: new Float64Array(n),
    smActive: new Float64Array(n),
    memUsedMiB: new Float64Array(n),
    powerW: new Float64Array(n),
    tensorActive: new Float64Array(n),
  };
}

function columnsOf(periods: readonly PeriodUsage[]): HourColumns {
  const c = hourColumns();
  for (const p of periods) {
    if (c.count === PERIODS_PER_HOUR) throw new RangeError('an hour has at most 12 periods');
    const i = c.count++;
    c.runningMs[i] = p.runningMs;
    c.observed[i] = p.sample ? 1 : 0;
    c.engineActive[i] = p.sample?.engineActive ?? 0;
    c.smActive[i] = p.sample?.smActive ?? 0;
    c.memUsedMiB[i] = p.sample?.memUsedMiB ?? 0;
    c.powerW[i] = p.sample?.powerW ?? 0;
    c.tensorActive[i] = p.sample?.tensorActive ?? 0;
  }
  return c;
}

const busySm = new Float64Array(PERIODS_PER_HOUR);
// The nearest-rank 95th percentile of n values is the largest of them for n < 20 (⌈0.95 n⌉ = n): an hour's is its busy periods' peak.
if (PERIODS_PER_HOUR >= 20) throw new Error('an hour of more than 19 periods needs its p95 sorted');

/** The evidence an hour's periods give for the oversized test. */
export function hourEvidence(periods: readonly PeriodUsage[] | HourColumns, settings: Pick<WasteSettings, 'idleEngineActive'>): HourEvidence {
  const c = Array.isArray(periods) ? columnsOf(periods) : (periods as HourColumns);
  let peakMemMiB = 0;
  let observed = false;
  let busy = 0;
  for (let i = 0; i < c.count; i++) {
    if ((c.runningMs[i] ?? 0) <= 0 || !c.observed[i]) continue;
    observed = true;
    peakMemMiB = Math.max(peakMemMiB, c.memUsedMiB[i] ?? 0);
    if (!isIdleEngine(c.engineActive[i] ?? 0, settings.idleEngineActive)) {
      // Insertion into a sorted run: at most 12 values.
      let j = busy++;
      const v = c.smActive[i] ?? 0;
      while (j > 0 && (busySm[j - 1] ?? 0) > v) {
        busySm[j] = busySm[j - 1] ?? 0;
        j--;
      }
      busySm[j] = v;
    }
  }
  // Nearest-rank 95th percentile (observation.ts's percentile).
  const p95SmActive = busy === 0 ? 0 : (busySm[Math.min(busy, Math.max(1, Math.ceil(0.95 * busy))) - 1] ?? 0);
  return { peakMemMiB, p95SmActive, observed };
}

/** One GPU-hour's row from its periods (at most 12 of them, within the hour). */
export function gpuHourUsage(periods: readonly PeriodUsage[], rates: UsageRates, settings: WasteSettings): UsageRow {
  const out = new Array<number>(USAGE_FIELDS.length).fill(0);
  gpuHourUsageInto(columnsOf(periods), rates, settings, out, 0);
  const row = {} as UsageRow;
  USAGE_FIELDS.forEach((f, i) => {
    row[f] = out[i] ?? 0;
  });
  return row;
}

const WASTE = 0;
const REST = 1;
const split = new Float64Array(3);
const parts = { idle: 0, underUsed: 0, oversized: 0, productive: 0, unobserved: 0 };
/** The hour's band counts: SM (0-11), tensor (12-23) and memory (24-35). */
const bands = new Int32Array(3 * BAND_COUNT);
const TENSOR_BANDS = BAND_COUNT;
const MEM_BANDS = 2 * BAND_COUNT;

/** Where a cheaper GPU's rate comes from when gpuHourUsageInto judges the hour's evidence itself. */
export interface CheaperRateOf {
  /** A cheaper GPU's rate that fits an hour's peak memory and p95 SM activity (hourEvidence), or null. */
  cheaperRate(peakMemMiB: number, p95SmActive: number): number | null;
}

/**
 * One GPU-hour's row, its USAGE_FIELDS written into out from at. With `fit`, the cheaper rate is
 * fit's answer for the hour's own evidence (what hourEvidence gives, gathered in the same pass)
 * instead of rates.cheaperRateMicroUsdPerGpuHour.
 */
export function gpuHourUsageInto(c: HourColumns, rates: UsageRates, settings: WasteSettings, out: { [i: number]: number }, at: number, fit?: CheaperRateOf): void {
  const idlePct = ratioPct(settings.idleEngineActive);
  const target = settings.smActiveTarget;
  const targetPct = ratioPct(target);
  let idle = 0;
  let underUsed = 0;
  let unobserved = 0;
  let runningMs = 0;
  let engineMs = 0;
  let smMs = 0;
  let powerWms = 0;
  let peakMemMiB = 0;
  let usedMs = 0;
  let observed = false;
  let busy = 0;
  let busyPeakSm = 0;
  // The idle tail (whole milliseconds: sums are exact), and whether a busy or unobserved period ended it.
  let tailMs = 0;
  let broken = false;
  for (let b = 0; b < bands.length; b++) bands[b] = 0;
  const vramMiB = rates.vramMiB;
  const count = c.count;
  const { runningMs: running, observed: isObserved, engineActive, smActive, memUsedMiB, powerW, tensorActive } = c;
  for (let i = 0; i < count; i++) {
    const ms = running[i]!;
    if (ms <= 0) continue;
    runningMs += ms;
    if (!isObserved[i]) {
      unobserved += ms;
      // The idle tail runs back from the hour's end to the last busy or unobserved period.
      tailMs = 0;
      broken = true;
      continue;
    }
    observed = true;
    const engine = engineActive[i]!;
    const sm = smActive[i]!;
    const mem = memUsedMiB[i]!;
    engineMs += engine * ms;
    smMs += sm * ms;
    powerWms += powerW[i]! * ms;
    peakMemMiB = Math.max(peakMemMiB, mem);
    const memBand = MEM_BANDS + (vramMiB > 0 ? bandOfWholePct(ratioPct(mem / vramMiB)) : BAND_COUNT - 1);
    bands[memBand] = bands[memBand]! + 1;
    if (ratioPct(engine) < idlePct) {
      idle += ms;
      tailMs += ms;
      continue;
    }
    tailMs = 0;
    broken = true;
    // The p95 of the busy periods' SM activity (hourEvidence's): of at most 12 values, the largest.
    busy++;
    if (sm > busyPeakSm) busyPeakSm = sm;
    const smPct = ratioPct(sm);
    const smBand = bandOfWholePct(smPct);
    bands[smBand] = bands[smBand]! + 1;
    const tensorBand = TENSOR_BANDS + bandOfWholePct(ratioPct(tensorActive[i]!));
    bands[tensorBand] = bands[tensorBand]! + 1;
    let short = 0;
    if (smPct < targetPct && target > 0) short = Math.max(0, ms - (sm * ms) / target);
    underUsed += short;
    usedMs += ms - short;
  }
  const rate = rates.rateMicroUsdPerGpuHour;
  let cheaper = rates.cheaperRateMicroUsdPerGpuHour;
  if (fit) {
    cheaper = observed ? fit.cheaperRate(peakMemMiB, busy === 0 ? 0 : busyPeakSm) : null;
  }
  const cheaperShare = cheaper !== null && rate > 0 ? Math.max(0, 1 - cheaper / rate) : 0;
  const oversized = usedMs * cheaperShare;
  const productive = usedMs - oversized;

  // Billed per whole running second at the rate (the slice's own for a slice); counted in GPU-seconds.
  const fraction = rates.gpuFraction ?? 1;
  const spendCents = costCentsForDuration(rate, Math.floor(runningMs / MS_PER_SECOND) * MS_PER_SECOND);
  const allocatedSeconds = Math.floor((runningMs * fraction) / MS_PER_SECOND);
  const energyWh = (powerWms / MS_PER_HOUR) * rates.pue;
  const F = FIELD_INDEX;
  out[at + F.allocatedSeconds] = allocatedSeconds;
  out[at + F.spendCents] = spendCents;
  splitWhole(spendCents, idle, underUsed, oversized, productive, unobserved);
  out[at + F.idleCents] = parts.idle;
  out[at + F.underUsedCents] = parts.underUsed;
  out[at + F.oversizedCents] = parts.oversized;
  out[at + F.productiveCents] = parts.productive;
  out[at + F.unobservedCents] = parts.unobserved;
  splitWhole(allocatedSeconds, idle, underUsed, oversized, productive, unobserved);
  out[at + F.idleSeconds] = parts.idle;
  out[at + F.underUsedSeconds] = parts.underUsed;
  out[at + F.oversizedSeconds] = parts.oversized;
  out[at + F.productiveSeconds] = parts.productive;
  out[at + F.unobservedSeconds] = parts.unobserved;
  out[at + F.engineActiveSeconds] = Math.round((engineMs * fraction) / MS_PER_SECOND);
  out[at + F.smActiveSeconds] = Math.round((smMs * fraction) / MS_PER_SECOND);
  out[at + F.peakMemMiB] = Math.round(peakMemMiB);
  out[at + F.energyMilliWh] = Math.round(energyWh * 1000);
  // Wh × g/kWh = mg.
  out[at + F.co2eMilligrams] = Math.round(energyWh * rates.gridGCo2ePerKWh);
  // The three distributions at once: they lie in the same order in the row.
  packBands(bands, out, at + F.busySmBands0, bands.length / BANDS_PER_FIELD);
  // A tail broken by a period under a second long still reads as broken: less than allocated.
  const tail = Math.floor((tailMs * fraction) / MS_PER_SECOND);
  out[at + F.idleTailSeconds] = broken ? Math.max(0, Math.min(tail, allocatedSeconds - 1)) : tail;
}

/** Each field's index in USAGE_FIELDS. */
export const FIELD_INDEX = Object.fromEntries(USAGE_FIELDS.map((f, i) => [f, i])) as Record<UsageField, number>;

/**
 * Splits a whole amount by the parts' times into `parts`: waste (idle, under-used, oversized)
 * against the rest first, so waste only grows when a threshold makes more time waste, then
 * within each; every split by the largest remainder (money.ts's allocateCents).
 */
function splitWhole(amount: number, idle: number, underUsed: number, oversized: number, productive: number, unobserved: number): void {
  largestRemainder(amount, idle + underUsed + oversized, productive + unobserved, 0, 2);
  const waste = split[WASTE] ?? 0;
  const rest = split[REST] ?? 0;
  largestRemainder(waste, idle, underUsed, oversized, 3);
  parts.idle = split[0] ?? 0;
  parts.underUsed = split[1] ?? 0;
  parts.oversized = split[2] ?? 0;
  largestRemainder(rest, productive, unobserved, 0, 2);
  parts.productive = split[0] ?? 0;
  parts.unobserved = split[1] ?? 0;
}

/**
 * allocateCents for two or three weights without allocating: parts proportional to the weights,
 * floors first, the remainder one unit at a time to the largest fractions (ties: the first);
 * all of it to the first when every weight is zero. Written into `split`.
 */
function largestRemainder(amount: number, w0: number, w1: number, w2: number, count: 2 | 3): void {
  const a = Math.max(0, w0);
  const b = Math.max(0, w1);
  const c = count === 3 ? Math.max(0, w2) : 0;
  const total = a + b + c;
  if (total === 0) {
    split[0] = amount;
    split[1] = 0;
    split[2] = 0;
    return;
  }
  const e0 = (amount * a) / total;
  const e1 = (amount * b) / total;
  const e2 = (amount * c) / total;
  let f0 = Math.floor(e0);
  let f1 = Math.floor(e1);
  let f2 = Math.floor(e2);
  let remainder = amount - f0 - f1 - f2;
  const r0 = e0 - f0;
  const r1 = e1 - f1;
  const r2 = count === 3 ? e2 - f2 : -1;
  // One unit at a time to the largest fraction left; ties to the first.
  let taken0 = false;
  let taken1 = false;
  let taken2 = count === 2;
  while (remainder > 0) {
    let best = -1;
    let bestFrac = -Infinity;
    if (!taken0 && r0 > bestFrac) {
      best = 0;
      bestFrac = r0;
    }
    if (!taken1 && r1 > bestFrac) {
      best = 1;
      bestFrac = r1;
    }
    if (!taken2 && r2 > bestFrac) {
      best = 2;
      bestFrac = r2;
    }
    if (best === 0) {
      f0++;
      taken0 = true;
    } else if (best === 1) {
      f1++;
      taken1 = true;
    } else if (best === 2) {
      f2++;
      taken2 = true;
    } else break;
    remainder--;
  }
  split[0] = f0;
  split[1] = f1;
  split[2] = f2;
}

/** largestRemainder as a list, for tests: it must split exactly as allocateCents does. */
export function splitSmall(amount: number, weights: readonly [number, number] | readonly [number, number, number]): number[] {
  largestRemainder(amount, weights[0], weights[1], weights[2] ?? 0, weights.length as 2 | 3);
  return Array.from(split.subarray(0, weights.length));
}
