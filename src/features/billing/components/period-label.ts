/** A period's label: "Nov 3" for a day, "Nov 2–8" for a week. */
const short = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export function periodLabel(p: { start: string; end: string }, granularity: 'day' | 'week'): string {
  const start = short.format(new Date(`${p.start}T00:00:00Z`));
  if (granularity === 'day' || p.start === p.end) return start;
  return `${start} – ${short.format(new Date(`${p.end}T00:00:00Z`))}`;
}
