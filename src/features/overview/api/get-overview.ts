/** GET /v1/overview: running pods, GPUs in use, spend this month. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getOverview(signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/overview', { signal }));
}

export const overviewQueryOptions = () =>
  queryOptions({ queryKey: ['overview'], queryFn: ({ signal }) => getOverview(signal), refetchInterval: 60_000 });

export function useOverview() {
  return useQuery(overviewQueryOptions());
}
