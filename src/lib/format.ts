/** Formatting at the edge: numbers become words only here, with Intl. */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdWhole = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** "$1,234.56" from integer cents. */
export function formatCents(cents: number): string {
  return usd.format(cents / 100);
}

/** "$1,235" from integer cents, for headline figures. */
export function formatCentsWhole(cents: number): string {
  return usdWhole.format(Math.round(cents / 100));
}

/** "$2.49/h" from micro-dollars per hour. */
export function formatRatePerHour(microUsdPerHour: number): string {
  const dollars = microUsdPerHour / 1_000_000;
  const digits = dollars < 1 ? 3 : 2;
  return `${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: digits }).format(dollars)}/h`;
}

const integer = new Intl.NumberFormat('en-US');
export function formatInteger(n: number): string {
  return integer.format(n);
}

const gpus = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
/** A count of GPUs where a MIG slice counts as its fraction: "3", "1.14". */
export function formatGpus(n: number): string {
  return gpus.format(n);
}

export function formatPercent(ratio: number, digits = 0): string {
  return new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

// Moments in the viewer's own time zone, named ("Nov 18, 2026, 10:00 AM EST"); days and months
// are the bill's UTC days and months.
const dateTime = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDateTime(iso: string | number): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string | number): string {
  return dateOnly.format(new Date(iso));
}

export function formatMonth(iso: string | number): string {
  return monthYear.format(new Date(iso));
}

/** "3 days", "5 hours", "12 minutes": a rough age. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}
