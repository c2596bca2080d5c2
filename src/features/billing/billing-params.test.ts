import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, readBillingParams, spendQueryOf, writeBillingParams } from './billing-params';

describe('the Billing page’s URL state', () => {
  it('reads defaults from an empty URL and ignores what it does not know', () => {
    expect(readBillingParams(new URLSearchParams())).toEqual(DEFAULT_PARAMS);
    const odd = readBillingParams(new URLSearchParams('tab=nope&by=colour&currency=GBP&granularity=hour&invoice=2026-13'));
    expect(odd).toEqual(DEFAULT_PARAMS);
  });

  it('round-trips every choice, leaving defaults out of the link', () => {
    const search = writeBillingParams(new URLSearchParams('other=kept'), { tab: 'invoices', by: 'gpuType', granularity: 'week', view: 'table', focus: 'h100-sxm', drill: 'p-vision', currency: 'SEK', invoice: '2026-10', range: 'last-30-days' });
    expect(readBillingParams(search)).toEqual({ ...DEFAULT_PARAMS, tab: 'invoices', by: 'gpuType', granularity: 'week', view: 'table', focus: 'h100-sxm', drill: 'p-vision', currency: 'SEK', invoice: '2026-10', range: 'last-30-days' });
    expect(search.get('other')).toBe('kept');
    const back = writeBillingParams(search, { by: 'project', focus: null, currency: 'USD' });
    expect(back.has('by')).toBe(false);
    expect(back.has('focus')).toBe(false);
    expect(back.has('currency')).toBe(false);
  });

  it('keeps custom days only with a custom range, and asks the API for either', () => {
    const custom = writeBillingParams(new URLSearchParams(), { range: 'custom', from: '2026-11-01', to: '2026-11-07' });
    expect(spendQueryOf(readBillingParams(custom), 'p-vision')).toEqual({ projectId: 'p-vision', from: '2026-11-01', to: '2026-11-07' });
    const named = writeBillingParams(custom, { range: 'last-month' });
    expect(named.has('from')).toBe(false);
    expect(spendQueryOf(readBillingParams(named), undefined)).toEqual({ range: 'last-month' });
    // Custom without its days is this month.
    expect(readBillingParams(new URLSearchParams('range=custom&from=2026-11-01')).range).toBe('month-to-date');
  });
});
