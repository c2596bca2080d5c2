/** GET /v1/egress/meter: each project's egress this month, allowance left, projection and warning. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getEgressMeter(signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/egress/meter', { signal }));
}

export const egressMeterQueryOptions = () =>
  queryOptions({ queryKey: ['egress', 'meter'], queryFn: ({ signal }) => getEgressMeter(signal), refetchInterval: 60_000 });

export function useEgressMeter() {
  return useQuery(egressMeterQueryOptions());
}
