/**
 * What the month will cost: spend so far plus the rest of the month at today's pace, with a
 * range and the method stated. Pure: the ledger's daily totals, the run-rate of what runs now
 * and the clock come in as numbers.
 *
 * Method ("run-rate plus trend"):
 * - Pace now: the run-rate of the pods running now (their GPUs) and of every disk that exists,
 *   per day, plus costs with no run-rate (egress) at their recent pace.
 * - Trend: the Theil–Sen slope of the last 14 full UTC days of spend (the median of the slopes
 *   between every pair of days; Theil 1950, Sen 1968). The median ignores a single jump, so a
 *   pod that started or stopped inside the window does not read as growth.
 * - The trend fades: its effect on the pace grows as slope·τ·(1 − e^(−t/τ)) with τ = 7 days, a
 *   damped trend (Gardner & McKenzie 1985, "Forecasting trends in time series"), so that a
 *   fortnight's growth or decline is not carried on as a straight line.
 * - Forecast: spend so far + ∫ max(0, pace(t)) dt over the time left in the month.
 * - Range: the same from the lower and the higher of two paces (the run-rate, and the average
 *   of the last 7 full days), widened by the days' scatter around the trend line (±1.28 σ √days:
 *   an 80% band if days scatter independently). The low end never falls below spend so far.
 */
import { costCentsForDuration, type Cents, type MicroUsdPerHour } from './money';
import { MS_PER_DAY, startOfNextUtcMonth, startOfUtcMonth } from './units';

export const FORECAST_METHOD_ID = 'run-rate-plus-damped-trend-v1';
export const FORECAST_METHOD =
  'Spend so far, plus the rest of the month at the run-rate of what runs now (GPUs of running pods, every disk, egress at its recent pace), bent by the trend of the last 14 full days (the median slope between any two of them), a trend that fades over about a week. The range runs from the lower to the higher of two paces, the run-rate and the average of the last 7 full days, widened by how much single days scattered.';
export const TREND_WINDOW_DAYS = 14;
export const RECENT_AVERAGE_DAYS = 7;
/** The damped trend's time constant, in days. */
export const TREND_FADE_DAYS = 7;
/** z for a two-sided 80% band of a normal distribution. */
const Z_80 = 1.2816;

export interface ForecastInput {
  nowMs: number;
  /** Spend from the start of the month to now. */
  monthToDateCents: Cents;
  /** Spend of each full UTC day before today, oldest first; the last TREND_WINDOW_DAYS are used. */
  dailyCents: readonly Cents[];
  /** What runs now costs per hour: running pods' GPUs plus every existing disk. */
  runRateMicroUsdPerHour: MicroUsdPerHour;
  /** Costs with no run-rate (egress), per day, at their recent average. */
  otherCentsPerDay?: Cents;
}

export interface MonthForecast {
  monthStartMs: number;
  /** The first instant of the next month. */
  monthEndMs: number;
  remainingMs: number;
  monthToDateCents: Cents;
  /** The forecast for the whole month, and its range. */
  monthEndCents: Cents;
  lowCents: Cents;
  highCents: Cents;
  /** The pace now, per day: run-rate plus other costs at their average. */
  runRateCentsPerDay: Cents;
  /** The average of the last RECENT_AVERAGE_DAYS full days (the range's other pace). */
  recentAverageCentsPerDay: Cents;
  /** The Theil–Sen slope: change of daily spend per day. */
  trendCentsPerDayPerDay: number;
  /** Standard deviation of the days around the 14-day line. */
  scatterCentsPerDay: number;
  /** Full days the trend rests on (0 to 14). */
  daysObserved: number;
}

/** Median of a non-empty list. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface TrendLine {
  slopePerDay: number;
  /** The line's daily spend at the middle of the window's first day (index 0). */
  intercept: number;
  scatter: number;
}

/**
 * The Theil–Sen line through daily totals y[0..n-1]: slope = median of pairwise slopes; the
 * level goes through the mean (so a step inside the window is averaged, not dropped).
 */
export function trendLine(days: readonly number[]): TrendLine {
  const n = days.length;
  if (n === 0) return { slopePerDay: 0, intercept: 0, scatter: 0 };
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) slopes.push((days[j]! - days[i]!) / (j - i));
  const slopePerDay = slopes.length > 0 ? median(slopes) : 0;
  const meanY = days.reduce((a, b) => a + b, 0) / n;
  const meanX = (n - 1) / 2;
  const intercept = meanY - slopePerDay * meanX;
  let squares = 0;
  days.forEach((y, x) => {
    squares += (y - (intercept + slopePerDay * x)) ** 2;
  });
  const scatter = n > 2 ? Math.sqrt(squares / (n - 2)) : 0;
  return { slopePerDay, intercept, scatter };
}

