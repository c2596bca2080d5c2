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
 */
import { allocateCents, costCentsForDuration, type Cents, type MicroUsdPerHour } from './money';
import { percentile } from './observation';
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
] as const satisfies ReadonlyArray<keyof UsageRow>;

export type UsageField = (typeof USAGE_FIELDS)[number];

export function emptyUsageRow(): UsageRow {
  const row = {} as UsageRow;
  for (const f of USAGE_FIELDS) row[f] = 0;
  return row;
}

/** Adds a row into another (peak memory: the larger), returning the first. */
export function addUsage(into: UsageRow, add: Readonly<UsageRow>): UsageRow {
  for (const f of USAGE_FIELDS) into[f] = f === 'peakMemMiB' ? Math.max(into[f], add[f]) : into[f] + add[f];
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

/** The evidence an hour's periods give for the oversized test. */
export function hourEvidence(periods: readonly PeriodUsage[], settings: Pick<WasteSettings, 'idleEngineActive'>): HourEvidence {
  let peakMemMiB = 0;
  let observed = false;
  const busySm: number[] = [];
  for (const p of periods) {
    if (p.runningMs <= 0 || !p.sample) continue;
    observed = true;
    peakMemMiB = Math.max(peakMemMiB, p.sample.memUsedMiB);
    if (!isIdleEngine(p.sample.engineActive, settings.idleEngineActive)) busySm.push(p.sample.smActive);
  }
  return { peakMemMiB, p95SmActive: percentile(busySm, 95), observed };
}

interface SplitMs {
  idle: number;
  underUsed: number;
  oversized: number;
  productive: number;
  unobserved: number;
}

/** One GPU-hour's row from its periods (at most 12 of them, within the hour). */
export function gpuHourUsage(periods: readonly PeriodUsage[], rates: UsageRates, settings: WasteSettings): UsageRow {
  const idlePct = ratioPct(settings.idleEngineActive);
  const target = settings.smActiveTarget;
  const targetPct = ratioPct(target);
  const ms: SplitMs = { idle: 0, underUsed: 0, oversized: 0, productive: 0, unobserved: 0 };
  let runningMs = 0;
  let engineMs = 0;
  let smMs = 0;
  let powerWms = 0;
  let peakMemMiB = 0;
  let usedMs = 0;
  for (const p of periods) {
    if (p.runningMs <= 0) continue;
    runningMs += p.runningMs;
    const s = p.sample;
    if (!s) {
      ms.unobserved += p.runningMs;
      continue;
    }
    engineMs += s.engineActive * p.runningMs;
    smMs += s.smActive * p.runningMs;
    powerWms += s.powerW * p.runningMs;
    peakMemMiB = Math.max(peakMemMiB, s.memUsedMiB);
    if (ratioPct(s.engineActive) < idlePct) {
      ms.idle += p.runningMs;
      continue;
    }
    let short = 0;
    if (ratioPct(s.smActive) < targetPct && target > 0) short = Math.max(0, p.runningMs - (s.smActive * p.runningMs) / target);
    ms.underUsed += short;
    usedMs += p.runningMs - short;
  }
  const rate = rates.rateMicroUsdPerGpuHour;
  const cheaper = rates.cheaperRateMicroUsdPerGpuHour;
  const cheaperShare = cheaper !== null && rate > 0 ? Math.max(0, 1 - cheaper / rate) : 0;
  ms.oversized = usedMs * cheaperShare;
  ms.productive = usedMs - ms.oversized;

  const allocatedSeconds = Math.floor(runningMs / MS_PER_SECOND);
  const spendCents = costCentsForDuration(rate, allocatedSeconds * MS_PER_SECOND);
  const cents = splitWhole(spendCents, ms);
  const seconds = splitWhole(allocatedSeconds, ms);
  const energyWh = (powerWms / MS_PER_HOUR) * rates.pue;
  return {
    allocatedSeconds,
    spendCents,
    idleSeconds: seconds.idle,
    idleCents: cents.idle,
    underUsedSeconds: seconds.underUsed,
    underUsedCents: cents.underUsed,
    oversizedSeconds: seconds.oversized,
    oversizedCents: cents.oversized,
    productiveSeconds: seconds.productive,
    productiveCents: cents.productive,
    unobservedSeconds: seconds.unobserved,
    unobservedCents: cents.unobserved,
    engineActiveSeconds: Math.round(engineMs / MS_PER_SECOND),
    smActiveSeconds: Math.round(smMs / MS_PER_SECOND),
    peakMemMiB: Math.round(peakMemMiB),
    energyMilliWh: Math.round(energyWh * 1000),
    // Wh × g/kWh = mg.
    co2eMilligrams: Math.round(energyWh * rates.gridGCo2ePerKWh),
  };
}

/**
 * Splits a whole amount by the parts' times: waste (idle, under-used, oversized) against the
 * rest first, so waste only grows when a threshold makes more time waste, then within each.
 */
function splitWhole(amount: number, ms: SplitMs): SplitMs {
  const wasteMs = ms.idle + ms.underUsed + ms.oversized;
  const restMs = ms.productive + ms.unobserved;
  const [waste = 0, rest = 0] = allocateCents(amount, [wasteMs, restMs]);
  const [idle = 0, underUsed = 0, oversized = 0] = allocateCents(waste, [ms.idle, ms.underUsed, ms.oversized]);
  const [productive = 0, unobserved = 0] = allocateCents(rest, [ms.productive, ms.unobserved]);
  return { idle, underUsed, oversized, productive, unobserved };
}
