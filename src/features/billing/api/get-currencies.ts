/** GET /v1/billing/currencies: the display currencies and each one's fixed rate, date and source. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getCurrencies(signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/billing/currencies', { signal }));
}

export const currenciesQueryOptions = () => queryOptions({ queryKey: ['billing', 'currencies'], queryFn: ({ signal }) => getCurrencies(signal), staleTime: 60 * 60_000 });

export function useCurrencies() {
  return useQuery(currenciesQueryOptions());
}
