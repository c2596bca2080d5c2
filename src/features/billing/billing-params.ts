/**
 * The Billing page's state as it lives in the URL, so a link shows the same view: the tab,
 * the range and dimension of the spend views, chart or table, the series picked from the
 * legend, the breakdown row opened, the display currency and the invoice shown.
 */
import type { BillingRange, SpendDimension, SpendQuery } from './api/types';

export type BillingTab = 'spend' | 'budgets' | 'invoices';
export type RangeChoice = BillingRange | 'custom';
export type DisplayCurrencyCode = 'USD' | 'CAD' | 'EUR' | 'SEK';

export interface BillingParams {
  tab: BillingTab;
  range: RangeChoice;
  /** Custom range days (YYYY-MM-DD), used when range is custom. */
  from: string;
  to: string;
  by: SpendDimension;
  granularity: 'day' | 'week';
  view: 'chart' | 'table';
  /** The series picked by a click on the legend; null shows them all. */
  focus: string | null;
  /** The breakdown row opened to its pods. */
  drill: string | null;
  currency: DisplayCurrencyCode;
  /** The invoice month shown (YYYY-MM). */
  invoice: string | null;
}

export const RANGES: Array<{ value: RangeChoice; label: string }> = [
  { value: 'month-to-date', label: 'This month so far' },
  { value: 'last-month', label: 'Last month' },
  { value: 'last-30-days', label: 'Last 30 days' },
  { value: 'last-90-days', label: 'Last 90 days' },
  { value: 'custom', label: 'Custom dates' },
];

export const DIMENSIONS: Array<{ value: SpendDimension; label: string; noun: string }> = [
  { value: 'project', label: 'Project', noun: 'project' },
  { value: 'gpuType', label: 'GPU type', noun: 'GPU type' },
  { value: 'region', label: 'Region', noun: 'region' },
  { value: 'user', label: 'User', noun: 'user' },
  { value: 'kind', label: 'Cost kind', noun: 'cost kind' },
];

const TABS: BillingTab[] = ['spend', 'budgets', 'invoices'];
const CURRENCIES: DisplayCurrencyCode[] = ['USD', 'CAD', 'EUR', 'SEK'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const DEFAULT_PARAMS: BillingParams = {
  tab: 'spend',
  range: 'month-to-date',
  from: '',
  to: '',
  by: 'project',
  granularity: 'day',
  view: 'chart',
  focus: null,
  drill: null,
  currency: 'USD',
  invoice: null,
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function readBillingParams(search: URLSearchParams): BillingParams {
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const custom = DAY.test(from) && DAY.test(to);
  const range = oneOf(search.get('range'), RANGES.map((r) => r.value), DEFAULT_PARAMS.range);
  const invoice = search.get('invoice');
  return {
    tab: oneOf(search.get('tab'), TABS, 'spend'),
    // A custom range without both days falls back to this month.
    range: range === 'custom' && !custom ? 'month-to-date' : range,
    from: custom ? from : '',
    to: custom ? to : '',
    by: oneOf(search.get('by'), DIMENSIONS.map((d) => d.value), 'project'),
    granularity: search.get('granularity') === 'week' ? 'week' : 'day',
    view: search.get('view') === 'table' ? 'table' : 'chart',
    focus: search.get('focus') || null,
    drill: search.get('drill') || null,
    currency: oneOf(search.get('currency'), CURRENCIES, 'USD'),
    invoice: invoice && MONTH.test(invoice) ? invoice : null,
  };
}

/** The search with some params changed; defaults are left out so links stay short. */
export function writeBillingParams(search: URLSearchParams, patch: Partial<BillingParams>): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(patch) as Array<[keyof BillingParams, BillingParams[keyof BillingParams]]>) {
    if (value === null || value === '' || value === DEFAULT_PARAMS[key]) next.delete(key);
    else next.set(key, String(value));
  }
  if (next.get('range') !== 'custom') {
    next.delete('from');
    next.delete('to');
  }
  return next;
}

/** What the API is asked for, from the page's range and the header's project. */
export function spendQueryOf(params: BillingParams, projectId: string | undefined): SpendQuery {
  const scope = projectId ? { projectId } : {};
  if (params.range === 'custom') return { ...scope, from: params.from, to: params.to };
  return { ...scope, range: params.range };
}