/**
 * ∫₀ᵀ max(0, pace(t)) dt, t and T in days, with pace(t) = pace + slope·τ·(1 − e^(−t/τ)): the
 * damped trend. With slope 0 it is pace·T.
 */
export function projectedCents(pacePerDay: number, slopePerDay: number, days: number, fadeDays = TREND_FADE_DAYS): number {
  if (days <= 0) return 0;
  const level = Math.max(0, pacePerDay);
  if (slopePerDay === 0) return level * days;
  const tau = fadeDays;
  // x − (1 − e^(−x)), by its series where the difference would lose its digits.
  const bend = (x: number) => (x < 1e-3 ? (x * x) / 2 - (x * x * x) / 6 + (x * x * x * x) / 24 : x - (1 - Math.exp(-x)));
  const integral = (t: number) => Math.max(0, level * t + slopePerDay * tau * tau * bend(t / tau));
  // A falling pace that would go below zero stops at zero: spend never runs backwards.
  const floor = level + slopePerDay * tau;
  if (slopePerDay < 0 && floor < 0) {
    const zeroAt = level === 0 ? 0 : -tau * Math.log1p(level / (slopePerDay * tau));
    return integral(Math.min(days, zeroAt));
  }
  return integral(days);
}

export function forecastMonth(input: ForecastInput): MonthForecast {
  const { nowMs, monthToDateCents } = input;
  const monthStartMs = startOfUtcMonth(nowMs);
  const monthEndMs = startOfNextUtcMonth(nowMs);
  const remainingMs = Math.max(0, monthEndMs - nowMs);
  const remainingDays = remainingMs / MS_PER_DAY;
  const window = input.dailyCents.slice(-TREND_WINDOW_DAYS);
  const line = trendLine(window);
  const other = input.otherCentsPerDay ?? 0;
  const runRateCentsPerDay = costCentsForDuration(input.runRateMicroUsdPerHour, MS_PER_DAY) + other;
  const recent = window.slice(-RECENT_AVERAGE_DAYS);
  const recentAverage = recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : runRateCentsPerDay;
  // Rounded to the hundredth of a cent so that the run-out date uses the very same line.
  const slope = window.length >= 2 ? Math.round(line.slopePerDay * 100) / 100 : 0;
  const point = projectedCents(runRateCentsPerDay, slope, remainingDays);
  const alt = projectedCents(recentAverage, slope, remainingDays);
  const spread = Z_80 * line.scatter * Math.sqrt(remainingDays);
  const monthEndCents = monthToDateCents + Math.round(point);
  const lowCents = monthToDateCents + Math.max(0, Math.round(Math.min(point, alt) - spread));
  const highCents = monthToDateCents + Math.round(Math.max(point, alt) + spread);
  return {
    monthStartMs,
    monthEndMs,
    remainingMs,
    monthToDateCents,
    monthEndCents,
    lowCents: Math.min(lowCents, monthEndCents),
    highCents: Math.max(highCents, monthEndCents),
    runRateCentsPerDay,
    recentAverageCentsPerDay: Math.round(recentAverage),
    trendCentsPerDayPerDay: slope,
    scatterCentsPerDay: Math.round(line.scatter),
    daysObserved: window.length,
  };
}

/**
 * When spend reaches an amount at the forecast's pace (run-rate plus trend), or null if not
 * before the month ends. Already reached: now. Exact on a flat pace; by bisection to the minute on a trend.
 */
export function runOutAtMs(forecast: MonthForecast, nowMs: number, budgetCents: Cents): number | null {
  const left = budgetCents - forecast.monthToDateCents;
  if (left <= 0) return nowMs;
  const slope = forecast.trendCentsPerDayPerDay;
  const pace = forecast.runRateCentsPerDay;
  const days = forecast.remainingMs / MS_PER_DAY;
  if (projectedCents(pace, slope, days) < left) return null;
  if (slope === 0) return nowMs + Math.ceil((left / pace) * MS_PER_DAY);
  let lo = 0;
  let hi = days;
  while ((hi - lo) * MS_PER_DAY > 60_000) {
    const mid = (lo + hi) / 2;
    if (projectedCents(pace, slope, mid) >= left) hi = mid;
    else lo = mid;
  }
  return nowMs + Math.ceil(hi * MS_PER_DAY);
}
