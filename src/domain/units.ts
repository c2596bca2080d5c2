/** Units of time and data, named so that a number never travels without its unit. */

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
/** A billing month for rates "per month": 30 days, as the launch estimate states. */
export const HOURS_PER_MONTH = 720;
export const HOURS_PER_WORKING_DAY = 8;

export const BYTES_PER_GB = 1_000_000_000;
export const BYTES_PER_GIB = 1_073_741_824;
export const BYTES_PER_TB = 1_000_000_000_000;
export const BYTES_PER_TIB = 1_099_511_627_776;
export const MIB_PER_GIB = 1024;

export function startOfUtcMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function startOfNextUtcMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
}

/** Length of the overlap of [aStart, aEnd) and [bStart, bEnd) in ms. */
export function overlapMs(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}
