/** GET /v1/egress/schedules: the egress price schedules and the places data moves between. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getEgressPriceBook(signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/egress/schedules', { signal }));
}

export const egressPriceBookQueryOptions = () =>
  queryOptions({ queryKey: ['egress', 'price-book'], queryFn: ({ signal }) => getEgressPriceBook(signal), staleTime: 60 * 60_000 });

export function useEgressPriceBook() {
  return useQuery(egressPriceBookQueryOptions());
}
