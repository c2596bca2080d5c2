/** GET /v1/utilization/idle-now: running pods whose GPUs idle now, longest first. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { WindowQuery } from '../params';
import { utilizationKeys } from './keys';

/** "Right now" goes stale with the telemetry's 5-minute samples; a minute keeps it honest. */
const REFRESH_MS = 60_000;

export async function getIdleNow(query: WindowQuery, signal?: AbortSignal) {
  const { scope, scopeId, idleEngineActive } = query;
  return unwrap(await api.GET('/v1/utilization/idle-now', { params: { query: { scope, scopeId, idleEngineActive, limit: 10 } }, signal }));
}

export const idleNowQueryOptions = (query: WindowQuery) =>
  queryOptions({
    queryKey: utilizationKeys.idleNow({ scope: query.scope, scopeId: query.scopeId, idleEngineActive: query.idleEngineActive }),
    queryFn: ({ signal }) => getIdleNow(query, signal),
    refetchInterval: REFRESH_MS,
  });

export function useIdleNow(query: WindowQuery) {
  return useQuery(idleNowQueryOptions(query));
}
