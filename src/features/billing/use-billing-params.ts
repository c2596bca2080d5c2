/** The Billing page's URL state as a hook: the params, and a way to change some of them. */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { readBillingParams, writeBillingParams, type BillingParams } from './billing-params';

export function useBillingParams(): [BillingParams, (patch: Partial<BillingParams>) => void] {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => readBillingParams(search), [search]);
  const update = useCallback((patch: Partial<BillingParams>) => setSearch((prev) => writeBillingParams(prev, patch), { preventScrollReset: true }), [setSearch]);
  return [params, update];
}
